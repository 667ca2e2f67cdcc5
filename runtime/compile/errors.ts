/**
 * Compile errors: what the editor underlines when a learner's program cannot run.
 *
 * Every position is 1-based and in the learner's TypeScript source, like the compiler
 * diagnostics of `elixirc` (`lib/foo.ex:7: ...`). Parsers report 0-based columns and
 * append `(line:col)` to their messages; `fromParserError` normalises both away.
 *
 * ```ts
 * fromParserError(new SyntaxError("Unexpected token (3:2)")) // { line: 3, column: 3, message: "Unexpected token" }
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
 * Turns an error thrown by sucrase's or acorn's parser into a `CompileError`. Both attach
 * `loc: { line, column }` (column 0-based) and end the message with `(line:column)`.
 */
export function fromParserError(e: unknown): CompileError {
  const err = e as { message?: unknown; loc?: { line?: unknown; column?: unknown } };
  const raw = typeof err?.message === "string" ? err.message : String(e);
  const suffix = POSITION_SUFFIX.exec(raw);
  const message = raw.replace(POSITION_SUFFIX, "");
  let line = 1;
  let column = 0;
  if (typeof err?.loc?.line === "number" && typeof err.loc.column === "number") {
    line = err.loc.line;
    column = err.loc.column;
  } else if (suffix) {
    line = Number(suffix[1]);
    column = Number(suffix[2]);
  }
  return { line, column: column + 1, message };
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
