/**
 * Demand bookkeeping on the consumer's side: how many events a subscription still expects,
 * how a batch that arrives is cut for `handleEvents`, and when to ask for more. Pure
 * functions. Internal module.
 *
 *     maxDemand 1000, minDemand 500:
 *     subscribe ──ask 1000──►                      outstanding 1000
 *     ◄── 1000 events ──  handleEvents(500) ──►    outstanding  500 ≤ min: ask 500 → 1000
 *                         handleEvents(500) ──►    outstanding  500 ≤ min: ask 500 → 1000
 *
 * A consumer asks for `maxDemand` at once, handles events in batches of at most
 * `maxDemand - minDemand`, and after each batch, when what it still expects has fallen to
 * `minDemand`, asks for enough to be back at `maxDemand`.
 *
 *     splitBatches(events1000, 500, 1000, 1000, warn);
 *     // [1000, [[first500, 500], [last500, 500]]]: handle, ask 500; handle, ask 500
 *
 * Mirrors gen_stage's GenStage.Utils (`split_batches`, the `validate_*` of subscription options).
 */
import { inspect } from "../../kernel/inspect";
import type { SubscribeOpts } from "./dispatcher";
import type { CancelMode } from "./types";

/** `maxDemand` when the subscription does not say. */
export const DEFAULT_MAX_DEMAND = 1000;

/** A consumer's automatic demand for one subscription: `[outstanding, min, max]`. */
export type DemandWindow = [outstanding: number, min: number, max: number];

/** A subscription's settings, read from the consumer's options. */
export interface Subscription {
  max: number;
  min: number;
  cancel: CancelMode;
}

/**
 * Read and check `maxDemand` (default 1000), `minDemand` (default `Math.floor(max / 2)`, as
 * gen_stage's `div(max, 2)`) and `cancel` (default "permanent"); a string says what is wrong.
 */
export function readSubscription(opts: SubscribeOpts): Subscription | string {
  const max = opts.maxDemand ?? DEFAULT_MAX_DEMAND;
  if (!Number.isInteger(max) || max < 1) return `expected maxDemand to be an integer ≥ 1, got: ${inspect(max)}`;
  const min = opts.minDemand ?? Math.floor(max / 2);
  if (!Number.isInteger(min) || min < 0 || min > max - 1) {
    return `expected minDemand to be an integer from 0 to ${max - 1}, got: ${inspect(min)}`;
  }
  const cancel = opts.cancel ?? "permanent";
  if (cancel !== "permanent" && cancel !== "transient" && cancel !== "temporary") {
    return `expected cancel to be one of "temporary", "transient", "permanent", got: ${inspect(cancel)}`;
  }
  return { max, min, cancel };
}

/**
 * Split `events` into batches of at most `max - min` and compute the demand to ask after
 * each: returns the new outstanding demand and `[batch, ask]` pairs (an ask of 0: don't ask
 * yet). Events beyond the outstanding `demand` are reported to `onExcess` and not asked for
 * again. gen_stage's `Utils.split_batches`.
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
