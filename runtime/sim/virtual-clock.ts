/**
 * Virtual time: the clock of a deterministic run.
 *
 * It moves only two ways, both decided by the run itself, never by the machine:
 *
 *     work     every reduction the processes run costs REDUCTION_MS, every scheduling step STEP_MS
 *              (so a busy loop sees time pass, a sync runaway reaches its limit, slices end)
 *     jumps    when nothing can run, straight to the next timer (Process.sleep(1000) takes no real time)
 *
 *     const clock = new VirtualClock(() => work());
 *     clock.now();          // ms since the run started
 *     clock.jumpTo(1000);   // nothing to do until the timer at 1000 ms
 *
 * One clock for all the run's schedulers: their work adds up as if they shared one core,
 * so a deterministic run shows no parallel speed-up (the README says so).
 *
 * Mirrors the xstate SimulatedClock, and FoundationDB's simulated time.
 */
import type { Clock } from "../kernel/clock";

/** Virtual ms one reduction costs (about what a reduction of learner code costs in V8). */
export const REDUCTION_MS = 1e-5;
/** Virtual ms one scheduling step costs (a context switch, a message taken). */
export const STEP_MS = 5e-4;

/** See the file comment. */
export class VirtualClock implements Clock {
  private jumped = 0;

  /** `work()` says how much work was done so far, in virtual ms. */
  constructor(private readonly work: () => number) {}

  now(): number {
    return this.jumped + this.work();
  }

  /** Nothing can run before `t`: move there. */
  jumpTo(t: number): void {
    const now = this.now();
    if (t > now) this.jumped += t - now;
  }
}
