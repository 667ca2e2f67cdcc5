/**
 * Compile errors: what the editor underlines when a learner's program cannot run.
 *
 * Every position is 1-based and in the learner's TypeScript source, like the compiler
 * diagnostics of `elixirc` (`lib/foo.ex:7: ...`). Parsers append `(line:col)` to their
 * messages, in different bases; `fromParserError` recomputes the position from the offset.
 *
 * ```ts
 * fromParserError(acornError, "let a;\nlet a;") // { line: 2, column: 5, message: "Identifier 'a' has already been declared" }
 * ```
 */

/** One problem in the learner's source: 1-based line and column, and a sentence to show. */
export interface CompileError {
  line: number;
  column: number;
  message: string;
}

/** The outcome of `compile`: a CommonJS-style function body, or the reasons there is none. */
export type CompileResult = { ok: true; code: string } | { ok: false; errors: CompileError[] };

const POSITION_SUFFIX = /\s*\((\d+):(\d+)\)\s*$/;

/**
 * Turns an error thrown by sucrase's or acorn's parser while parsing `text` into a
 * `CompileError`. Both set `pos`, the 0-based offset of the problem, and end the message with
 * `(line:column)` — 1-based columns in sucrase, 0-based in acorn — so the position is computed
 * from `pos` and the suffix dropped.
 */
export function fromParserError(e: unknown, text: string): CompileError {
  const err = e as { message?: unknown; pos?: unknown };
  const raw = typeof err?.message === "string" ? err.message : String(e);
  const message = raw.replace(POSITION_SUFFIX, "");
  if (typeof err?.pos === "number") return { ...positionOf(text, err.pos), message };
  const suffix = POSITION_SUFFIX.exec(raw);
  return { line: suffix ? Number(suffix[1]) : 1, column: 1, message };
}

/** The 1-based line and column of a 0-based offset in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const line = lineOf(text, offset);
  let start = offset;
  while (start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
  return { line, column: offset - start + 1 };
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** The 1-based line of a 0-based offset in `text`, counting the line breaks JavaScript counts. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029) line++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) line++;
    }
  }
  return line;
}

/**
 * Best-effort column in the learner's source for something found in the compiled code: the
 * compiled line differs from the source line by erased types and inserted checks, so look
 * for `needle` on the source line; fall back to the compiled column.
 */
export function sourceColumn(source: string, line: number, needle: string, fallback: number): number {
  const text = source.split(/\r\n|[\n\r\u2028\u2029]/)[line - 1];
  if (text === undefined) return fallback;
  const at = text.indexOf(needle);
  if (at >= 0) return at + 1;
  return Math.min(fallback, text.length + 1);
}
