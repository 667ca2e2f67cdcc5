/**
 * The event loop of a deterministic run: every macrotask, timer and cross-scheduler batch of
 * every scheduler waits in one place, and the seed says which goes next.
 *
 *     lane k            scheduler k's own macrotasks (its slices), FIFO
 *     lane n+i·n+j      batches from scheduler i to scheduler j, FIFO (the BEAM keeps the
 *                       order between two processes; any delay between them is allowed)
 *     timers            by virtual deadline; due ones join their scheduler's lane
 *
 *     const loop = new SimLoop(2, clock);
 *     new Scheduler({ loop: loop.of(0), clock, ... });
 *     loop.ready();              // ids of the lanes with work, ascending
 *     loop.take(lane)();         // run the next task of a lane
 *
 * Internal to the simulation.
 */
import type { Loop } from "../kernel/clock";
import type { VirtualClock } from "./virtual-clock";

interface SimTimer {
  at: number;
  seq: number;
  lane: number;
  cb: () => void;
}

/** Lanes of tasks and virtual timers; see the file comment. */
export class SimLoop {
  private readonly lanes: Array<Array<() => void>>;
  private readonly timers = new Map<number, SimTimer>();
  private nextTimer = 1;

  constructor(
    readonly schedulers: number,
    private readonly clock: VirtualClock,
  ) {
    this.lanes = Array.from({ length: schedulers + schedulers * schedulers }, () => []);
  }

  /** Scheduler `k`'s Loop. */
  of(k: number): Loop {
    return {
      macrotask: (cb) => void this.lanes[k].push(cb),
      timer: (ms, cb) => {
        const id = this.nextTimer++;
        this.timers.set(id, { at: this.clock.now() + Math.max(0, ms), seq: id, lane: k, cb });
        return id;
      },
      cancel: (h) => void this.timers.delete(h as number),
    };
  }

  /** Queue a batch from scheduler `from` to scheduler `to` (its lane keeps their order). */
  cross(from: number, to: number, task: () => void): void {
    this.lanes[this.schedulers + from * this.schedulers + to].push(task);
  }

  /** Queue `task` on scheduler `k`'s lane (a host's question answered, a fault). */
  post(k: number, task: () => void): void {
    this.lanes[k].push(task);
  }

  /** Move the timers due by now onto their lanes, in deadline order. */
  releaseDue(): void {
    if (this.timers.size === 0) return;
    const now = this.clock.now();
    const due: SimTimer[] = [];
    for (const [id, t] of this.timers) {
      if (t.at <= now) {
        due.push(t);
        this.timers.delete(id);
      }
    }
    due.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const t of due) this.lanes[t.lane].push(t.cb);
  }

  /** The earliest timer's deadline, if any. */
  nextDeadline(): number | undefined {
    let at: number | undefined;
    for (const t of this.timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  /** Ids of the lanes with work, ascending. */
  ready(): number[] {
    const ids: number[] = [];
    for (let i = 0; i < this.lanes.length; i++) if (this.lanes[i].length > 0) ids.push(i);
    return ids;
  }

  /** Take the next task of `lane`. */
  take(lane: number): () => void {
    return this.lanes[lane].shift()!;
  }

  /** Pending timers. */
  get timerCount(): number {
    return this.timers.size;
  }
}
