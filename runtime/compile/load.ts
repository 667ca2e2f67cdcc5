/**
 * Load: runs a compiled program's module body and maps its stack traces back to the
 * learner's source.
 *
 * ```ts
 * const result = compile(source);
 * if (result.ok) {
 *   const exports = loadProgram(result.code, (id) => runtime, hooks);
 *   const main = exports.default ?? exports.main;
 * }
 * // later, in a crash report:
 * sourcePosition(err.stack)          // { line: 7, column: 11 } in the learner's program.ts
 * formatStackForLearner(err.stack)   // "Error: boom\n    at fib (program.ts:7:11)\n ..."
 * ```
 *
 * The body runs as `new Function("require", "exports", "module", "__bl", "setTimeout",
 * "setInterval", "setImmediate", "close", body)`, named `beamlab-program.js` by a `//# sourceURL` comment
 * so that its frames are easy to find. Every engine builds that function's source as the
 * ECMAScript spec says (CreateDynamicFunction):
 *
 * ```
 *   line 1  function anonymous(require,exports,module,__bl,setTimeout,setInterval,setImmediate,close
 *   line 2  ) {
 *   line 3  "use strict";{<line 1 of the body>   ← so a frame's line minus 2 is the learner's line
 * ```
 *
 * The program's `setTimeout`, `setInterval` and `setImmediate` are those parameters: functions
 * that throw a clear error pointing at `Process.sendAfter`. A timer's callback would run outside
 * any process: never preempted, never killed with the process that set it, outliving it; and a
 * Web Worker's `close()` would silently stop the scheduler (the page saw only a stuck worker).
 * The body sits in a block, so a program may still declare its own `setTimeout`.
 *
 * Checked in Node 20 (V8 11.3) and Chromium 156: a throw on body line 3 reports line 5, and
 * columns are unchanged. Lines are exact (transpile and instrument preserve them); columns are
 * those of the compiled line, which drift from the source on lines where types were erased or
 * checks inserted.
 *
 * Mirrors how the BEAM loads a module's code and reports `file:line` in stack traces.
 */
import type { BlHooks } from "./hooks.ts";

/** The file name the program's frames carry in stack traces. */
export const PROGRAM_URL = "beamlab-program.js";
/** The file name shown to the learner in place of `PROGRAM_URL`. */
export const LEARNER_FILE = "program.ts";
/** Lines `new Function` puts before the body: `function anonymous(params` and `) {`. */
export const FUNCTION_HEADER_LINES = 2;

/**
 * Evaluates the compiled module body `code` and returns its `module.exports` (the default
 * export is `exports.default`, named exports are `exports.name`). `requireFn` answers its
 * `require("beamlab")`; `bl` is the scheduler's reduction hooks; `globals` are names the
 * program sees in place of the real globals (a deterministic run's virtual clock and random).
 */
export function loadProgram(
  code: string,
  requireFn: (id: string) => unknown,
  bl: BlHooks,
  globals: Record<string, unknown> = {},
  makeFunction: MakeFunction = (params, body) => new Function(...params, body) as (...args: unknown[]) => unknown,
): Record<string, unknown> {
  const module: { exports: Record<string, unknown> } = { exports: {} };
  // `globals` (a deterministic run's virtual Date, Math, performance) and the refused globals
  // shadow the real ones as parameters: still two header lines, so line numbers are unchanged.
  const all: Record<string, unknown> = { ...refusedGlobals(), ...globals };
  const names = Object.keys(all);
  const body = makeFunction(["require", "exports", "module", "__bl", ...names], `"use strict";{${code}\n}\n//# sourceURL=${PROGRAM_URL}`);
  body(requireFn, module.exports, module, bl, ...names.map((n) => all[n]));
  return module.exports;
}

/**
 * How loadProgram makes the program's function: `new Function` unless the host says otherwise
 * (the runner's sandbox has no code generation from strings and passes vm.compileFunction).
 * It must number lines as `new Function` does: the body's line 1 is line 3.
 */
export type MakeFunction = (params: string[], body: string) => (...args: unknown[]) => unknown;

/**
 * Globals a program does not get: timers (a callback would run outside any process) and the
 * worker's `close` (it would stop the scheduler and every process on it).
 */
export const REFUSED_GLOBALS = ["setTimeout", "setInterval", "setImmediate", "close"] as const;

function refusedGlobals(): Record<string, unknown> {
  return Object.fromEntries(REFUSED_GLOBALS.map((n) => [n, refused(n)]));
}

/** What a program's `setTimeout` (etc.) is: a function that says what to use instead. */
function refused(name: string): () => never {
  const why =
    name === "close"
      ? "it would stop this scheduler's worker and every process on it; return from main to end the run, or exit(reason) to end a process"
      : "its callback would run outside any process (never preempted, not stopped when its process exits). " +
        "Use Process.sendAfter(self(), msg, ms) and receive the message, or await Process.sleep(ms)";
  return () => {
    throw new Error(`${name} is not available in Beamlab programs: ${why}`);
  };
}

const PROGRAM_POSITION = new RegExp(`${escapeRegExp(PROGRAM_URL)}:(\\d+):(\\d+)`);
const PROGRAM_POSITION_ALL = new RegExp(PROGRAM_POSITION.source, "g");

/** The learner-source position of the first program frame in `stack`, if there is one. */
export function sourcePosition(stack: string | undefined): { line: number; column: number } | undefined {
  if (!stack) return undefined;
  for (const frame of stack.split("\n")) {
    const match = PROGRAM_POSITION.exec(frame);
    if (match) return toSource(Number(match[1]), Number(match[2]));
  }
  return undefined;
}

/**
 * The stack as a learner should read it: the message, then only the program's frames, as
 * `program.ts:LINE:COL`, with frames of built-ins (`Array.map`, `JSON.parse`) kept when a
 * program frame follows them. Runtime and host frames are dropped.
 */
export function formatStackForLearner(stack: string | undefined): string {
  if (!stack) return "";
  const lines = stack.split("\n");
  const isFrame = (line: string) => /^\s+at\s/.test(line) || /^[^\s]*@.*:\d+:\d+$/.test(line);
  const isProgram = (line: string) => PROGRAM_POSITION.test(line);
  const isBuiltin = (line: string) => /\(<anonymous>\)|\(native\)|\[native code\]/.test(line);
  let lastProgram = -1;
  lines.forEach((line, i) => {
    if (isFrame(line) && isProgram(line)) lastProgram = i;
  });
  const kept: string[] = [];
  lines.forEach((line, i) => {
    if (!isFrame(line)) {
      kept.push(line);
    } else if (isProgram(line)) {
      kept.push(
        line
          // V8 names an anonymous function in a `new Function` body "eval": not what it is.
          .replace(/^(\s+at )eval \(/, "$1<anonymous> (")
          .replace(PROGRAM_POSITION_ALL, (_, l: string, c: string) => {
            const pos = toSource(Number(l), Number(c));
            return `${LEARNER_FILE}:${pos.line}:${pos.column}`;
          }),
      );
    } else if (i < lastProgram && isBuiltin(line)) {
      kept.push(line);
    }
  });
  return kept.join("\n");
}

function toSource(line: number, column: number): { line: number; column: number } {
  return { line: Math.max(1, line - FUNCTION_HEADER_LINES), column };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
