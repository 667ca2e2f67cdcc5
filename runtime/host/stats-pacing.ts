/**
 * When a scheduler's stats are sampled: at the stats rate (4 a second on the page), and soon
 * after a process starts or exits — at most one extra frame per `gapMs` — and once more at
 * the end of the run, so a run of 50 ms still sends the frames its charts and lanes are drawn
 * from instead of ending before the first periodic one.
 *
 *     spawn / exit ──changed()──► a frame within gapMs (one for a burst of them)
 *     every 1/statsHz ──now()───► a frame            run ends ──now()──► the last frame
 *
 *     const pacer = new StatsPacer(() => post(sampler.sample()), () => 20);
 *     setInterval(() => pacer.now(), 250);
 *     pacer.changed();   // a process started: a frame follows within 20 ms
 *
 * observer_backend samples on a timer only; this is the page's addition for short runs.
 */

/** The timers a pacer uses (injected in tests). */
export interface PacerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: PacerTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Paces one scheduler's stats frames: periodic, after lifecycle changes, and at the end. */
export class StatsPacer {
  private last = -Infinity;
  private pending: unknown = null;

  constructor(
    private readonly sample: () => void,
    /** The least time between a frame and one taken for a lifecycle change (ms; may depend on the process count). */
    private readonly gapMs: () => number,
    private readonly timers: PacerTimers = realTimers,
  ) {}

  /** A process started or exited: take a frame soon (one for a whole burst of changes). */
  changed(): void {
    if (this.pending !== null) return;
    const wait = Math.max(0, this.last + this.gapMs() - this.timers.now());
    this.pending = this.timers.setTimeout(() => {
      this.pending = null;
      this.now();
    }, wait);
  }

  /** Take a frame now (the periodic tick, the end of the run); a pending one is no longer needed. */
  now(): void {
    if (this.pending !== null) this.timers.clearTimeout(this.pending);
    this.pending = null;
    this.last = this.timers.now();
    this.sample();
  }
}
