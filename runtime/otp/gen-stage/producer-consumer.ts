/**
 * A producer_consumer between its producers and its consumers: it handles upstream events
 * only as fast as downstream asks for them. Internal module.
 *
 *     [producer] ──events──► pcQueue ──(while pcDemand > 0)──► handleEvents ──events──► [consumer]
 *                ◄──ask n───                                                ◄──ask n───
 *
 * Events from upstream wait in `pcQueue`; `pcDemand` is what the consumers downstream have
 * asked for and not yet received. A cancellation that arrives behind queued events waits
 * its turn, so `handleCancel` sees the subscription's events first.
 *
 *     const Doubler = {
 *       init: () => ["producer_consumer", null],
 *       handleEvents: (events: number[], _from: StageFrom, s: null) => ["noreply", events.map((x) => x * 2), s],
 *     };
 *
 * Mirrors gen_stage's GenStage "Producer consumer helpers" (`take_pc_events`, `send_pc_events`).
 */
import { isThenable, type Maybe } from "../../kernel/async";
import { consumerDispatch, consumerReceive, invokeCancel, knownProducer } from "./consumer";
import type { StageFrom } from "./protocol";
import type { Stage } from "./stage";

/** A batch arrived from a producer: queue it, then handle what downstream demand allows. */
export function pcEvents(stage: Stage, from: StageFrom, events: unknown[]): Maybe<void> {
  if (knownProducer(stage, from) === undefined) return;
  stage.pcQueue.push(["events", events, from[1], from[0]]);
  return takePcEvents(stage);
}

/** Handle queued upstream events (and cancels) while downstream has demand. */
export function takePcEvents(stage: Stage): Maybe<void> {
  while (stage.pcDemand > 0) {
    const e = stage.pcQueue.shift();
    if (e === undefined) return;
    let r: Maybe<void>;
    if (e[0] === "cancel") {
      r = invokeCancel(stage, e[1], e[2], e[3]);
    } else {
      const [, events, ref, pid] = e;
      const entry = stage.producers.get(ref);
      const from: StageFrom = [entry?.pid ?? pid, ref];
      // Queued, but the producer was removed meanwhile: handle them without asking for more.
      r = consumerDispatch(stage, entry ? consumerReceive(stage, from, entry, events) : [[events, 0]], from);
    }
    if (isThenable(r)) return r.then(() => takePcEvents(stage));
  }
}
