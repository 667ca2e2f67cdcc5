/**
 * The timer heap: one per scheduler, not a setTimeout per receive.
 *
 * A binary min-heap ordered by deadline (then by insertion, so equal deadlines fire in order).
 * Cancelling is lazy: the entry is marked and skipped when it reaches the top. `receive ...
 * after`, `Process.sleep` and `Process.sendAfter` all land here; the scheduler arms a single
 * host timer for the earliest deadline.
 *
 *     const heap = new TimerHeap();
 *     const id = heap.add(150, () => console.log("fired"));
 *     heap.runDue(200);   // "fired"
 *
 * Mirrors the BEAM's per-scheduler timer wheel.
 */

interface Entry {
  at: number;
  seq: number;
  fire: (() => void) | null;
}

/** A min-heap of deadlines with lazy cancellation. */
export class TimerHeap {
  private heap: Entry[] = [];
  private byId = new Map<number, Entry>();
  private seq = 0;

  /** Number of live (not cancelled, not fired) timers. */
  get size(): number {
    return this.byId.size;
  }

  /** Schedule `fire` at absolute time `at`; returns an id for `cancel`. */
  add(at: number, fire: () => void): number {
    const e: Entry = { at, seq: ++this.seq, fire };
    this.byId.set(e.seq, e);
    this.heap.push(e);
    this.up(this.heap.length - 1);
    return e.seq;
  }

  /** Cancel a timer; returns its deadline, or undefined when it already fired or was cancelled. */
  cancel(id: number): number | undefined {
    const e = this.byId.get(id);
    if (!e) return undefined;
    this.byId.delete(id);
    e.fire = null;
    return e.at;
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
      this.byId.delete(top.seq);
      const fire = top.fire!;
      top.fire = null;
      fire();
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
