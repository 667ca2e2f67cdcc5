/**
 * Syntax highlighting for read-only listings (a lesson's Elixir twin and its solution): Monaco's
 * own tokenizers (the editor's TypeScript, Monaco's Elixir) cut the text into tokens, and this
 * file turns them into a few kinds the site colours itself (`.tok-keyword`, … in globals.css),
 * so the colours keep their contrast on the site's code background in both themes.
 *
 *     monaco.editor.tokenize(text, "elixir")  ──►  segmentLines(lines, tokens)
 *     [[{offset 0, "keyword.declaration.elixir"}, {offset 9, "white.elixir"}, …], …]
 *                                                  ──►  [[{ text: "defmodule", kind: "keyword" }, { text: " Fib do", … }], …]
 *
 * Adjacent tokens of one kind merge (a string's quotes and body are one segment), whitespace
 * joins the segment before it, and the segments of a line always add up to the line, so a
 * listing never loses a character.
 */

/** How a token is coloured; "plain" is the text colour. */
export type TokenKind = "keyword" | "string" | "comment" | "number" | "atom" | "type" | "regexp" | "plain";

/** A run of a line's text and how it is coloured. */
export interface Segment {
  text: string;
  kind: TokenKind;
}

/** A Monaco token: where it starts in its line and its type ("keyword.ts", "constant.elixir"). */
export interface LineToken {
  offset: number;
  type: string;
}

/** The kind of a Monaco token type, by its first part ("string.delimiter.elixir" → string). */
export function tokenKind(type: string): TokenKind {
  switch (type.split(".")[0]) {
    case "keyword":
      return "keyword";
    case "string":
    case "sigil":
      return "string";
    case "comment":
      return "comment";
    case "number":
      return "number";
    case "constant": // Elixir atoms (:ok) and their delimiters
      return "atom";
    case "type": // module names, TypeScript types
      return "type";
    case "regexp":
      return "regexp";
    default:
      return "plain";
  }
}

/** Cuts each line at its tokens' offsets into coloured segments (a line without tokens is plain). */
export function segmentLines(lines: string[], tokens: LineToken[][]): Segment[][] {
  return lines.map((line, i) => {
    const out: Segment[] = [];
    const toks = tokens[i] ?? [];
    const push = (text: string, kind: TokenKind) => {
      if (!text) return;
      const last = out[out.length - 1];
      // Whitespace joins the segment before it, so `"a" + "b"` needs no span per space.
      if (last && (last.kind === kind || (kind === "plain" && !text.trim()))) last.text += text;
      else out.push({ text, kind });
    };
    if (toks.length === 0 || toks[0]!.offset > 0) push(line.slice(0, toks[0]?.offset ?? line.length), "plain");
    toks.forEach((t, k) => push(line.slice(t.offset, toks[k + 1]?.offset ?? line.length), tokenKind(t.type)));
    return out;
  });
}
