/**
 * Compile: a learner's TypeScript program, in, and the JavaScript module body a scheduler
 * loads, out — or the errors to underline in the editor.
 *
 * ```
 *   source.ts ─ transpile (sucrase) ─► js ─ parse (acorn) ─► check ─► instrument ─► code
 *                  syntax errors            syntax errors    rules
 * ```
 *
 * ```ts
 * const result = compile(`import { IO } from "beamlab";\nexport default () => IO.puts("hi");`);
 * if (result.ok) loadProgram(result.code, require, hooks);
 * else for (const e of result.errors) console.log(`${e.line}:${e.column} ${e.message}`);
 * ```
 *
 * Every stage keeps line numbers, so an error or a stack frame names the learner's line.
 * Runs in a browser Worker as well as in Node: no Node-only imports here.
 *
 * Mirrors `elixirc`: parse, check, and emit loadable code for one module.
 */
import { checkProgram } from "./check.ts";
import { fromParserError, type CompileResult } from "./errors.ts";
import { instrument } from "./instrument.ts";
import { parseScript, type Program } from "./parse.ts";
import { transpile } from "./transpile.ts";

/** Compiles one learner module to an instrumented CommonJS-style function body. */
export function compile(source: string, opts: { filename?: string } = {}): CompileResult {
  const transpiled = transpile(source, opts);
  if (!transpiled.ok) return transpiled;
  const js = transpiled.code;
  let ast: Program;
  try {
    ast = parseScript(js);
  } catch (e) {
    // Sucrase is lenient (`const x;`, duplicate `let`); acorn is not. The line is exact; the
    // column is the compiled line's, close to the source's.
    return { ok: false, errors: [fromParserError(e, js)] };
  }
  const errors = checkProgram(ast, js, source);
  if (errors.length > 0) return { ok: false, errors };
  try {
    return { ok: true, code: instrument(js, ast) };
  } catch (e) {
    // A compiler bug must reach the learner as an error, not as a dead editor.
    return { ok: false, errors: [{ line: 1, column: 1, message: `Internal compiler error: ${(e as Error)?.message ?? e}` }] };
  }
}
