/**
 * PartitionDispatcher: each event goes to the one consumer of its partition. Internal module.
 *
 *                                          ┌─► [consumer of partition 0]  gets 0, 2, 4
 *     [producer] ─ hash(event) % 2 ────────┤
 *                                          └─► [consumer of partition 1]  gets 1, 3, 5
 *
 * Events for a partition without demand (or without a consumer yet) wait in that partition's
 * queue. It assumes events spread evenly over the partitions: the producer cannot tell which
 * partition a demand is for, so it makes events for any of them.
 *
 *     // producer:  init: () => ["producer", s, { dispatcher: ["PartitionDispatcher", {
 *     //              partitions: ["even", "odd"], hash: (n) => [n, n % 2 === 0 ? "even" : "odd"] }] }]
 *     // consumer:  GenStage.syncSubscribe(c, { to: p, partition: "even" })
 *
 * The default hash is FNV-1a of the printed event (`defaultHash`), not Erlang's `phash2`.
 * Mirrors gen_stage's GenStage.PartitionDispatcher.
 */
import { inspect } from "../../kernel/inspect";
import type { Pid, Ref } from "../../kernel/term";
import { Queue } from "./buffer";
import type { Dispatcher, DispatcherContext, SubFrom, SubscribeOpts } from "./dispatcher";

/** Options of the PartitionDispatcher. */
export interface PartitionOpts {
  /** A count (partitions 0..n-1) or the partitions' names. */
  partitions: number | readonly unknown[];
  /** `event → [event, partition]`, or "none" to discard the event. Default: a hash of the event. */
  hash?: (event: any) => readonly [unknown, unknown] | "none";
}

interface Partition {
  pid: Pid | null;
  ref: Ref | null;
  /** Demand not yet met, or (once it reached zero) the events queued for this partition. */
  demandOrQueue: number | Queue<unknown>;
}

/** Sends each event to the consumer of the partition `hash` puts it in. */
export class PartitionDispatcher implements Dispatcher {
  private hash: (event: unknown) => readonly [unknown, unknown] | "none";
  /** Demand asked of the producer and not yet dispatched. */
  private waiting = 0;
  private pending = 0;
  private partitions = new Map<unknown, Partition>();
  private references = new Map<Ref, unknown>();

  constructor(
    private ctx: DispatcherContext,
    opts: PartitionOpts,
  ) {
    const given = opts?.partitions;
    if (given === undefined || given === null) {
      throw new Error("the partitions option is required when using the PartitionDispatcher");
    }
    const names: unknown[] = typeof given === "number" ? Array.from({ length: given }, (_, i) => i) : [...given];
    for (const name of names) {
      if (opts.hash === undefined && !Number.isInteger(name)) {
        throw new Error("when partitions contains partitions that are not integers, you have to pass in the hash option as well");
      }
      this.partitions.set(name, { pid: null, ref: null, demandOrQueue: 0 });
    }
    const size = names.length;
    this.hash = opts.hash ?? ((event) => [event, defaultHash(event) % size]);
  }

  /** Give the consumer its `partition` (which must exist and be free). */
  subscribe(opts: SubscribeOpts, [pid, ref]: SubFrom): number {
    const partition = opts.partition;
    const slot = this.partitions.get(partition);
    if (slot === undefined) {
      if (partition === undefined) {
        throw new Error("the partition option is required when subscribing to a producer with PartitionDispatcher");
      }
      throw new Error(`partition must be one of ${inspect([...this.partitions.keys()])}, got: ${inspect(partition)}`);
    }
    if (slot.pid !== null) throw new Error(`the partition ${inspect(partition)} is already taken by ${slot.pid}`);
    slot.pid = pid;
    slot.ref = ref;
    this.references.set(ref, partition);
    return 0;
  }

  /** Free the consumer's partition; its queued events are dropped and asked for again. */
  cancel([, ref]: SubFrom): number {
    const partition = this.references.get(ref);
    this.references.delete(ref);
    const slot = this.partitions.get(partition)!;
    const d = slot.demandOrQueue;
    this.partitions.set(partition, { pid: null, ref: null, demandOrQueue: 0 });
    if (typeof d === "number") {
      this.pending += d;
      return 0;
    }
    // Its queued events are dropped; ask the producer to make up for them.
    this.waiting += d.length;
    return d.length;
  }

  /** Serve the partition's queue first; ask the producer for the rest. */
  ask(counter: number, [, ref]: SubFrom): number {
    const partition = this.references.get(ref);
    const slot = this.partitions.get(partition);
    if (slot === undefined) throw new Error(`PartitionDispatcher: unknown subscription ${ref}`);
    const d = slot.demandOrQueue;
    if (typeof d === "number") {
      slot.demandOrQueue = d + counter;
    } else {
      const now = d.take(counter);
      if (now.length > 0) this.ctx.send(slot.pid!, ["$gen_consumer", [this.ctx.self, slot.ref!], now]);
      if (now.length < counter) slot.demandOrQueue = counter - now.length;
    }
    const alreadySent = Math.min(this.pending, counter);
    const demand = counter - alreadySent;
    this.pending -= alreadySent;
    this.waiting += demand;
    return demand;
  }

  /** Hash up to `waiting` events into partitions; send or queue each; returns the rest. */
  dispatch(events: unknown[], _length: number): unknown[] {
    const per = new Map<unknown, unknown[]>();
    let i = 0;
    for (; i < events.length && this.waiting > 0; i++) {
      const r = this.hash(events[i]);
      if (r === "none") continue;
      if (!Array.isArray(r) || r.length !== 2) {
        throw new Error(`the hash function should return [event, partition] or "none", got: ${inspect(r)}`);
      }
      const [event, partition] = r;
      if (!this.partitions.has(partition)) {
        throw new Error(
          `unknown partition ${inspect(partition)} computed for GenStage event ${inspect(event)}. ` +
            `The known partitions are ${inspect([...this.partitions.keys()])}. See the partitions option to set your own. This event has been discarded.`,
        );
      }
      let list = per.get(partition);
      if (list === undefined) per.set(partition, (list = []));
      list.push(event);
      this.waiting--;
    }
    for (const [partition, list] of per) {
      const slot = this.partitions.get(partition)!;
      const d = slot.demandOrQueue;
      if (typeof d === "number") {
        const now = list.slice(0, d);
        if (list.length >= d) {
          const q = new Queue<unknown>();
          for (let k = d; k < list.length; k++) q.push(list[k]);
          slot.demandOrQueue = q;
        } else {
          slot.demandOrQueue = d - list.length;
        }
        if (now.length > 0) this.ctx.send(slot.pid!, ["$gen_consumer", [this.ctx.self, slot.ref!], now]);
      } else {
        for (const e of list) d.push(e);
      }
    }
    return i === events.length ? [] : events.slice(i);
  }

  outstanding(): number {
    let n = 0;
    for (const slot of this.partitions.values()) if (typeof slot.demandOrQueue === "number") n += slot.demandOrQueue;
    return n;
  }
}

/** A stable hash of any term (FNV-1a of its printed form): Beamlab's `:erlang.phash2`. */
export function defaultHash(term: unknown): number {
  const s = typeof term === "number" && Number.isInteger(term) ? String(term) : inspect(term);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
