/**
 * What a stage shows on the page's charts: its buffered events and its outstanding demand,
 * published as read gauges (kernel/gauges.ts), so the stats sampler reads them a few times a
 * second and the stage's own message path pays nothing. Internal module.
 *
 *     [producer] buffer: events nobody asked for yet    demand: events its consumers asked for, not yet sent
 *     [producer_consumer] buffer: + upstream events waiting for downstream demand
 *     [consumer] demand: events it asked its producers for, not yet received
 *
 *     publishGauges(stage);   // once the stage has started (server.ts)
 *
 * gen_stage has no gauges; `GenStage.estimate_buffered_count/1` is the nearest.
 */
import { gaugesOf } from "../../kernel/gauges";
import type { Stage } from "./stage";

/** Publish `stage`'s `buffer` (not for a consumer) and `demand` gauges. */
export function publishGauges(stage: Stage): void {
  const g = gaugesOf(stage.s);
  if (stage.type !== "consumer") g.read(stage.me, "buffer", () => bufferedEvents(stage));
  g.read(stage.me, "demand", () => outstandingDemand(stage));
}

/** Events the stage holds: its buffer, and a producer_consumer's upstream batches not yet handled. */
export function bufferedEvents(stage: Stage): number {
  let n = stage.buffer?.count ?? 0;
  if (stage.type === "producer_consumer") for (const e of stage.pcQueue.toArray()) if (e[0] === "events") n += e[1].length;
  return n;
}

/** Demand given and not yet met: a producer's consumers' (downstream); a consumer's own (upstream). */
export function outstandingDemand(stage: Stage): number {
  if (stage.type !== "consumer") return stage.dispatcher?.outstanding() ?? 0;
  let n = 0;
  for (const p of stage.producers.values()) if (p.demand !== "manual") n += p.demand[0];
  return n;
}
