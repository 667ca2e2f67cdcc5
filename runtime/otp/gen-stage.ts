/**
 * GenStage: stages that exchange events with back-pressure — a consumer asks for what it can
 * take, and a producer never sends more than it was asked for.
 *
 *     [producer] ──events──► [producer_consumer] ──events──► [consumer]
 *                ◄──ask n───                     ◄──ask n───
 *
 * Demand flows upstream, events downstream. A consumer subscribes with `maxDemand`
 * (default 1000) and `minDemand` (default `Math.floor(maxDemand / 2)` = 500: the default in
 * gen_stage's source, `div(max, 2)`; its module doc's example of 750 is only an example). It
 * asks for `maxDemand` at once, handles events in batches of at most `maxDemand - minDemand`,
 * and after each batch, when what it still expects has fallen to `minDemand`, asks for enough
 * to be back at `maxDemand`. So a producer's `handleDemand` sees 1000, then 500, 500, ...
 *
 *     const Counter = {
 *       init: (n: number) => ["producer", n] as const,
 *       handleDemand: (demand: number, n: number) =>
 *         ["noreply", Array.from({ length: demand }, (_, i) => n + i), n + demand] as const,
 *     };
 *     const Printer = {
 *       init: () => ["consumer", null] as const,
 *       handleEvents: (events: number[], _from: StageFrom, s: null) => (IO.inspect(events), ["noreply", [], s] as const),
 *     };
 *     const [, a] = await GenStage.start(Counter, 0);
 *     const [, c] = await GenStage.start(Printer, null);
 *     await GenStage.syncSubscribe(c, { to: a, maxDemand: 10 });
 *
 * A stage is a message-driven process (like a GenServer, whose calls and casts it answers);
 * it lives on the scheduler of the process that started it, and stages on different
 * schedulers subscribe to each other as on one. A producer holds events nobody asked for in
 * a buffer (`bufferSize` 10000, keeping the last; dropped events are logged); a
 * producer_consumer's buffer is unbounded. The dispatcher decides which consumer gets what:
 * `DemandDispatcher` (default, largest demand first), `BroadcastDispatcher` (everyone gets
 * everything, at the pace of the slowest; a `selector` filters), `PartitionDispatcher`
 * (by `hash`). Cancel modes say what a consumer does when its producer goes away:
 * `permanent` (default: exit too), `transient` (exit unless the reason is normal/shutdown),
 * `temporary` (carry on).
 *
 * When not to use it: to run a function over a collection concurrently, `Task.asyncStream`
 * is simpler; GenStage is for data that arrives over time where a slow step must slow the
 * fast ones down instead of letting their messages pile up. Stages add a hop per step:
 * don't make a stage of what could be a function call.
 *
 * Differs from gen_stage: no `sync_info`/`async_info`, `resubscribe`, `stream`/`from_enumerable`
 * or hibernation; a `selector` (a function) only works when producer and consumer share a
 * scheduler; the default partition hash is FNV-1a of the printed event, not `phash2`; a
 * cancellation to a consumer is `["$gen_consumer", from, "cancel", reason]` (a 4-tuple, so it
 * cannot be mistaken for a 2-event batch, as Elixir's tuple-vs-list can't).
 *
 * Mirrors elixir-lang/gen_stage (lib/gen_stage.ex, its dispatchers and buffer).
 */
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { Exit, Kill, type Pid, type Ref } from "../kernel/term";
import {
  callTagged,
  cast as genCast,
  reply as genReply,
  startBehaviour,
  stop as genStop,
  type From,
  type OnStart,
  type StartOpts,
} from "./gen-server";
import { EventBuffer, Queue, type BufferKeep } from "./gen-stage/buffer";
import { selectorCrossesSchedulers } from "./gen-stage/broadcast-dispatcher";
import { makeDispatcher, type Dispatcher, type DispatcherSpec, type SubscribeOpts } from "./gen-stage/dispatcher";
import { behaviourLabel, claimName, whereis, type ServerRef } from "./name";

// Protocol ──────────────────────────────────────────────────────────────────────

/**
 * A subscription, as each side names it: `[otherStagePid, subscriptionRef]`. A consumer's
 * `handleEvents` gets `[producerPid, ref]` (pass it to `GenStage.ask`); a producer's
 * `handleSubscribe`/`handleCancel` get `[consumerPid, ref]`. The ref is the consumer's
 * monitor of the producer, as in gen_stage.
 */
export type StageFrom = readonly [Pid, Ref];

/** Messages a consumer sends its producer. */
export type ProducerMessage =
  | readonly ["$gen_producer", StageFrom, readonly ["subscribe", readonly [Ref, unknown] | null, SubscribeOpts]]
  | readonly ["$gen_producer", StageFrom, readonly ["ask", number]]
  | readonly ["$gen_producer", StageFrom, readonly ["cancel", unknown]];

/** Messages a producer sends its consumer: a batch of events, or a cancellation. */
export type ConsumerMessage =
  | readonly ["$gen_consumer", StageFrom, readonly unknown[]]
  | readonly ["$gen_consumer", StageFrom, "cancel", unknown];

/** Requests the client functions send as GenServer calls and casts. */
export type StageRequest =
  | readonly ["$subscribe", readonly [Ref, unknown] | null, ServerRef, SubscribeOpts]
  | "$demand"
  | readonly ["$demand", DemandMode]
  | "$estimate_buffered_count";

// Types ─────────────────────────────────────────────────────────────────────────

type Maybe<T> = T | Promise<T>;

/** The three kinds of stage. */
export type StageType = "producer" | "producer_consumer" | "consumer";
/** `forward`: demand goes to `handleDemand` at once; `accumulate`: it is held until `forward`. */
export type DemandMode = "forward" | "accumulate";
/** What a consumer does when its producer cancels or exits. */
export type CancelMode = "permanent" | "transient" | "temporary";

/** Where and how a consumer subscribes: `to` plus options (the rest go to the producer's dispatcher). */
export interface SubscriptionOpts extends SubscribeOpts {
  to: ServerRef;
  /** Most events in flight for this subscription (default 1000). */
  maxDemand?: number;
  /** Ask again when the outstanding demand falls to this (default `Math.floor(maxDemand / 2)`). */
  minDemand?: number;
  cancel?: CancelMode;
}

/** An entry of `subscribeTo`: a producer, or `[producer, options]`. */
export type SubscribeTo = ServerRef | readonly [ServerRef, Omit<SubscriptionOpts, "to">];

/** `init` options of a producer. */
export interface ProducerOpts {
  dispatcher?: DispatcherSpec;
  /** Events kept while nobody asks (default 10000; `Infinity` for no limit). */
  bufferSize?: number;
  /** Which events a full buffer keeps (default "last": the oldest are dropped). */
  bufferKeep?: BufferKeep;
  /** Start accumulating demand (see `GenStage.demand`). */
  demand?: DemandMode;
}
/** `init` options of a producer_consumer. */
export interface ProducerConsumerOpts {
  dispatcher?: DispatcherSpec;
  subscribeTo?: readonly SubscribeTo[];
  /** Default `Infinity`. */
  bufferSize?: number;
  bufferKeep?: BufferKeep;
}
/** `init` options of a consumer. */
export interface ConsumerOpts {
  subscribeTo?: readonly SubscribeTo[];
}

/** What `init` returns. */
export type InitResult<S> =
  | readonly ["producer", S]
  | readonly ["producer", S, ProducerOpts]
  | readonly ["producer_consumer", S]
  | readonly ["producer_consumer", S, ProducerConsumerOpts]
  | readonly ["consumer", S]
  | readonly ["consumer", S, ConsumerOpts]
  | readonly ["stop", unknown]
  | "ignore";
/** What `handleDemand`, `handleEvents`, `handleCast`, `handleInfo` and `handleCancel` return. */
export type NoReplyResult<S, E = unknown> = readonly ["noreply", readonly E[], S] | readonly ["stop", unknown, S];
/** What `handleCall` returns. */
export type CallResult<S, E = unknown> =
  | readonly ["reply", unknown, readonly E[], S]
  | readonly ["noreply", readonly E[], S]
  | readonly ["stop", unknown, unknown, S]
  | readonly ["stop", unknown, S];
/** What `handleSubscribe` returns: `manual` means the consumer asks itself with `GenStage.ask`. */
export type SubscribeResult<S> = readonly ["automatic", S] | readonly ["manual", S] | readonly ["stop", unknown, S];
/** Why a subscription ended: `["cancel", reason]` (cancelled) or `["down", reason]` (the other side exited). */
export type Cancellation = readonly ["cancel" | "down", unknown];

/** A GenStage module: an object of callbacks. */
export interface GenStageModule<S = any, A = any, E = any> {
  /** Shown in the process table (else the registered name, else "GenStage"). */
  name?: string;
  init(arg: A): Maybe<InitResult<S>>;
  /** Producers: make up to `demand` more events. */
  handleDemand?(demand: number, state: S): Maybe<NoReplyResult<S, E>>;
  /** Consumers and producer_consumers: handle a batch (a producer_consumer returns events to pass on). */
  handleEvents?(events: E[], from: StageFrom, state: S): Maybe<NoReplyResult<S, E>>;
  /** A subscription starts: `kind` is the other side ("producer" when this stage is the consumer). */
  handleSubscribe?(kind: "producer" | "consumer", opts: SubscribeOpts, from: StageFrom, state: S): Maybe<SubscribeResult<S>>;
  handleCancel?(cancellation: Cancellation, from: StageFrom, state: S): Maybe<NoReplyResult<S, E>>;
  handleCall?(request: any, from: From, state: S): Maybe<CallResult<S, E>>;
  handleCast?(request: any, state: S): Maybe<NoReplyResult<S, E>>;
  handleInfo?(msg: any, state: S): Maybe<NoReplyResult<S, E>>;
  terminate?(reason: unknown, state: S): unknown;
  /** Return false to silence the "discarded events" log line. */
  formatDiscarded?(discarded: number, state: S): boolean;
}

// Client ───────────────────────────────────────────────────────────────────────

/** Start a stage (not linked); resolves once `init` (and its `subscribeTo`) is done. */
export function start<S, A>(module: GenStageModule<S, A>, arg: A, opts: StartOpts = {}): Promise<OnStart> {
  return startStage(module, arg, opts, false);
}

/** Start a stage linked to the caller. */
export function startLink<S, A>(module: GenStageModule<S, A>, arg: A, opts: StartOpts = {}): Promise<OnStart> {
  return startStage(module, arg, opts, true);
}

function startStage<S, A>(module: GenStageModule<S, A>, arg: A, opts: StartOpts, link: boolean): Promise<OnStart> {
  if (typeof module?.init !== "function") {
    return Promise.reject(new TypeError(`GenStage.start: the module needs an init function, got ${inspect(module)}`));
  }
  return startBehaviour((ack, parent) => serve(module, arg, opts, ack, parent), link, opts.timeout);
}

/**
 * Ask `consumer` to subscribe to `opts.to`; resolves once the subscription request is sent
 * (not confirmed): `["ok", ref]`, `["error", "not_a_consumer"]` or `["error", ["bad_opts", why]]`.
 */
export function syncSubscribe(consumer: ServerRef, opts: SubscriptionOpts, timeout = 5000): Promise<SubscribeReply> {
  const { to, ...rest } = opts ?? ({} as SubscriptionOpts);
  if (to === undefined) throw new TypeError("expected a `to` option in GenStage.syncSubscribe");
  return call(consumer, ["$subscribe", null, to, rest], timeout) as Promise<SubscribeReply>;
}

/** What `syncSubscribe` resolves to. */
export type SubscribeReply = readonly ["ok", Ref] | readonly ["error", "not_a_consumer" | readonly ["bad_opts", string]];

/** Like `syncSubscribe`, without waiting. */
export function asyncSubscribe(consumer: ServerRef, opts: SubscriptionOpts): "ok" {
  const { to, ...rest } = opts ?? ({} as SubscriptionOpts);
  if (to === undefined) throw new TypeError("expected a `to` option in GenStage.asyncSubscribe");
  return genCast(consumer, ["$subscribe", null, to, rest]);
}

/** Ask the producer of subscription `from` for `demand` more events (for `manual` subscriptions). */
export function ask(from: StageFrom, demand: number): "ok" {
  if (!Number.isInteger(demand) || demand < 0) throw new RangeError(`GenStage.ask: demand must be an integer ≥ 0, got ${inspect(demand)}`);
  if (demand === 0) return "ok";
  const s = activeScheduler();
  s.send(from[0], ["$gen_producer", [s.self().pid, from[1]], ["ask", demand]]);
  return "ok";
}

/** Cancel subscription `from` on its producer (the consumer then reacts per its cancel mode). */
export function cancel(from: StageFrom, reason: unknown): "ok" {
  const s = activeScheduler();
  s.send(from[0], ["$gen_producer", [s.self().pid, from[1]], ["cancel", reason]]);
  return "ok";
}

/**
 * `demand(stage)`: a producer's demand mode. `demand(stage, mode)`: set it (a cast):
 * "accumulate" holds demand (and events) until "forward", e.g. until all consumers subscribed.
 */
export function demand(stage: ServerRef): Promise<DemandMode>;
export function demand(stage: ServerRef, mode: DemandMode): "ok";
export function demand(stage: ServerRef, mode?: DemandMode): Promise<DemandMode> | "ok" {
  if (mode === undefined) return call(stage, "$demand") as Promise<DemandMode>;
  if (mode !== "forward" && mode !== "accumulate") throw new TypeError(`GenStage.demand: mode must be "forward" or "accumulate", got ${inspect(mode)}`);
  return genCast(stage, ["$demand", mode]);
}

/** How many events a producer holds in its buffer. */
export function estimateBufferedCount(stage: ServerRef, timeout = 5000): Promise<number> {
  return call(stage, "$estimate_buffered_count", timeout) as Promise<number>;
}

/** `GenServer.call` for a stage (its `handleCall` answers). */
export function call<T = any>(stage: ServerRef, request: unknown, timeout = 5000): Promise<T> {
  return callTagged(stage, request, timeout, "$gen_call", "GenStage") as Promise<T>;
}

/** `GenServer.cast` for a stage. */
export function cast(stage: ServerRef, request: unknown): "ok" {
  return genCast(stage, request);
}

/** Reply to a call later. */
export function reply(from: From, value: unknown): "ok" {
  return genReply(from, value);
}

/** Stop `stage` with `reason` (its terminate runs) and wait until it is gone. */
export function stop(stage: ServerRef, reason: unknown = "normal", timeout = Infinity): Promise<"ok"> {
  return genStop(stage, reason, timeout);
}

// Server (callbacks) ───────────────────────────────────────────────────────────

function isThenable(x: unknown): x is Promise<unknown> {
  return x !== null && typeof x === "object" && typeof (x as Promise<unknown>).then === "function";
}

/** Run `k` on `v`'s value: synchronously when `v` is not a promise. */
function then<T, R>(v: Maybe<T>, k: (v: T) => Maybe<R>): Maybe<R> {
  return isThenable(v) ? (v as Promise<T>).then(k) : k(v as T);
}

/** Thrown inside the server to stop the stage with `reason` (terminate runs first). */
class StopStage {
  constructor(readonly reason: unknown) {}
}

/** normal, shutdown or ["shutdown", _]: a transient subscription survives these. */
function isTransientShutdown(reason: unknown): boolean {
  return reason === "normal" || reason === "shutdown" || (Array.isArray(reason) && reason.length === 2 && reason[0] === "shutdown");
}

/** A producer a consumer subscribed to: `demand` is `[outstanding, min, max]` or "manual". */
interface ProducerEntry {
  pid: Pid;
  cancel: CancelMode;
  demand: [number, number, number] | "manual";
}

/** A producer_consumer's queue: events waiting for downstream demand, and cancels behind them. */
type PcEntry =
  | readonly ["events", unknown[], Ref, Pid]
  | readonly ["cancel", CancelMode, Cancellation, StageFrom];

/** What accumulate mode holds until "forward". */
type Accumulated = readonly ["demand", number] | readonly ["dispatch", unknown[]];

/** What subscribing answers the caller, and whether the stage must then stop. */
type SubscribeOutcome = readonly ["reply", unknown] | readonly ["stop", unknown, unknown];

/**
 * Split `events` into batches of at most `max - min` and compute the demand to ask after
 * each: returns the new outstanding demand and `[batch, ask]` pairs (gen_stage's
 * `Utils.split_batches`). Exported for tests. Internal.
 */
export function splitBatches(
  events: unknown[],
  min: number,
  max: number,
  demand: number,
  onExcess: (n: number) => void,
): [number, Array<[unknown[], number]>] {
  const size = max - min;
  const batches: Array<[unknown[], number]> = [];
  let oldDemand = demand;
  let newDemand = demand;
  for (let i = 0; i < events.length; i += size) {
    const batch = i === 0 && events.length <= size ? events : events.slice(i, i + size);
    let n = batch.length;
    if (oldDemand - n < 0) {
      onExcess(n - oldDemand);
      n = oldDemand;
      oldDemand = 0;
    } else {
      oldDemand -= n;
    }
    const diff = newDemand - n;
    if (diff <= min) {
      newDemand = max;
      batches.push([batch, max - diff]);
    } else {
      newDemand = diff;
      batches.push([batch, 0]);
    }
  }
  return [newDemand, batches];
}

/** The stage process: register, init, then handle messages until stopped. */
function serve<S, A>(
  mod: GenStageModule<S, A>,
  arg: A,
  opts: StartOpts,
  ack: (r: OnStart) => void,
  parent: Pid | undefined,
): unknown {
  const s = activeScheduler();
  const me = s.self().pid;
  if (!claimName(opts.name, me, ack)) return;
  const label = behaviourLabel(mod.name, opts.name, "GenStage");
  const selfName = () => (typeof opts.name === "string" ? opts.name : me);
  const log = (text: string) => s.output(me, text, "error");

  // The stage's state (gen_stage's %GenStage{}), mutated in place: one process owns it.
  let type: StageType = "consumer";
  let state: S;
  let dispatcher: Dispatcher | undefined;
  let buffer: EventBuffer | undefined;
  let keep: BufferKeep = "last";
  /** Producer in accumulate mode: what waits for "forward" (null: forwarding). */
  let accumulated: Accumulated[] | null = null;
  const consumers = new Map<Ref, { pid: Pid; mon: Ref }>();
  /** Monitor ref of a consumer → its subscription ref. */
  const monitors = new Map<Ref, Ref>();
  const producers = new Map<Ref, ProducerEntry>();
  const pcQueue = new Queue<PcEntry>();
  /** producer_consumer: demand downstream consumers have given and not yet received. */
  let pcDemand = 0;

  // ─── Shared helpers ─────────────────────────────────────────────────────────


  /** Handle a `["noreply", events, state]` / `["stop", reason, state]` result. */
  const noreply = (r: unknown, what: string): Maybe<void> => {
    if (Array.isArray(r) && r[0] === "noreply" && r.length === 3 && Array.isArray(r[1])) {
      state = r[2];
      return dispatchEvents(r[1] as unknown[]);
    }
    if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
      state = r[2];
      throw new StopStage(r[1]);
    }
    throw new StopStage(["bad_return_value", r, what]);
  };

  const callback = <K extends "handleDemand" | "handleCast" | "handleInfo">(name: K): NonNullable<GenStageModule<S, A>[K]> => {
    const f = mod[name];
    if (typeof f !== "function") throw new StopStage(["undef", `${label}.${name} is not defined`]);
    return f.bind(mod) as NonNullable<GenStageModule<S, A>[K]>;
  };

  // ─── Producer side ─────────────────────────────────────────────────────────

  /** Send events through the dispatcher; buffer what nobody has demand for. */
  const dispatchEvents = (events: unknown[]): void => {
    if (events.length === 0) return;
    if (type === "consumer") {
      log(`[error] GenStage consumer ${selfName()} cannot dispatch events (an empty list must be returned): ${inspect(events)}`);
      return;
    }
    if (accumulated !== null) {
      accumulated.push(["dispatch", events]);
      return;
    }
    const length = events.length;
    const left = dispatcher!.dispatch(events, length);
    if (type === "producer_consumer") pcDemand = Math.max(pcDemand - (length - left.length), 0);
    if (left.length > 0) bufferEvents(left);
  };

  const bufferEvents = (events: unknown[]): void => {
    const excess = buffer!.store(events, keep);
    if (excess > 0 && mod.formatDiscarded?.(excess, state) !== false) {
      log(`[warning] GenStage producer ${selfName()} has discarded ${excess} events from buffer`);
    }
  };

  /** Serve `counter` from the buffer first: the demand still unmet. */
  const takeFromBuffer = (counter: number): number => {
    if (buffer!.count === 0 || counter === 0) return counter;
    const events = buffer!.take(counter);
    dispatchEvents(events);
    return counter - events.length;
  };

  const takeFromBufferOrHandleDemand = (counter: number): Maybe<void> => {
    const left = takeFromBuffer(counter);
    if (left === 0) return;
    if (accumulated !== null) {
      accumulated.push(["demand", left]);
      return;
    }
    return then(callback("handleDemand")(left, state), (r) => noreply(r, "handleDemand"));
  };

  /** The dispatcher says: ask for `counter` more. */
  const dispatcherResult = (counter: number): Maybe<void> => {
    if (type === "producer_consumer") {
      pcDemand += counter;
      takeFromBuffer(pcDemand);
      return takePcEvents();
    }
    return takeFromBufferOrHandleDemand(counter);
  };

  const producerSubscribe = (subOpts: SubscribeOpts, from: StageFrom): Maybe<void> => {
    const r = mod.handleSubscribe ? mod.handleSubscribe("consumer", subOpts, from, state) : (["automatic", state] as const);
    return then(r, (r) => {
      if (Array.isArray(r) && r[0] === "automatic" && r.length === 2) {
        state = r[1];
        // The dispatcher goes second: it may make demand, and the module must know of the consumer first.
        const d = dispatcher!.subscribe(subOpts, from);
        if (typeof d === "number") return dispatcherResult(d);
        return producerCancel(from[1], "cancel", d[1]);
      }
      if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
        state = r[2];
        throw new StopStage(r[1]);
      }
      throw new StopStage(["bad_return_value", r, "handleSubscribe"]);
    });
  };

  const producerCancel = (ref: Ref, kind: "cancel" | "down", reason: unknown): Maybe<void> => {
    const entry = consumers.get(ref);
    if (entry === undefined) return;
    consumers.delete(ref);
    monitors.delete(entry.mon);
    s.demonitor(entry.mon, { flush: true });
    s.send(entry.pid, ["$gen_consumer", [me, ref], "cancel", reason]);
    const from: StageFrom = [entry.pid, ref];
    const r = mod.handleCancel ? then(mod.handleCancel([kind, reason], from, state), (r) => noreply(r, "handleCancel")) : undefined;
    return then(r, () => dispatcherResult(dispatcher!.cancel(from)));
  };

  const setDemandMode = (mode: DemandMode): Maybe<void> => {
    if (type === "producer_consumer" && mode === "forward") return; // the only mode they have
    if (type !== "producer") {
      log(`[error] Demand mode can only be set for producers, GenStage ${selfName()} is a ${type}`);
      return;
    }
    if (mode === "accumulate") {
      accumulated ??= [];
      return;
    }
    const held = accumulated;
    accumulated = null;
    if (held === null) return;
    let i = 0;
    const step = (): Maybe<void> => {
      while (i < held.length) {
        const a = held[i++];
        const r = a[0] === "demand" ? takeFromBufferOrHandleDemand(a[1]) : dispatchEvents(a[1]);
        if (isThenable(r)) return r.then(step);
      }
    };
    return step();
  };

  // ─── Consumer side ─────────────────────────────────────────────────────────

  const consumerSubscribe = (current: readonly [Ref, unknown] | null, to: ServerRef, subOpts: SubscribeOpts): Maybe<SubscribeOutcome> => {
    if (type === "producer") {
      log(`[error] GenStage producer ${selfName()} cannot be subscribed to another stage: ${inspect(to)}`);
      return ["reply", ["error", "not_a_consumer"]];
    }
    const bad = (why: string): SubscribeOutcome => {
      log(`[error] GenStage consumer ${selfName()} subscribe received invalid option: ${why}`);
      return ["reply", ["error", ["bad_opts", why]]];
    };
    const max = subOpts.maxDemand ?? 1000;
    if (!Number.isInteger(max) || max < 1) return bad(`expected maxDemand to be an integer ≥ 1, got: ${inspect(max)}`);
    const min = subOpts.minDemand ?? Math.floor(max / 2);
    if (!Number.isInteger(min) || min < 0 || min > max - 1) {
      return bad(`expected minDemand to be an integer from 0 to ${max - 1}, got: ${inspect(min)}`);
    }
    const mode = subOpts.cancel ?? "permanent";
    if (mode !== "permanent" && mode !== "transient" && mode !== "temporary") {
      return bad(`expected cancel to be one of "temporary", "transient", "permanent", got: ${inspect(mode)}`);
    }
    let pid: Pid | undefined;
    try {
      pid = whereis(to);
    } catch {
      pid = undefined;
    }
    if (pid === undefined) {
      if (mode === "temporary") return ["reply", ["ok", s.makeRef()]];
      log(`[error] GenStage consumer ${label} was not able to subscribe to the process ${inspect(to)} because that process is not alive`);
      return ["stop", "noproc", ["ok", s.makeRef()]];
    }
    if (selectorCrossesSchedulers(subOpts, pid, s.index)) {
      return bad(`a selector is a function, and functions cannot be sent to another scheduler: start ${inspect(to)} and this stage on one scheduler`);
    }
    const ref = s.monitor(pid);
    s.send(pid, ["$gen_producer", [me, ref], ["subscribe", current, subOpts]]);
    const from: StageFrom = [pid, ref];
    const r = mod.handleSubscribe ? mod.handleSubscribe("producer", subOpts, from, state) : (["automatic", state] as const);
    return then(r, (r): SubscribeOutcome => {
      if (Array.isArray(r) && r[0] === "automatic" && r.length === 2) {
        state = r[1];
        ask(from, max);
        producers.set(ref, { pid: pid!, cancel: mode, demand: [max, min, max] });
        return ["reply", ["ok", ref]];
      }
      if (Array.isArray(r) && r[0] === "manual" && r.length === 2) {
        state = r[1];
        producers.set(ref, { pid: pid!, cancel: mode, demand: "manual" });
        return ["reply", ["ok", ref]];
      }
      if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
        state = r[2];
        throw new StopStage(r[1]);
      }
      throw new StopStage(["bad_return_value", r, "handleSubscribe"]);
    });
  };

  /** Batches for `handleEvents`, with the demand to ask after each (automatic subscriptions). */
  const consumerReceive = (from: StageFrom, entry: ProducerEntry, events: unknown[]): Array<[unknown[], number]> => {
    if (entry.demand === "manual") return [[events, 0]];
    const [outstanding, min, max] = entry.demand;
    const [next, batches] = splitBatches(events, min, max, outstanding, (n) =>
      log(`[error] GenStage consumer ${selfName()} has received ${n} events in excess from: ${inspect(from)}`),
    );
    entry.demand = [next, min, max];
    return batches;
  };

  /** Run `handleEvents` on each batch, asking upstream after each as planned. */
  const consumerDispatch = (batches: Array<[unknown[], number]>, from: StageFrom): Maybe<void> => {
    const handle = mod.handleEvents;
    if (typeof handle !== "function") throw new StopStage(["undef", `${label}.handleEvents is not defined`]);
    let i = 0;
    const after = (r: unknown, n: number): void => {
      if (Array.isArray(r) && r[0] === "noreply" && r.length === 3 && Array.isArray(r[1])) {
        state = r[2];
        dispatchEvents(r[1] as unknown[]);
        if (n > 0) ask(from, n);
        return;
      }
      if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
        state = r[2];
        throw new StopStage(r[1]);
      }
      throw new StopStage(["bad_return_value", r, "handleEvents"]);
    };
    const step = (): Maybe<void> => {
      while (i < batches.length) {
        const [batch, n] = batches[i++];
        const r = handle.call(mod, batch, from, state);
        if (isThenable(r)) return r.then((r) => (after(r, n), step()));
        after(r, n);
      }
    };
    return step();
  };

  const consumerCancel = (ref: Ref, kind: "cancel" | "down", reason: unknown): Maybe<void> => {
    const entry = producers.get(ref);
    if (entry === undefined) return;
    producers.delete(ref);
    s.demonitor(ref, { flush: true });
    const cancellation: Cancellation = [kind, reason];
    const from: StageFrom = [entry.pid, ref];
    if (type === "producer_consumer" && pcQueue.length > 0) {
      pcQueue.push(["cancel", entry.cancel, cancellation, from]);
      return;
    }
    return invokeCancel(entry.cancel, cancellation, from);
  };

  const invokeCancel = (mode: CancelMode, cancellation: Cancellation, from: StageFrom): Maybe<void> => {
    const r = mod.handleCancel ? then(mod.handleCancel(cancellation, from, state), (r) => noreply(r, "handleCancel")) : undefined;
    return then(r, () => {
      const reason = cancellation[1];
      if (mode === "permanent" || (mode === "transient" && !isTransientShutdown(reason))) {
        if (reason === "already_subscribed") return;
        log(`[info] GenStage consumer ${selfName()} is stopping after receiving cancel from producer ${from[0]} with reason: ${inspect(reason)}`);
        throw new StopStage(reason);
      }
    });
  };

  /** producer_consumer: handle queued upstream events while downstream has demand. */
  const takePcEvents = (): Maybe<void> => {
    while (pcDemand > 0) {
      const e = pcQueue.shift();
      if (e === undefined) return;
      let r: Maybe<void>;
      if (e[0] === "cancel") {
        r = invokeCancel(e[1], e[2], e[3]);
      } else {
        const [, events, ref, pid] = e;
        const entry = producers.get(ref);
        const from: StageFrom = [entry?.pid ?? pid, ref];
        // Queued, but the producer was removed meanwhile: handle them without asking for more.
        r = consumerDispatch(entry ? consumerReceive(from, entry, events) : [[events, 0]], from);
      }
      if (isThenable(r)) return r.then(takePcEvents);
    }
  };

  // ─── Messages ─────────────────────────────────────────────────────────────

  const onProducerMessage = (from: StageFrom, body: readonly unknown[]): Maybe<void> => {
    const [consumerPid, ref] = from;
    switch (body[0]) {
      case "subscribe": {
        if (consumers.has(ref)) {
          log(`[error] GenStage producer ${selfName()} received duplicated subscription from: ${inspect(from)}`);
          s.send(consumerPid, ["$gen_consumer", [me, ref], "cancel", "duplicated_subscription"]);
          return;
        }
        const current = body[1] as readonly [Ref, unknown] | null;
        return then(current ? producerCancel(current[0], "cancel", current[1]) : undefined, () => {
          const mon = s.monitor(consumerPid);
          monitors.set(mon, ref);
          consumers.set(ref, { pid: consumerPid, mon });
          return producerSubscribe((body[2] ?? {}) as SubscribeOpts, from);
        });
      }
      case "ask": {
        if (consumers.has(ref)) return dispatcherResult(dispatcher!.ask(body[1] as number, from));
        s.send(consumerPid, ["$gen_consumer", [me, ref], "cancel", "unknown_subscription"]);
        return;
      }
      case "cancel":
        return producerCancel(ref, "cancel", body[1]);
    }
  };

  const onConsumerMessage = (msg: readonly unknown[]): Maybe<void> => {
    const from = msg[1] as StageFrom;
    const [producerPid, ref] = from;
    if (msg.length === 4 && msg[2] === "cancel") return consumerCancel(ref, "cancel", msg[3]);
    const events = msg[2] as unknown[];
    const entry = producers.get(ref);
    if (entry === undefined) {
      s.send(producerPid, ["$gen_producer", [me, ref], ["cancel", "unknown_subscription"]]);
      return;
    }
    if (type === "producer_consumer") {
      pcQueue.push(["events", events, ref, producerPid]);
      return takePcEvents();
    }
    return consumerDispatch(consumerReceive(from, entry, events), from);
  };

  const onCall = (request: unknown, from: From): Maybe<void> => {
    if (request === "$demand") {
      genReply(from, accumulated === null ? "forward" : "accumulate");
      return;
    }
    if (request === "$estimate_buffered_count") {
      if (type === "consumer") log(`[error] Buffered count can only be requested for producers, GenStage ${selfName()} is a consumer`);
      genReply(from, buffer?.count ?? 0);
      return;
    }
    if (Array.isArray(request) && request[0] === "$subscribe" && request.length === 4) {
      return then(consumerSubscribe(request[1], request[2], request[3]), (o) => {
        genReply(from, o[0] === "reply" ? o[1] : o[2]);
        if (o[0] === "stop") throw new StopStage(o[1]);
      });
    }
    if (typeof mod.handleCall !== "function") throw new StopStage(["undef", `${label}.handleCall is not defined`]);
    return then(mod.handleCall(request, from, state), (r) => {
      if (Array.isArray(r) && r[0] === "reply" && r.length === 4 && Array.isArray(r[2])) {
        state = r[3];
        dispatchEvents(r[2] as unknown[]);
        genReply(from, r[1]);
        return;
      }
      if (Array.isArray(r) && r[0] === "stop" && r.length === 4) {
        state = r[3];
        genReply(from, r[2]);
        throw new StopStage(r[1]);
      }
      return noreply(r, "handleCall");
    });
  };

  const onCast = (request: unknown): Maybe<void> => {
    if (Array.isArray(request) && request[0] === "$demand" && request.length === 2) return setDemandMode(request[1]);
    if (Array.isArray(request) && request[0] === "$subscribe" && request.length === 4) {
      return then(consumerSubscribe(request[1], request[2], request[3]), (o) => {
        if (o[0] === "stop") throw new StopStage(o[1]);
      });
    }
    return then(callback("handleCast")(request, state), (r) => noreply(r, "handleCast"));
  };

  const onInfo = (msg: unknown): Maybe<void> => {
    if (typeof mod.handleInfo !== "function") {
      log(`[warning] Undefined handleInfo in ${label} ${me}; unhandled message: ${inspect(msg)}`);
      return;
    }
    return then(mod.handleInfo(msg, state), (r) => noreply(r, "handleInfo"));
  };

  const onMessage = (msg: unknown): Maybe<void> => {
    if (Array.isArray(msg)) {
      switch (msg[0]) {
        case "$gen_consumer":
          if (type === "producer") {
            log(`[error] GenStage producer ${selfName()} received $gen_consumer message: ${inspect(msg)}`);
            return;
          }
          return onConsumerMessage(msg);
        case "$gen_producer":
          if (type === "consumer") {
            log(`[error] GenStage consumer ${selfName()} received $gen_producer message: ${inspect(msg)}`);
            return;
          }
          return onProducerMessage(msg[1], msg[2]);
        case "DOWN": {
          const ref = msg[1] as Ref;
          if (producers.has(ref)) return consumerCancel(ref, "down", msg[4]);
          const sub = monitors.get(ref);
          if (sub !== undefined) return producerCancel(sub, "down", msg[4]);
          break;
        }
        case "$gen_call":
          return onCall(msg[2], msg[1] as From);
        case "$gen_cast":
          return onCast(msg[1]);
        case "$gen_stop":
          throw new StopStage(msg[1]);
        case "EXIT":
          // A trapping stage whose parent (the process that linked it at start) died stops too.
          if (msg.length === 3 && parent !== undefined && msg[1] === parent) throw new StopStage(msg[2]);
      }
    }
    return onInfo(msg);
  };

  /** A stop runs terminate, then exits; an error runs terminate quietly and ends the process. */
  const failed = (e: unknown): unknown => {
    if (e instanceof StopStage) {
      return then(mod.terminate?.(e.reason, state) as Maybe<unknown>, () => {
        throw new Exit(e.reason);
      });
    }
    if (!(e instanceof Exit) && !(e instanceof Kill)) {
      try {
        const r = mod.terminate?.(["error", e instanceof Error ? e.message : inspect(e)], state);
        if (isThenable(r)) r.then(undefined, () => {});
      } catch {
        // terminate itself failed: the original error is the reason that matters.
      }
    }
    throw e;
  };

  const guarded = (f: () => Maybe<void>): unknown => {
    let r: Maybe<void>;
    try {
      r = f();
    } catch (e) {
      return failed(e);
    }
    return isThenable(r) ? r.then(undefined, failed) : r;
  };

  // ─── Init ─────────────────────────────────────────────────────────────────

  const badOpts = (why: string): never => {
    throw new StopStage(["bad_opts", why]);
  };

  const initOpts = (kind: StageType, o: Record<string, unknown>): readonly SubscribeTo[] => {
    const known =
      kind === "producer"
        ? ["dispatcher", "bufferSize", "bufferKeep", "demand"]
        : kind === "producer_consumer"
          ? ["dispatcher", "subscribeTo", "bufferSize", "bufferKeep"]
          : ["subscribeTo"];
    const unknown = Object.keys(o).filter((k) => !known.includes(k));
    if (unknown.length > 0) badOpts(`unknown options ${inspect(unknown)} (a ${kind} takes ${known.join(", ")})`);
    if (kind !== "consumer") {
      try {
        dispatcher = makeDispatcher(o.dispatcher as DispatcherSpec | undefined, {
          self: me,
          send: (to, m) => void s.send(to, m),
          log,
        });
      } catch (e) {
        badOpts(e instanceof Error ? e.message : inspect(e));
      }
      const size = o.bufferSize ?? (kind === "producer" ? 10000 : Infinity);
      if (!(size === Infinity || (Number.isInteger(size) && (size as number) >= 0))) {
        badOpts(`expected bufferSize to be an integer ≥ 0 or Infinity, got: ${inspect(size)}`);
      }
      buffer = new EventBuffer(size as number);
      keep = (o.bufferKeep ?? "last") as BufferKeep;
      if (keep !== "first" && keep !== "last") badOpts(`expected bufferKeep to be "first" or "last", got: ${inspect(keep)}`);
    }
    if (kind === "producer") {
      const d = o.demand ?? "forward";
      if (d !== "forward" && d !== "accumulate") badOpts(`expected demand to be "forward" or "accumulate", got: ${inspect(d)}`);
      accumulated = d === "accumulate" ? [] : null;
    }
    const to = o.subscribeTo ?? [];
    if (!Array.isArray(to)) badOpts(`expected subscribeTo to be a list, got: ${inspect(to)}`);
    return to as readonly SubscribeTo[];
  };

  /** Subscribe to each of `subscribeTo` in turn; a failure stops init. */
  const initSubscribe = (list: readonly SubscribeTo[]): Maybe<void> => {
    let i = 0;
    const step = (): Maybe<void> => {
      while (i < list.length) {
        const entry = list[i++];
        const [to, o] = Array.isArray(entry) ? (entry as readonly [ServerRef, SubscribeOpts]) : [entry as ServerRef, {}];
        const r = then(consumerSubscribe(null, to, o ?? {}), (out) => {
          if (out[0] === "stop") throw new StopStage(out[1]);
        });
        if (isThenable(r)) return r.then(step);
      }
    };
    return step();
  };

  const begin = (res: unknown): Maybe<void> => {
    if (res === "ignore") {
      ack("ignore");
      return;
    }
    if (Array.isArray(res) && res[0] === "stop" && res.length === 2) {
      ack(["error", res[1]]);
      throw new Exit(res[1]);
    }
    if (
      !Array.isArray(res) ||
      (res[0] !== "producer" && res[0] !== "producer_consumer" && res[0] !== "consumer") ||
      (res.length !== 2 && res.length !== 3) ||
      (res.length === 3 && (typeof res[2] !== "object" || res[2] === null || Array.isArray(res[2])))
    ) {
      ack(["error", ["bad_return_value", res]]);
      throw new Exit(["bad_return_value", res]);
    }
    type = res[0];
    state = res[1];
    const ok = () => {
      ack(["ok", me]);
      s.setHandler((msg) => guarded(() => onMessage(msg)), label);
    };
    const fail = (e: unknown) => {
      const reason = e instanceof StopStage ? e.reason : e instanceof Exit ? e.reason : ["error", e instanceof Error ? e.message : inspect(e)];
      ack(["error", reason]);
      throw new Exit(reason);
    };
    let r: Maybe<void>;
    try {
      r = initSubscribe(initOpts(type, (res[2] ?? {}) as Record<string, unknown>));
    } catch (e) {
      return fail(e);
    }
    return isThenable(r) ? r.then(ok, fail) : ok();
  };

  return then(mod.init(arg), begin);
}

/** GenStage as one namespace, as learners import it. */
export const GenStage = {
  start,
  startLink,
  syncSubscribe,
  asyncSubscribe,
  ask,
  cancel,
  demand,
  estimateBufferedCount,
  call,
  cast,
  reply,
  stop,
};

export type { DispatcherSpec, SubscribeOpts } from "./gen-stage/dispatcher";
export type { PartitionOpts } from "./gen-stage/partition-dispatcher";
export type { BufferKeep } from "./gen-stage/buffer";
