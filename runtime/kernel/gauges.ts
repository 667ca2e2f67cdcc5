/**
 * Gauges: named numbers a process publishes about itself (a GenStage's buffered events and
 * outstanding demand, an ETS table's size), sampled with the stats and charted by the page.
 *
 *     GenStage producer ──read("buffer", () => buffer.count)──► gauges (per scheduler, per pid)
 *     ETS home replica ──read("ets:cache", () => size)─────────►     │
 *     stats sampler, 4 Hz ◄── each(pid, (name, value) => ...) ──────┘   cleared when the pid exits
 *
 * A gauge is either set (`set(pid, "queue", n)`, when the value changes) or read: a function
 * called only when a sample is taken, so a gauge costs nothing on the path it measures.
 *
 *     const g = gaugesOf(s);
 *     g.read(self, "buffer", () => stage.buffer.count);
 *     g.set(self, "jobs", 12);
 *     g.each(self, (name, value) => ...);        // "buffer" 3, "jobs" 12
 *
 * The BEAM has no such registry; observer and LiveDashboard read `:sys.get_state` or
 * `:ets.info(t, :size)` on demand, which is what a read gauge does.
 */
import { onSchedulerCreated } from "./current";
import type { Scheduler } from "./scheduler";
import type { Pid } from "./term";

type Gauge = number | (() => number);

/** One scheduler's gauges, by process. */
export class Gauges {
  private readonly byPid = new Map<Pid, Map<string, Gauge>>();

  constructor(s: Scheduler) {
    s.onProcessExit((pid) => void this.byPid.delete(pid));
  }

  /** Publish `value` as `pid`'s gauge `name`. */
  set(pid: Pid, name: string, value: number): void {
    this.of(pid).set(name, value);
  }

  /** Publish `pid`'s gauge `name` as `read()`, called only when a sample is taken. */
  read(pid: Pid, name: string, read: () => number): void {
    this.of(pid).set(name, read);
  }

  /** Stop publishing `pid`'s gauge `name` (a process's gauges also go when it exits). */
  remove(pid: Pid, name: string): void {
    const m = this.byPid.get(pid);
    if (m === undefined) return;
    m.delete(name);
    if (m.size === 0) this.byPid.delete(pid);
  }

  /** Does `pid` publish any gauge? */
  has(pid: Pid): boolean {
    return this.byPid.has(pid);
  }

  /** Every process that publishes gauges. */
  pids(): IterableIterator<Pid> {
    return this.byPid.keys();
  }

  /** Call `f` with each of `pid`'s gauges and its value now (a read gauge that throws is skipped). */
  each(pid: Pid, f: (name: string, value: number) => void): void {
    const m = this.byPid.get(pid);
    if (m === undefined) return;
    for (const [name, g] of m) {
      if (typeof g === "number") f(name, g);
      else {
        let v: number;
        try {
          v = g();
        } catch {
          continue;
        }
        if (Number.isFinite(v)) f(name, v);
      }
    }
  }

  private of(pid: Pid): Map<string, Gauge> {
    let m = this.byPid.get(pid);
    if (m === undefined) this.byPid.set(pid, (m = new Map()));
    return m;
  }
}

const gauges = new WeakMap<Scheduler, Gauges>();

/** Scheduler `s`'s gauges (made with the scheduler, so exits always clear them). */
export function gaugesOf(s: Scheduler): Gauges {
  let g = gauges.get(s);
  if (g === undefined) gauges.set(s, (g = new Gauges(s)));
  return g;
}

onSchedulerCreated((s) => void gaugesOf(s));
