/**
 * The compiler: learner TypeScript → an instrumented, loadable JavaScript module body, with
 * line numbers kept so errors and stack traces point at the learner's source.
 *
 * ```ts
 * import { compile, loadProgram, formatStackForLearner } from "../compile/index.ts";
 * const result = compile(source);
 * if (!result.ok) return showErrors(result.errors);        // [{ line, column, message }]
 * const exports = loadProgram(result.code, requireBeamlab, hooks);
 * ```
 *
 * Internal to the runtime: learners never import it.
 */
export { compile } from "./compile.ts";
export type { CompileError, CompileResult } from "./errors.ts";
export type { BlHooks } from "./hooks.ts";
export { formatStackForLearner, loadProgram, sourcePosition, type MakeFunction } from "./load.ts";
