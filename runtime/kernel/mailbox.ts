/**
 * A process's mailbox: a FIFO queue with selective receive.
 *
 *     head → [m1] → [m2] → [m3] → null
 *                    ▲ save pointer: messages up to here were already tested
 *
 * `take(pred)` removes and returns the oldest message that matches, leaving the rest in
 * order. A receive that blocks remembers where it stopped (`save`), so when new messages
 * arrive it tests only those, as the BEAM does. `mark()` returns a receive marker: a reply
 * known to arrive after the marker (a `GenServer.call` reply carries a fresh ref) is searched
 * from the marker, in O(1) behind any backlog.
 *
 *     const box = new Mailbox();
 *     box.push(["a", 1]); box.push(["b", 2]);
 *     box.take((m) => m[0] === "b", box.head);   // ["b", 2]; ["a", 1] stays
 *
 * Mirrors the BEAM's message queue with its save pointer and receive markers (OTP 24+).
 */

/** One queued message. `prev` is unused; nodes are singly linked from a sentinel head. */
export class MailNode {
  next: MailNode | null = null;
  /** Set when the node is removed, so stale save pointers and markers can tell. */
  removed = false;
  constructor(public msg: unknown) {}
}

/** Returned by `take` when nothing matches (messages may be `undefined`, so not undefined). */
export const NO_MATCH: unique symbol = Symbol("beamlab.no_match");

/** A singly linked FIFO with selective removal. */
export class Mailbox {
  /** Sentinel: the first message is `head.next`. A scan "from head" tests every message. */
  readonly head = new MailNode(undefined);
  tail: MailNode = this.head;
  length = 0;

  /** Append a message. */
  push(msg: unknown): void {
    const n = new MailNode(msg);
    this.tail.next = n;
    this.tail = n;
    this.length++;
  }

  /**
   * Remove and return the first message after node `from` that satisfies `pred`, or NO_MATCH.
   * `from` must be a node of this mailbox that was not removed (use `validFrom`).
   * When nothing matches, the returned `scanned` tail is where the next scan can resume.
   */
  take(pred: (m: unknown) => boolean, from: MailNode): unknown {
    let prev = from;
    let node = from.next;
    while (node !== null) {
      if (pred(node.msg)) {
        prev.next = node.next;
        if (this.tail === node) this.tail = prev;
        node.removed = true;
        this.length--;
        return node.msg;
      }
      prev = node;
      node = node.next;
    }
    return NO_MATCH;
  }

  /** A receive marker: the current tail. Messages pushed later come after it. */
  mark(): MailNode {
    return this.tail;
  }

  /** `from` if it is still in the queue, else the head (a full scan is always correct). */
  validFrom(from: MailNode): MailNode {
    return from.removed ? this.head : from;
  }

  /** The first `n` messages, oldest first (for Process.info and the observer). */
  peek(n: number): unknown[] {
    const out: unknown[] = [];
    for (let node = this.head.next; node !== null && out.length < n; node = node.next) out.push(node.msg);
    return out;
  }

  /** Drop every message (the process died). */
  clear(): void {
    this.head.next = null;
    this.tail = this.head;
    this.length = 0;
  }
}
