/**
 * The consumer side of a stage (consumers and producer_consumers): subscribing to
 * producers, receiving their events in batches, asking for more, and reacting when a
 * subscription ends. Internal module.
 *
 *     [producer] ──events──► consumerEvents ─► splitBatches ─► handleEvents(batch) ─► ask n ──► [producer]
 *                ──cancel──► consumerCancel ─► handleCancel ─► stop? (per cancel mode)
 *
 * A subscription is the consumer's monitor of its producer: the monitor ref names it on
 * both sides, and the producer's DOWN ends it as a cancellation would.
 *
 *     await GenStage.syncSubscribe(consumer, { to: producer, maxDemand: 10, cancel: "transient" });
 *     // consumerSubscribe: monitor, send ["subscribe", ...], handleSubscribe, ask 10
 *
 * Cancel modes: `permanent` (default) stops the consumer when its producer goes away,
 * `transient` unless the reason is normal or shutdown, `temporary` never.
 *
 * Mirrors gen_stage's GenStage "Consumer helpers" (`consumer_subscribe`, `consumer_receive`,
 * `consumer_dispatch`, `consumer_cancel`, `invoke_cancel`) and its `$gen_consumer` clauses.
 */
import { andThen, isThenable, type Maybe } from "../../kernel/async";
import { inspect } from "../../kernel/inspect";
import type { Pid, Ref } from "../../kernel/term";
import { whereis, type ServerRef } from "../name";
import { selectorCrossesSchedulers } from "./broadcast-dispatcher";
import { readSubscription, splitBatches } from "./demand";
import type { SubscribeOpts } from "./dispatcher";
import type { StageFrom } from "./protocol";
import { dispatchEvents, log, noreply, StopStage, type ProducerEntry, type Stage } from "./stage";
import type { CancelMode, Cancellation } from "./types";

/** What subscribing answers the caller, and whether the stage must then stop. */
export type SubscribeOutcome = readonly ["reply", unknown] | readonly ["stop", unknown, unknown];

/** Ask the producer of subscription `from` for `n` more events. */
function askProducer(stage: Stage, from: StageFrom, n: number): void {
  stage.s.send(from[0], ["$gen_producer", [stage.me, from[1]], ["ask", n]]);
}

/** normal, shutdown or ["shutdown", _]: a transient subscription survives these. */
function isTransientShutdown(reason: unknown): boolean {
  return reason === "normal" || reason === "shutdown" || (Array.isArray(reason) && reason.length === 2 && reason[0] === "shutdown");
}

/**
 * Subscribe to `to` (cancelling `current` on it first, when given): monitor it, send it the
 * subscription, run `handleSubscribe`, and ask for `maxDemand` when automatic.
 */
export function consumerSubscribe(
  stage: Stage,
  current: readonly [Ref, unknown] | null,
  to: ServerRef,
  subOpts: SubscribeOpts,
): Maybe<SubscribeOutcome> {
  const { s, mod } = stage;
  if (stage.type === "producer") {
    log(stage, `[error] GenStage producer ${stage.name} cannot be subscribed to another stage: ${inspect(to)}`);
    return ["reply", ["error", "not_a_consumer"]];
  }
  const bad = (why: string): SubscribeOutcome => {
    log(stage, `[error] GenStage consumer ${stage.name} subscribe received invalid option: ${why}`);
    return ["reply", ["error", ["bad_opts", why]]];
  };
  const sub = readSubscription(subOpts);
  if (typeof sub === "string") return bad(sub);
  const { max, min, cancel: mode } = sub;
  let pid: Pid | undefined;
  try {
    pid = whereis(to);
  } catch {
    pid = undefined;
  }
  if (pid === undefined) {
    if (mode === "temporary") return ["reply", ["ok", s.makeRef()]];
    log(stage, `[error] GenStage consumer ${stage.label} was not able to subscribe to the process ${inspect(to)} because that process is not alive`);
    return ["stop", "noproc", ["ok", s.makeRef()]];
  }
  if (selectorCrossesSchedulers(subOpts, pid, s.index)) {
    return bad(`a selector is a function, and functions cannot be sent to another scheduler: start ${inspect(to)} and this stage on one scheduler`);
  }
  const ref = s.monitor(pid);
  s.send(pid, ["$gen_producer", [stage.me, ref], ["subscribe", current, subOpts]]);
  const from: StageFrom = [pid, ref];
  const r = mod.handleSubscribe ? mod.handleSubscribe("producer", subOpts, from, stage.state) : (["automatic", stage.state] as const);
  return andThen(r, (r): SubscribeOutcome => {
    if (Array.isArray(r) && r[0] === "automatic" && r.length === 2) {
      stage.state = r[1];
      askProducer(stage, from, max);
      stage.producers.set(ref, { pid: pid!, cancel: mode, demand: [max, min, max] });
      return ["reply", ["ok", ref]];
    }
    if (Array.isArray(r) && r[0] === "manual" && r.length === 2) {
      stage.state = r[1];
      stage.producers.set(ref, { pid: pid!, cancel: mode, demand: "manual" });
      return ["reply", ["ok", ref]];
    }
    if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
      stage.state = r[2];
      throw new StopStage(r[1]);
    }
    throw new StopStage(["bad_return_value", r, "handleSubscribe"]);
  });
}

/** Batches for `handleEvents`, with the demand to ask after each (automatic subscriptions). */
export function consumerReceive(stage: Stage, from: StageFrom, entry: ProducerEntry, events: unknown[]): Array<[unknown[], number]> {
  if (entry.demand === "manual") return [[events, 0]];
  const [outstanding, min, max] = entry.demand;
  const [next, batches] = splitBatches(events, min, max, outstanding, (n) =>
    log(stage, `[error] GenStage consumer ${stage.name} has received ${n} events in excess from: ${inspect(from)}`),
  );
  entry.demand = [next, min, max];
  return batches;
}

/** Run `handleEvents` on each batch, asking upstream after each as planned. */
export function consumerDispatch(stage: Stage, batches: Array<[unknown[], number]>, from: StageFrom): Maybe<void> {
  const { mod } = stage;
  const handle = mod.handleEvents;
  if (typeof handle !== "function") throw new StopStage(["undef", `${stage.label}.handleEvents is not defined`]);
  let i = 0;
  const after = (r: unknown, n: number): void => {
    if (Array.isArray(r) && r[0] === "noreply" && r.length === 3 && Array.isArray(r[1])) {
      stage.state = r[2];
      dispatchEvents(stage, r[1] as unknown[]);
      if (n > 0) askProducer(stage, from, n);
      return;
    }
    if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
      stage.state = r[2];
      throw new StopStage(r[1]);
    }
    throw new StopStage(["bad_return_value", r, "handleEvents"]);
  };
  const step = (): Maybe<void> => {
    while (i < batches.length) {
      const [batch, n] = batches[i++];
      const r = handle.call(mod, batch, from, stage.state);
      if (isThenable(r)) return r.then((r) => (after(r, n), step()));
      after(r, n);
    }
  };
  return step();
}

/**
 * A batch arrived from a producer (a consumer's; a producer_consumer queues it instead):
 * split it, handle each part, ask for more. An unknown subscription is cancelled.
 */
export function consumerEvents(stage: Stage, from: StageFrom, events: unknown[]): Maybe<void> {
  const entry = knownProducer(stage, from);
  if (entry === undefined) return;
  return consumerDispatch(stage, consumerReceive(stage, from, entry, events), from);
}

/** The subscription `from` names; when there is none, tell its producer to cancel it. */
export function knownProducer(stage: Stage, [producerPid, ref]: StageFrom): ProducerEntry | undefined {
  const entry = stage.producers.get(ref);
  if (entry === undefined) stage.s.send(producerPid, ["$gen_producer", [stage.me, ref], ["cancel", "unknown_subscription"]]);
  return entry;
}

/**
 * Subscription `ref` ended (`kind` "cancel": the producer cancelled; "down": it exited).
 * A producer_consumer handles it after the events queued before it.
 */
export function consumerCancel(stage: Stage, ref: Ref, kind: "cancel" | "down", reason: unknown): Maybe<void> {
  const entry = stage.producers.get(ref);
  if (entry === undefined) return;
  stage.producers.delete(ref);
  stage.s.demonitor(ref, { flush: true });
  const cancellation: Cancellation = [kind, reason];
  const from: StageFrom = [entry.pid, ref];
  if (stage.type === "producer_consumer" && stage.pcQueue.length > 0) {
    stage.pcQueue.push(["cancel", entry.cancel, cancellation, from]);
    return;
  }
  return invokeCancel(stage, entry.cancel, cancellation, from);
}

/** Run `handleCancel`, then stop the stage when the cancel `mode` says so. */
export function invokeCancel(stage: Stage, mode: CancelMode, cancellation: Cancellation, from: StageFrom): Maybe<void> {
  const { mod } = stage;
  const r = mod.handleCancel ? andThen(mod.handleCancel(cancellation, from, stage.state), (r) => noreply(stage, r, "handleCancel")) : undefined;
  return andThen(r, () => {
    const reason = cancellation[1];
    if (mode === "permanent" || (mode === "transient" && !isTransientShutdown(reason))) {
      if (reason === "already_subscribed") return;
      log(stage, `[info] GenStage consumer ${stage.name} is stopping after receiving cancel from producer ${from[0]} with reason: ${inspect(reason)}`);
      throw new StopStage(reason);
    }
  });
}
