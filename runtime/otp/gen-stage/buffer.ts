/**
 * GenStage's buffers: a FIFO queue, and the producer's bounded event buffer. Internal module.
 *
 *     dispatcher has no demand ──leftover events──► [ buffer: size, keep ] ──take(n)──► dispatcher
 *                                                          │ full
 *                                                          └─► drop (keep "last": the oldest,
 *                                                                    keep "first": the newest)
 *
 *     const b = new EventBuffer(3);
 *     b.store([1, 2, 3, 4, 5], "last");   // 2 (discarded: 1 and 2)
 *     b.take(10);                         // [3, 4, 5]
 *
 * Mirrors gen_stage's GenStage.Buffer (`store_temporary`, `take_count_or_until_permanent`)
 * without its "permanent" entries, which only `sync_info`/`async_info` use (not in Beamlab).
 */

/** A FIFO queue on an array with a moving head (amortized O(1) push and shift). */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const x = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  /** Remove and return up to `n` of the oldest items, in order. */
  take(n: number): T[] {
    const k = Math.min(n, this.length);
    const out = this.items.slice(this.head, this.head + k);
    this.head += k;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Every item, oldest first (the queue is unchanged). */
  toArray(): T[] {
    return this.items.slice(this.head);
  }
}

/** Which events a full buffer keeps. */
export type BufferKeep = "first" | "last";

/** A producer's buffer of events nobody has asked for yet. */
export class EventBuffer<E = unknown> {
  private q = new Queue<E>();

  /** `size`: how many events it holds at most (Infinity: unbounded). */
  constructor(readonly size: number) {}

  /** How many events it holds. */
  get count(): number {
    return this.q.length;
  }

  /** Store `events`; returns how many events were discarded to stay within `size`. */
  store(events: readonly E[], keep: BufferKeep): number {
    let excess = 0;
    if (keep === "first") {
      for (const e of events) {
        if (this.q.length < this.size) this.q.push(e);
        else excess++;
      }
      return excess;
    }
    for (const e of events) {
      this.q.push(e);
      if (this.q.length > this.size) {
        this.q.shift();
        excess++;
      }
    }
    return excess;
  }

  /** Remove and return up to `n` of the oldest events. */
  take(n: number): E[] {
    return this.q.take(n);
  }
}
