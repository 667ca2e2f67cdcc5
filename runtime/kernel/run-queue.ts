/**
 * A FIFO of runnable processes: an array with a moving head, compacted now and then.
 * Stale entries (a process that died while queued) are skipped by the scheduler, not
 * searched for and removed here.
 */
export class RunQueue<T> {
  private items: T[] = [];
  private head = 0;

  /** Number of queued entries (stale ones included). */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Add to the back. */
  push(x: T): void {
    this.items.push(x);
  }

  /** Take from the front, or undefined. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head];
    (this.items as unknown[])[this.head] = undefined;
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  /** Take the entry `i` places from the front (a simulation's choice); `take(0)` is `shift()`. */
  take(i: number): T | undefined {
    if (i <= 0 || this.head + i >= this.items.length) return this.shift();
    return this.items.splice(this.head + i, 1)[0];
  }

  /** Put back at the front (a slice ended before it ran). */
  unshift(x: T): void {
    if (this.head > 0) this.items[--this.head] = x;
    else this.items.unshift(x);
  }
}
