/**
 * The producer side of a stage (producers and producer_consumers): consumers subscribe,
 * ask and cancel; the dispatcher turns their asks into demand; demand is served from the
 * buffer first, then by `handleDemand` (or, in a producer_consumer, by upstream events).
 * Internal module.
 *
 *     [consumer] ──ask n──► dispatcher.ask ──demand──► buffer ──rest──► handleDemand(rest, state)
 *                                                                        │ (accumulate mode:
 *                                                                        └─ held until "forward")
 *
 *     const Counter = {
 *       init: (n: number) => ["producer", n, { demand: "accumulate" }],
 *       handleDemand: (demand: number, n: number) => ["noreply", range(n, n + demand), n + demand],
 *     };
 *     GenStage.demand(counter, "forward");   // now the held demand reaches handleDemand
 *
 * Mirrors gen_stage's GenStage "Producer helpers" (`producer_demand`, `producer_subscribe`,
 * `producer_cancel`, `take_from_buffer_or_handle_demand`) and its `$gen_producer` clauses.
 */
import { andThen, isThenable, type Maybe } from "../../kernel/async";
import { inspect } from "../../kernel/inspect";
import type { Ref } from "../../kernel/term";
import type { SubscribeOpts } from "./dispatcher";
import { takePcEvents } from "./producer-consumer";
import type { StageFrom } from "./protocol";
import { callback, dispatchEvents, log, noreply, StopStage, takeFromBuffer, type Stage } from "./stage";
import type { DemandMode } from "./types";

/** A message from a consumer: `["subscribe", current, opts]`, `["ask", n]` or `["cancel", reason]`. */
export function producerMessage(stage: Stage, from: StageFrom, body: readonly unknown[]): Maybe<void> {
  const { s, me, consumers } = stage;
  const [consumerPid, ref] = from;
  switch (body[0]) {
    case "subscribe": {
      if (consumers.has(ref)) {
        log(stage, `[error] GenStage producer ${stage.name} received duplicated subscription from: ${inspect(from)}`);
        s.send(consumerPid, ["$gen_consumer", [me, ref], "cancel", "duplicated_subscription"]);
        return;
      }
      const current = body[1] as readonly [Ref, unknown] | null;
      return andThen(current ? producerCancel(stage, current[0], "cancel", current[1]) : undefined, () => {
        const mon = s.monitor(consumerPid);
        stage.monitors.set(mon, ref);
        consumers.set(ref, { pid: consumerPid, mon });
        return producerSubscribe(stage, (body[2] ?? {}) as SubscribeOpts, from);
      });
    }
    case "ask": {
      if (consumers.has(ref)) return dispatcherResult(stage, stage.dispatcher!.ask(body[1] as number, from));
      s.send(consumerPid, ["$gen_consumer", [me, ref], "cancel", "unknown_subscription"]);
      return;
    }
    case "cancel":
      return producerCancel(stage, ref, "cancel", body[1]);
  }
}

/** A consumer subscribed: run `handleSubscribe`, then tell the dispatcher. */
function producerSubscribe(stage: Stage, subOpts: SubscribeOpts, from: StageFrom): Maybe<void> {
  const { mod } = stage;
  const r = mod.handleSubscribe ? mod.handleSubscribe("consumer", subOpts, from, stage.state) : (["automatic", stage.state] as const);
  return andThen(r, (r) => {
    if (Array.isArray(r) && r[0] === "automatic" && r.length === 2) {
      stage.state = r[1];
      // The dispatcher goes second: it may make demand, and the module must know of the consumer first.
      const d = stage.dispatcher!.subscribe(subOpts, from);
      if (typeof d === "number") return dispatcherResult(stage, d);
      return producerCancel(stage, from[1], "cancel", d[1]);
    }
    if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
      stage.state = r[2];
      throw new StopStage(r[1]);
    }
    throw new StopStage(["bad_return_value", r, "handleSubscribe"]);
  });
}

/**
 * End the subscription of consumer `ref` (`kind` "cancel": it asked; "down": it exited):
 * tell it, run `handleCancel`, and let the dispatcher forget it.
 */
export function producerCancel(stage: Stage, ref: Ref, kind: "cancel" | "down", reason: unknown): Maybe<void> {
  const { s, mod } = stage;
  const entry = stage.consumers.get(ref);
  if (entry === undefined) return;
  stage.consumers.delete(ref);
  stage.monitors.delete(entry.mon);
  s.demonitor(entry.mon, { flush: true });
  s.send(entry.pid, ["$gen_consumer", [stage.me, ref], "cancel", reason]);
  const from: StageFrom = [entry.pid, ref];
  const r = mod.handleCancel ? andThen(mod.handleCancel([kind, reason], from, stage.state), (r) => noreply(stage, r, "handleCancel")) : undefined;
  return andThen(r, () => dispatcherResult(stage, stage.dispatcher!.cancel(from)));
}

/** The dispatcher says: ask for `counter` more (from the buffer, then the source). */
function dispatcherResult(stage: Stage, counter: number): Maybe<void> {
  if (stage.type === "producer_consumer") {
    stage.pcDemand += counter;
    takeFromBuffer(stage, stage.pcDemand);
    return takePcEvents(stage);
  }
  return takeFromBufferOrHandleDemand(stage, counter);
}

/** Serve `counter` from the buffer; ask `handleDemand` for the rest (or hold it when accumulating). */
function takeFromBufferOrHandleDemand(stage: Stage, counter: number): Maybe<void> {
  const left = takeFromBuffer(stage, counter);
  if (left === 0) return;
  if (stage.accumulated !== null) {
    stage.accumulated.push(["demand", left]);
    return;
  }
  return andThen(callback(stage, "handleDemand")(left, stage.state), (r) => noreply(stage, r, "handleDemand"));
}

/** `GenStage.demand(stage, mode)`: hold demand ("accumulate"), or release what was held ("forward"). */
export function setDemandMode(stage: Stage, mode: DemandMode): Maybe<void> {
  if (stage.type === "producer_consumer" && mode === "forward") return; // the only mode they have
  if (stage.type !== "producer") {
    log(stage, `[error] Demand mode can only be set for producers, GenStage ${stage.name} is a ${stage.type}`);
    return;
  }
  if (mode === "accumulate") {
    stage.accumulated ??= [];
    return;
  }
  const held = stage.accumulated;
  stage.accumulated = null;
  if (held === null) return;
  let i = 0;
  const step = (): Maybe<void> => {
    while (i < held.length) {
      const a = held[i++];
      const r = a[0] === "demand" ? takeFromBufferOrHandleDemand(stage, a[1]) : dispatchEvents(stage, a[1]);
      if (isThenable(r)) return r.then(step);
    }
  };
  return step();
}
