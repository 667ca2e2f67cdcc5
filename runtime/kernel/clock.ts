/**
 * Time, passed in.
 *
 * A scheduler never reads the wall clock or arms a host timer directly: it asks its `Clock`
 * for the time and its `Loop` for macrotasks and wake-up timers. Production uses
 * `systemClock` + `hostLoop`; tests use `ManualClock` + `ManualLoop` and advance time instead
 * of sleeping (the xstate SimulatedClock idea).
 *
 *     const clock = new ManualClock();
 *     const loop = new ManualLoop(clock);
 *     const s = new Scheduler({ clock, loop });
 *     clock.advance(100); await loop.drain();   // timers due by t=100 fire
 */

/** Where a scheduler reads the time, in milliseconds (monotonic). */
export interface Clock {
  now(): number;
}

/** How a scheduler gets back onto the host's event loop. */
export interface Loop {
  /** Run `cb` as a macrotask: after pending microtasks and pending I/O (never setTimeout(0)). */
  macrotask(cb: () => void): void;
  /** Run `cb` after `ms`; returns a handle for `cancel`. Only a wake-up: the scheduler re-reads the clock. */
  timer(ms: number, cb: () => void): unknown;
  /** Cancel a `timer`. */
  cancel(handle: unknown): void;
}

/** The real monotonic clock. */
export const systemClock: Clock = { now: () => performance.now() };

/** A macrotask queue on the host: setImmediate on Node, a MessageChannel in browsers and workers. */
export function hostLoop(): Loop {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  let macrotask: (cb: () => void) => void;
  if (typeof g.setImmediate === "function") {
    const setImmediate = g.setImmediate;
    macrotask = (cb) => void setImmediate(cb);
  } else {
    const queue: Array<() => void> = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    macrotask = (cb) => {
      queue.push(cb);
      channel.port2.postMessage(0);
    };
  }
  return {
    macrotask,
    timer: (ms, cb) => setTimeout(cb, ms),
    cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private t = 0;
  /** The current manual time. */
  now(): number {
    return this.t;
  }
  /** Move time forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A loop whose macrotasks and timers run only when a test drains it; timers follow a ManualClock. */
export class ManualLoop implements Loop {
  private tasks: Array<() => void> = [];
  private timers = new Map<number, { at: number; cb: () => void }>();
  private nextId = 1;
  constructor(private readonly clock: ManualClock) {}

  macrotask(cb: () => void): void {
    this.tasks.push(cb);
  }
  timer(ms: number, cb: () => void): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.clock.now() + ms, cb });
    return id;
  }
  cancel(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Run macrotasks (and timers now due) until none are left, letting microtasks settle between. */
  async drain(maxTasks = 1_000_000): Promise<void> {
    for (let n = 0; n < maxTasks; n++) {
      await settle();
      for (const [id, t] of this.timers) {
        if (t.at <= this.clock.now()) {
          this.timers.delete(id);
          this.tasks.push(t.cb);
        }
      }
      const task = this.tasks.shift();
      if (!task) return;
      task();
    }
    throw new Error("ManualLoop.drain: too many macrotasks (a runaway program?)");
  }

  /** Advance the clock by `ms` in steps of `step`, draining after each step. */
  async advance(ms: number, step = 1): Promise<void> {
    for (let left = ms; left > 0; left -= step) {
      this.clock.advance(Math.min(step, left));
      await this.drain();
    }
  }
}

/** Let all queued microtasks run: a real host macrotask runs only once they have drained. */
function settle(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
