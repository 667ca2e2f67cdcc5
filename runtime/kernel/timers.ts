/**
 * The timer heap: one per scheduler, not a setTimeout per receive.
 *
 * A binary min-heap ordered by deadline (then by insertion, so equal deadlines fire in order).
 * Cancelling is lazy: the entry is marked and skipped when it reaches the top. `receive ...
 * after`, `Process.sleep` and `Process.sendAfter` all land here; the scheduler arms a single
 * host timer for the earliest deadline.
 *
 *     const heap = new TimerHeap();
 *     const t = heap.add(150, () => console.log("fired"));
 *     heap.runDue(200);   // "fired"
 *
 * Mirrors the BEAM's per-scheduler timer wheel.
 */

/** A scheduled timer; also its handle for `cancel`. `fire` is null once fired or cancelled. */
export interface TimerEntry {
  readonly at: number;
  readonly seq: number;
  fire: ((arg: unknown) => void) | null;
  arg: unknown;
}
type Entry = TimerEntry;

/** A min-heap of deadlines with lazy cancellation. */
export class TimerHeap {
  private heap: Entry[] = [];
  private seq = 0;
  private live = 0;

  /** Number of live (not cancelled, not fired) timers. */
  get size(): number {
    return this.live;
  }

  /** Schedule `fire(arg)` at absolute time `at`; returns the timer, the handle for `cancel`. */
  add(at: number, fire: (arg: unknown) => void, arg?: unknown): TimerEntry {
    const e: Entry = { at, seq: ++this.seq, fire, arg };
    this.live++;
    this.heap.push(e);
    this.up(this.heap.length - 1);
    return e;
  }

  /** Cancel a timer; returns its deadline, or undefined when it already fired or was cancelled. */
  cancel(e: TimerEntry): number | undefined {
    if (e.fire === null) return undefined;
    this.live--;
    e.fire = null;
    e.arg = undefined;
    // Most timers are cancelled (a call's timeout, a receive's after): drop the dead entries
    // once they are most of the heap, or 200k calls with a 5 s timeout keep 200k of them.
    if (this.heap.length > 64 && this.live * 2 < this.heap.length) this.compact();
    return e.at;
  }

  /** Rebuild the heap from the live entries only. */
  private compact(): void {
    this.heap = this.heap.filter((e) => e.fire !== null);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Deadline of the earliest live timer, or undefined. */
  nextDeadline(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Fire every timer due at or before `now`, earliest first; returns how many fired. */
  runDue(now: number): number {
    let n = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > now) return n;
      this.pop();
      this.live--;
      const fire = top.fire!;
      const arg = top.arg;
      top.fire = null;
      top.arg = undefined;
      fire(arg);
      n++;
    }
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].fire === null) this.pop();
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) return;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
