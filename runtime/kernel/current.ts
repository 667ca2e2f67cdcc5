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
