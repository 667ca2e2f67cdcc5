/**
 * Preemption: how a running process is made to give the scheduler back.
 *
 *     compiled learner code counts reductions at loop back-edges and function entries (compile/instrument.ts)
 *       async code, budget spent ─► __bl.y() ─► back of the run queue: a real context switch
 *       sync code, budget spent  ─► __bl.s() ─► counted; after syncLimitMs of it, killed with a clear reason
 *       awaiting a foreign promise (setTimeout, fetch) ─► the slice cannot end ─► stuckCheck ends the process
 *
 *     for (;;) { n++; }        // async function: preempted every 4000 reductions, others keep running
 *
 * A killed process's code may still be on the stack: `unwinding` makes every later hook throw
 * again, so a `catch` or `finally` in learner code cannot swallow the kill. Code that never
 * reaches a hook at all is the host's watchdog's job (host/run-monitor.ts).
 *
 * Mirrors the BEAM's reduction counting and CONTEXT_REDS (erl_vm.h, erl_process.c).
 */
import { exitProcess } from "./exit";
import type { Scheduler } from "./scheduler";
import { Kill } from "./term";

/** `__bl.y()`: budget spent in async code; back of the run queue. */
export function yieldCurrent(s: Scheduler): Promise<void> {
  const p = s.current;
  if (p === null || s.unwinding) throw new Kill("killed");
  s.longStep = true;
  p.status = "runnable";
  s.runQueue.push(p);
  return s.suspend(p) as Promise<void>;
}

/** `__bl.s()`: budget spent in sync code; kill a runaway. */
export function syncCheck(s: Scheduler): void {
  if (s.unwinding) {
    s.bl.r = 0; // every later check throws again, so a `finally` cannot swallow the kill
    throw new Kill("killed");
  }
  const p = s.current;
  const used = s.budget - s.bl.r;
  s.bl.r = s.budget;
  if (p === null) return;
  p.reductions += used;
  s.totalReductions += used;
  const ran = s.clock.now() - p.runStart;
  if (ran > s.syncLimitMs) {
    const reason = [
      "error",
      `killed: ran ${Math.round(ran)} ms of synchronous code without yielding. ` +
        "Sync code cannot be preempted: make the looping function async (its loops then yield), " +
        "or split the work into messages.",
      (s.opts.mapStack ?? String)(new Error().stack ?? ""),
    ];
    exitProcess(s, p, reason, true);
    s.bl.r = 0;
    throw new Kill(reason);
  }
}

/**
 * Runs after the slice's microtasks drain. If the slice is still open, the current process
 * is waiting on a promise that does not come from Beamlab (setTimeout, fetch...), which the
 * scheduler cannot see: end it with a clear reason and go on.
 */
export function stuckCheck(s: Scheduler, seq: number): void {
  if (!s.inSlice || seq !== s.sliceSeq) return;
  const p = s.current;
  if (p !== null) {
    exitProcess(
      s,
      p,
      [
        "error",
        "this process awaited a promise that does not come from beamlab (setTimeout, fetch, a bare Promise?). " +
          "Processes may only wait in receive, Process.sleep or other beamlab calls.",
        "",
      ],
      true,
    );
  } else {
    s.next();
  }
}
