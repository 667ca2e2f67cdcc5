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
 * This folder, one concept per file: index.ts (this: the client API), types.ts (the callbacks
 * and their results), protocol.ts (the messages between stages), server.ts (the process:
 * init and message routing), stage.ts (its state, and dispatching a callback's events),
 * producer.ts / consumer.ts / producer-consumer.ts (each side of a subscription), demand.ts
 * (a consumer's demand bookkeeping, pure), dispatcher.ts and one file per dispatcher, and
 * buffer.ts.
 *
 * Mirrors elixir-lang/gen_stage's GenStage (lib/gen_stage.ex, its dispatchers and buffer).
 */
import { activeScheduler } from "../../kernel/current";
import { inspect } from "../../kernel/inspect";
import {
  callTagged,
  cast as genCast,
  reply as genReply,
  startBehaviour,
  stop as genStop,
  type From,
  type OnStart,
  type StartOpts,
} from "../gen-server";
import type { ServerRef } from "../name";
import type { StageFrom } from "./protocol";
import { serve } from "./server";
import type { DemandMode, GenStageModule, SubscribeReply, SubscriptionOpts } from "./types";

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

// Server (callbacks): server.ts, and the producer, consumer and producer_consumer sides it
// routes to (producer.ts, consumer.ts, producer-consumer.ts), over the state in stage.ts.

export type { BufferKeep } from "./buffer";
export type { DispatcherSpec, SubscribeOpts } from "./dispatcher";
export type { PartitionOpts } from "./partition-dispatcher";
export type { ConsumerMessage, ProducerMessage, StageFrom, StageRequest } from "./protocol";
export type {
  CallResult,
  CancelMode,
  Cancellation,
  ConsumerOpts,
  DemandMode,
  GenStageModule,
  InitResult,
  NoReplyResult,
  ProducerConsumerOpts,
  ProducerOpts,
  StageType,
  SubscribeReply,
  SubscribeResult,
  SubscribeTo,
  SubscriptionOpts,
} from "./types";
