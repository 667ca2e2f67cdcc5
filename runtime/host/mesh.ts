/**
 * The mesh: how schedulers on different workers talk, never through the page.
 *
 *     worker 0 ═══ MessageChannel ═══ worker 1
 *        ╚════════ MessageChannel ═══ worker 2 ...      (one channel per pair)
 *
 * A send to another scheduler lands in that destination's outbox; the outbox is posted as
 * one batch when the slice ends, or as soon as it holds `batchSize` signals. One
 * postMessage per message moves ≈ 0.64 M msg/s; batches of 256 move ≈ 4 M msg/s, and
 * flushing at the end of each slice adds no latency beyond the slice.
 *
 *     const mesh = new Mesh(index, count, (batch) => scheduler.deliverItems(batch.items, batch.count));
 *     mesh.connect(k, port);
 *     mesh.sendMsg(k, to, msg);   // later: mesh.flush()
 *
 * Messages are packed as `to, msg` pairs in the batch (see `Batch` in protocol.ts). A port is
 * any `Endpoint`: a browser's MessagePort and Node's both are one.
 *
 * Order between two schedulers is kept: a channel is FIFO and batches are posted in order.
 *
 * The kernel lets only plain data onto the mesh (a message with a function in it is an error
 * at the `send`), but should a batch still fail to clone, only what cannot be cloned is
 * dropped, reported through `onUndeliverable`; the rest of the batch goes on, and the flush
 * never throws into the scheduler's slice.
 */
import type { Signal } from "../kernel/protocol";
import type { Batch, Endpoint } from "./protocol";

/** Per-destination outboxes over one port per peer. */
export class Mesh {
  private ports: Array<Endpoint | undefined>;
  private outboxes: unknown[][];
  private counts: number[];
  /** Signals posted and received, for telling when a run is over. */
  posted = 0;
  /** Told about an item dropped because it could not be cloned (`what`: "a message for #PID<0.4.1>"). */
  onUndeliverable: ((what: string, error: unknown) => void) | null = null;

  constructor(
    readonly index: number,
    readonly count: number,
    private readonly onBatch: (b: Batch) => void,
    private readonly load: () => number = () => 0,
    private readonly batchSize = 256,
  ) {
    this.ports = new Array(count).fill(undefined);
    this.outboxes = Array.from({ length: count }, () => []);
    this.counts = new Array(count).fill(0);
  }

  /** Use `port` to reach scheduler `k` (replacing any earlier port). */
  connect(k: number, port: Endpoint): void {
    this.ports[k]?.close?.();
    this.ports[k] = port;
    port.addEventListener("message", (e) => this.onBatch(e.data as Batch));
    port.start?.();
  }

  /** Queue a signal for scheduler `dest`. */
  send(dest: number, sig: Signal): void {
    if (sig.t === "msg") return this.sendMsg(dest, sig.to, sig.msg);
    this.outboxes[dest].push(sig);
    if (++this.counts[dest] >= this.batchSize) this.flushTo(dest);
  }

  /** Queue message `msg` for process `to` on scheduler `dest` (packed as two entries). */
  sendMsg(dest: number, to: string, msg: unknown): void {
    const box = this.outboxes[dest];
    box.push(to, msg);
    if (++this.counts[dest] >= this.batchSize) this.flushTo(dest);
  }

  /** Post every non-empty outbox. */
  flush(): void {
    for (let k = 0; k < this.count; k++) if (this.outboxes[k].length > 0) this.flushTo(k);
  }

  private flushTo(k: number): void {
    const items = this.outboxes[k];
    const count = this.counts[k];
    this.outboxes[k] = [];
    this.counts[k] = 0;
    const port = this.ports[k];
    if (port === undefined) return; // the peer is being restarted: its processes are gone
    this.posted += count;
    const batch: Batch = { from: this.index, load: this.load(), count, items };
    try {
      port.postMessage(batch);
    } catch (e) {
      this.postSalvaged(port, batch, e);
    }
  }

  /** A batch that failed to clone: post it without the items that cannot be cloned, reporting each. */
  private postSalvaged(port: Endpoint, batch: Batch, error: unknown): void {
    const kept: unknown[] = [];
    let count = 0;
    const { items } = batch;
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      const msg = typeof x === "string";
      const entry = msg ? [x, items[++i]] : [x];
      try {
        structuredClone(entry);
      } catch (e) {
        this.onUndeliverable?.(msg ? `a message for ${x}` : `a signal (${(x as Signal).t})`, e);
        continue;
      }
      kept.push(...entry);
      count++;
    }
    this.posted -= batch.count - count;
    try {
      port.postMessage({ ...batch, count, items: kept });
    } catch (e) {
      this.posted -= count;
      this.onUndeliverable?.(`a batch of ${count} signals`, e ?? error);
    }
  }
}
