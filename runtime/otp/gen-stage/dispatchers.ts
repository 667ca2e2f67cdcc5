/**
 * Dispatchers: how a producer shares its events among its consumers. Internal module.
 *
 *                        ┌─► [consumer 1]     DemandDispatcher: each event to ONE consumer,
 *     [producer] ─ disp ─┼─► [consumer 2]       the one with the largest demand first
 *                        └─► [consumer 3]     BroadcastDispatcher: every event to ALL consumers,
 *                                               as fast as the slowest (optional `selector`)
 *                                             PartitionDispatcher: each event to the consumer of
 *                                               its partition (`hash(event) → [event, partition]`)
 *
 * A producer picks one in `init`: `["producer", state, { dispatcher: "BroadcastDispatcher" }]`.
 * A dispatcher is told of subscriptions, cancellations and asks, and answers with how much
 * demand to ask the producer's `handleDemand` for; `dispatch` sends what it can and returns
 * the events nobody has demand for (the producer buffers them).
 *
 * Mirrors gen_stage's GenStage.DemandDispatcher, BroadcastDispatcher and PartitionDispatcher
 * (their demand accounting is followed step by step; `info` messages are not supported).
 */
import { inspect } from "../../kernel/inspect";
import { pidScheduler, type Pid, type Ref } from "../../kernel/term";
import { Queue } from "./buffer";

/** A subscription as the producer sees it: `[consumerPid, subscriptionRef]`. */
export type SubFrom = readonly [Pid, Ref];

/** What a dispatcher may do to the world. */
export interface DispatcherContext {
  self: Pid;
  send(to: Pid, msg: unknown): void;
  /** Log a warning or an error line, tagged with the producer. */
  log(text: string): void;
}

/** The dispatcher interface every producer drives. */
export interface Dispatcher {
  /** A consumer subscribed with `opts`: demand to ask for now, or an error (the subscription is cancelled). */
  subscribe(opts: SubscribeOpts, from: SubFrom): number | readonly ["error", unknown];
  /** A consumer went away: demand to ask for now. */
  cancel(from: SubFrom): number;
  /** A consumer asked for `counter` more events: demand to ask `handleDemand` for. */
  ask(counter: number, from: SubFrom): number;
  /** Send what demand allows; returns the events left over (to buffer). */
  dispatch(events: unknown[], length: number): unknown[];
}

/** Subscription options as the producer receives them (the consumer's, minus `to`). */
export interface SubscribeOpts {
  maxDemand?: number;
  minDemand?: number;
  cancel?: "permanent" | "transient" | "temporary";
  /** BroadcastDispatcher: only events for which it returns true reach this consumer. */
  selector?: (event: any) => unknown;
  /** PartitionDispatcher: the partition this consumer takes. */
  partition?: unknown;
  [opt: string]: unknown;
}

/** Options of the PartitionDispatcher. */
export interface PartitionOpts {
  /** A count (partitions 0..n-1) or the partitions' names. */
  partitions: number | readonly unknown[];
  /** `event → [event, partition]`, or "none" to discard the event. Default: a hash of the event. */
  hash?: (event: any) => readonly [unknown, unknown] | "none";
}

/** How a producer names its dispatcher in `init`'s options. */
export type DispatcherSpec =
  | "DemandDispatcher"
  | readonly ["DemandDispatcher", { maxDemand?: number; shuffleDemandsOnFirstDispatch?: boolean }]
  | "BroadcastDispatcher"
  | readonly ["PartitionDispatcher", PartitionOpts];

/** Build the dispatcher `spec` names. Throws on a bad spec (the stage's init then fails). */
export function makeDispatcher(spec: DispatcherSpec | undefined, ctx: DispatcherContext): Dispatcher {
  const [name, opts] = typeof spec === "string" || spec === undefined ? [spec ?? "DemandDispatcher", {}] : spec;
  switch (name) {
    case "DemandDispatcher":
      return new DemandDispatcher(ctx, opts as { maxDemand?: number; shuffleDemandsOnFirstDispatch?: boolean });
    case "BroadcastDispatcher":
      return new BroadcastDispatcher(ctx);
    case "PartitionDispatcher":
      return new PartitionDispatcher(ctx, opts as PartitionOpts);
  }
  throw new Error(
    `expected dispatcher to be "DemandDispatcher", "BroadcastDispatcher" or ["PartitionDispatcher", { partitions }], got: ${inspect(spec)}`,
  );
}

function eventsMsg(ctx: DispatcherContext, ref: Ref, events: unknown[]): unknown {
  return ["$gen_consumer", [ctx.self, ref], events];
}

// DemandDispatcher ──────────────────────────────────────────────────────────────

type Demand = [counter: number, pid: Pid, ref: Ref];

/**
 * Sends each batch to the consumer with the highest outstanding demand. Consumers are kept
 * sorted by demand, highest first; on a tie the one that got its demand earlier goes first.
 */
export class DemandDispatcher implements Dispatcher {
  private demands: Demand[] = [];
  /** Demand of cancelled consumers that the producer was already asked for. */
  private pending = 0;
  private max: number | undefined;
  private shuffle: boolean;

  constructor(
    private ctx: DispatcherContext,
    opts: { maxDemand?: number; shuffleDemandsOnFirstDispatch?: boolean } = {},
  ) {
    this.max = opts.maxDemand;
    this.shuffle = opts.shuffleDemandsOnFirstDispatch === true;
  }

  subscribe(_opts: SubscribeOpts, [pid, ref]: SubFrom): number {
    this.demands.push([0, pid, ref]);
    return 0;
  }

  cancel([, ref]: SubFrom): number {
    this.pending += this.pop(ref);
    return 0;
  }

  ask(counter: number, [pid, ref]: SubFrom): number {
    this.max ??= counter;
    if (counter > this.max) {
      this.ctx.log(
        `[warning] GenStage producer DemandDispatcher expects a maximum demand of ${this.max}. ` +
          `Using different maximum demands will overload greedy consumers. Got demand for ${counter} events from ${pid}`,
      );
    }
    const current = this.pop(ref);
    this.add(current + counter, pid, ref);
    const alreadySent = Math.min(this.pending, counter);
    this.pending -= alreadySent;
    return counter - alreadySent;
  }

  dispatch(events: unknown[], length: number): unknown[] {
    if (this.shuffle) {
      this.shuffle = false;
      for (let i = this.demands.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [this.demands[i], this.demands[j]] = [this.demands[j], this.demands[i]];
      }
    }
    let rest = events;
    let left = length;
    while (left > 0 && this.demands.length > 0 && this.demands[0][0] > 0) {
      const [counter, pid, ref] = this.demands.shift()!;
      let now: unknown[];
      let remaining: number;
      if (left <= counter) {
        now = rest;
        rest = [];
        remaining = counter - left;
        left = 0;
      } else {
        now = rest.slice(0, counter);
        rest = rest.slice(counter);
        left -= counter;
        remaining = 0;
      }
      this.ctx.send(pid, eventsMsg(this.ctx, ref, now));
      this.add(remaining, pid, ref);
    }
    this.pending = Math.max(this.pending - left, 0);
    return rest;
  }

  /** Insert keeping the order: before the first consumer with strictly less demand. */
  private add(counter: number, pid: Pid, ref: Ref): void {
    let i = 0;
    while (i < this.demands.length && this.demands[i][0] >= counter) i++;
    this.demands.splice(i, 0, [counter, pid, ref]);
  }

  private pop(ref: Ref): number {
    const i = this.demands.findIndex((d) => d[2] === ref);
    if (i < 0) throw new Error(`DemandDispatcher: unknown subscription ${ref}`);
    return this.demands.splice(i, 1)[0][0];
  }
}

// BroadcastDispatcher ───────────────────────────────────────────────────────────

type BDemand = [counter: number, pid: Pid, ref: Ref, selector: ((e: unknown) => unknown) | undefined];

/**
 * Sends every event to every consumer, never beyond any consumer's demand: it asks the
 * producer only for the minimum demand across consumers. A consumer with a `selector` gets
 * only the events it selects; the rest count as handled (the dispatcher asks on its behalf).
 */
export class BroadcastDispatcher implements Dispatcher {
  private demands: BDemand[] = [];
  /** Events that every consumer can take now (the minimum demand, moved out of `demands`). */
  private waiting = 0;
  /** Demand asked of the producer and not yet dispatched. */
  private requested = 0;
  private subscribed = new Set<Pid>();

  constructor(private ctx: DispatcherContext) {}

  subscribe(opts: SubscribeOpts, [pid, ref]: SubFrom): number | readonly ["error", unknown] {
    const selector = opts.selector;
    if (selector !== undefined && selector !== null && typeof selector !== "function") {
      throw new TypeError(`selector option must be passed a unary function, got: ${inspect(selector)}`);
    }
    if (this.subscribed.has(pid)) {
      this.ctx.log(`[error] ${pid} is already registered with ${this.ctx.self}. This subscription has been discarded.`);
      return ["error", "already_subscribed"];
    }
    this.subscribed.add(pid);
    this.adjust(-this.waiting);
    this.demands.unshift([0, pid, ref, selector ?? undefined]);
    this.waiting = 0;
    return 0;
  }

  cancel([pid, ref]: SubFrom): number {
    this.subscribed.delete(pid);
    const i = this.demands.findIndex((d) => d[2] === ref);
    if (i >= 0) this.demands.splice(i, 1);
    if (this.demands.length === 0) {
      this.waiting = 0;
      return 0;
    }
    return this.sync();
  }

  ask(counter: number, [pid, ref]: SubFrom): number {
    const i = this.demands.findIndex((d) => d[2] === ref);
    const [current, , , selector] = i >= 0 ? this.demands.splice(i, 1)[0] : [0, pid, ref, undefined];
    this.demands.unshift([current + counter, pid, ref, selector]);
    return this.sync();
  }

  dispatch(events: unknown[], length: number): unknown[] {
    if (this.waiting === 0) return events;
    const count = Math.min(length, this.waiting);
    const now = count === length ? events : events.slice(0, count);
    const later = count === length ? [] : events.slice(count);
    this.waiting -= count;
    for (const [, pid, ref, selector] of this.demands) {
      let selected = now;
      if (selector !== undefined) {
        selected = now.filter((e) => selector(e));
        const discarded = now.length - selected.length;
        // Events this consumer does not want count as handled: ask for them on its behalf.
        if (discarded > 0) this.ctx.send(this.ctx.self, ["$gen_producer", [pid, ref], ["ask", discarded]]);
      }
      this.ctx.send(pid, eventsMsg(this.ctx, ref, selected));
    }
    this.requested -= count;
    return later;
  }

  /** Move the minimum demand into `waiting`; how much more to ask the producer for. */
  private sync(): number {
    let min = Infinity;
    for (const d of this.demands) min = Math.min(min, d[0]);
    min = this.demands.length === 0 ? 0 : Math.max(min, 0);
    this.adjust(min);
    this.waiting += min;
    const request = Math.max(0, this.waiting - this.requested);
    this.requested += request;
    return request;
  }

  private adjust(min: number): void {
    if (min === 0) return;
    for (const d of this.demands) d[0] -= min;
  }
}

// PartitionDispatcher ──────────────────────────────────────────────────────────

interface Partition {
  pid: Pid | null;
  ref: Ref | null;
  /** Demand not yet met, or (once it reached zero) the events queued for this partition. */
  demandOrQueue: number | Queue<unknown>;
}

/**
 * Sends each event to the one consumer of its partition. Events for a partition without
 * demand (or without a consumer) wait in that partition's queue. Assumes partitions are
 * evenly distributed: the producer cannot tell which partition a demand is for.
 */
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

  ask(counter: number, [, ref]: SubFrom): number {
    const partition = this.references.get(ref);
    const slot = this.partitions.get(partition);
    if (slot === undefined) throw new Error(`PartitionDispatcher: unknown subscription ${ref}`);
    const d = slot.demandOrQueue;
    if (typeof d === "number") {
      slot.demandOrQueue = d + counter;
    } else {
      const now = d.take(counter);
      if (now.length > 0) this.ctx.send(slot.pid!, eventsMsg(this.ctx, slot.ref!, now));
      if (now.length < counter) slot.demandOrQueue = counter - now.length;
    }
    const alreadySent = Math.min(this.pending, counter);
    const demand = counter - alreadySent;
    this.pending -= alreadySent;
    this.waiting += demand;
    return demand;
  }

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
        if (now.length > 0) this.ctx.send(slot.pid!, eventsMsg(this.ctx, slot.ref!, now));
      } else {
        for (const e of list) d.push(e);
      }
    }
    return i === events.length ? [] : events.slice(i);
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

/** True when a selector (a function) would have to cross to another scheduler. */
export function selectorCrossesSchedulers(opts: SubscribeOpts, producer: Pid, here: number): boolean {
  return typeof opts.selector === "function" && pidScheduler(producer) !== here;
}
