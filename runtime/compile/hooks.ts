/**
 * Hooks: the four names the instrumented program calls on the runtime, through one free
 * variable, `__bl`. They are how a compiled program gives the scheduler a chance to preempt it.
 *
 * ```
 *   learner code                      instrumented code
 *   async function loop() {           async function loop() {if (--__bl.r < 0) await __bl.y();
 *     while (true) { n++; }             while (true) {if (--__bl.r < 0) await __bl.y(); n++; }
 *   }                                 }
 * ```
 *
 * - `r`   the reductions left in this slice; every function entry and loop iteration costs 1.
 * - `y()` (async code) the budget ran out: await the scheduler, which resumes the process
 *         later with a fresh budget — a real context switch, like the BEAM's.
 * - `s()` (sync code) the budget ran out but a sync frame cannot be suspended: refill the
 *         budget and check the wall clock; throw a kill when the process has run too long.
 * - `k(e)` the first call of every `catch` block: rethrow `e` when it is a kill, so learner
 *         code cannot swallow one.
 *
 * It mirrors the BEAM's reduction counting (CONTEXT_REDS = 4000 per slice). Once a process
 * is killed, the runtime should keep `r` at or below 0 so that every later check throws again:
 * a `finally { return }` can swallow one throw, never the next check.
 */

/** What the runtime passes as `__bl` to a loaded program. */
export interface BlHooks {
  /** Reductions left in the current slice; the program decrements it. */
  r: number;
  /** Async code ran out of reductions: resolve when the scheduler resumes this process. */
  y(): Promise<void>;
  /** Sync code ran out of reductions: refill, or throw a kill after too long without yielding. */
  s(): void;
  /** Rethrow `e` when it is a kill; otherwise return so the catch block runs. */
  k(e: unknown): void;
}

/** The free variable the instrumented code refers to. */
export const HOOKS_VAR = "__bl";
/** The binding the compiler gives a `catch` that has none, or whose parameter is a pattern. */
export const CATCH_VAR = "__blE";

/** Statement form of the check, for sync code (functions, loops, top level). */
export const SYNC_CHECK = "if (--__bl.r < 0) __bl.s();";
/** Statement form of the check, for async code: a real yield point. */
export const ASYNC_CHECK = "if (--__bl.r < 0) await __bl.y();";
/** Expression form (for `x => expr` bodies), sync. Followed by `, expr`. */
export const SYNC_CHECK_EXPR = "--__bl.r < 0 && __bl.s()";
/** Expression form (for `async x => expr` bodies), async. Followed by `, expr`. */
export const ASYNC_CHECK_EXPR = "--__bl.r < 0 && await __bl.y()";

/** The statement that opens every rewritten `catch` block, given the caught value's name. */
export function killCheck(name: string): string {
  return `__bl.k(${name});`;
}
