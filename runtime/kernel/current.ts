/**
 * The scheduler whose slice is running on this thread.
 *
 * Learner-facing functions (`spawn`, `send`, `receive`, ...) find their scheduler here. A
 * worker has one scheduler; tests may run several in one thread, and each sets itself
 * active at the start of its slice (slices never interleave: a slice is one unbroken chain
 * of microtasks started from a macrotask).
 */
import type { Scheduler } from "./scheduler";

let active: Scheduler | null = null;

/** Make `s` the scheduler that API calls on this thread talk to. */
export function setActive(s: Scheduler | null): void {
  active = s;
}

/** The active scheduler; throws a clear error outside a Beamlab run. */
export function activeScheduler(): Scheduler {
  if (active === null) throw new Error("beamlab: no scheduler is running on this thread (call this from a Beamlab process)");
  return active;
}

// ─── Scheduler-created hooks (for runtime extensions) ─────────────────────────

const created: Array<(s: Scheduler) => void> = [];

/**
 * Run `fn` on every scheduler constructed from now on, at the end of its constructor.
 *
 * For runtime extensions that keep per-scheduler state (ETS replicas, Registry): they must
 * install their `onExt` handlers on EVERY scheduler before any ext signal can arrive there,
 * not lazily on first use (a replica that was never used still receives writes). Register at
 * module load: hosts import the whole runtime (runtime/index.ts) before making schedulers.
 */
export function onSchedulerCreated(fn: (s: Scheduler) => void): void {
  created.push(fn);
}

/** Called by Scheduler's constructor. Internal. */
export function schedulerCreated(s: Scheduler): void {
  for (const fn of created) fn(s);
}
