"use client";
/**
 * A read-only, syntax-highlighted listing (a lesson's Elixir twin, its solution): the plain
 * text renders at once, then Monaco's tokenizer for the language (from the local package,
 * loaded client-only as the editor is) colours it in place. The box scrolls inside itself and
 * takes keyboard focus, so a keyboard user can scroll it with the arrow keys.
 *
 *   <HighlightedCode code={lesson.elixir} language="elixir" data-testid="elixir-code" />
 *
 * `data-highlighted="true"` once coloured; the text content is always exactly `code`.
 */
import { Fragment, useEffect, useState } from "react";
import { loadMonaco } from "../monaco/loadMonaco";
import { segmentLines, type Segment } from "./codeTokens";

interface Props {
  code: string;
  /** A Monaco language id: "typescript", "elixir". */
  language: string;
  className?: string;
  "data-testid"?: string;
}

/** Tokenizes `code` with Monaco's tokenizer for `language` (loading it first). */
async function highlight(code: string, language: string): Promise<Segment[][]> {
  const monaco = await loadMonaco();
  // colorize waits until the language's tokenizer has loaded; tokenize alone would not.
  await monaco.editor.colorize("", language, {});
  const lines = code.split(/\r?\n/);
  return segmentLines(lines, monaco.editor.tokenize(code, language));
}

export function HighlightedCode({ code, language, className = "", "data-testid": testId }: Props) {
  const [lines, setLines] = useState<Segment[][] | null>(null);

  useEffect(() => {
    let live = true;
    setLines(null);
    highlight(code, language).then(
      (l) => live && setLines(l),
      () => undefined, // Monaco failed to load: the plain text stays.
    );
    return () => {
      live = false;
    };
  }, [code, language]);

  return (
    <pre tabIndex={0} data-testid={testId} data-highlighted={lines ? "true" : "false"} className={`code-block overflow-auto ${className}`}>
      <code>
        {lines
          ? lines.map((line, i) => (
              <Fragment key={i}>
                {line.map((s, j) =>
                  s.kind === "plain" ? (
                    <Fragment key={j}>{s.text}</Fragment>
                  ) : (
                    <span key={j} className={`tok-${s.kind}`}>
                      {s.text}
                    </span>
                  ),
                )}
                {i < lines.length - 1 ? "\n" : null}
              </Fragment>
            ))
          : code}
      </code>
    </pre>
  );
}
