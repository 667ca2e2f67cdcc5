/**
 * A dispatcher: how a producer shares its events among its consumers. Internal module.
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
 *     const d = makeDispatcher("DemandDispatcher", { self: producer, send, log });
 *     d.subscribe({}, [consumer, ref]);   // 0: nothing to ask yet
 *     d.ask(10, [consumer, ref]);         // 10: ask handleDemand for 10
 *     d.dispatch([1, 2, 3], 3);           // [] (all three sent to the consumer)
 *
 * Each dispatcher has its own file (demand-, broadcast-, partition-dispatcher.ts). Mirrors
 * gen_stage's GenStage.Dispatcher behaviour (`info` messages are not supported).
 */
import { inspect } from "../../kernel/inspect";
import type { Pid, Ref } from "../../kernel/term";
import { BroadcastDispatcher } from "./broadcast-dispatcher";
import { DemandDispatcher, type DemandDispatcherOpts } from "./demand-dispatcher";
import { PartitionDispatcher, type PartitionOpts } from "./partition-dispatcher";

/** A subscription as the producer sees it: `[consumerPid, subscriptionRef]`. */
export type SubFrom = readonly [Pid, Ref];

/** What a dispatcher may do to the world. */
export interface DispatcherContext {
  /** The producer the dispatcher works for. */
  self: Pid;
  /** Send `msg` to `to` (a consumer, or the producer itself). */
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
  /** Events consumers have asked for and not yet been sent (the stage's `demand` gauge). */
  outstanding(): number;
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

/** How a producer names its dispatcher in `init`'s options. */
export type DispatcherSpec =
  | "DemandDispatcher"
  | readonly ["DemandDispatcher", DemandDispatcherOpts]
  | "BroadcastDispatcher"
  | readonly ["PartitionDispatcher", PartitionOpts];

/** Build the dispatcher `spec` names. Throws on a bad spec (the stage's init then fails). */
export function makeDispatcher(spec: DispatcherSpec | undefined, ctx: DispatcherContext): Dispatcher {
  const [name, opts] = typeof spec === "string" || spec === undefined ? [spec ?? "DemandDispatcher", {}] : spec;
  switch (name) {
    case "DemandDispatcher":
      return new DemandDispatcher(ctx, opts as DemandDispatcherOpts);
    case "BroadcastDispatcher":
      return new BroadcastDispatcher(ctx);
    case "PartitionDispatcher":
      return new PartitionDispatcher(ctx, opts as PartitionOpts);
  }
  throw new Error(
    `expected dispatcher to be "DemandDispatcher", "BroadcastDispatcher" or ["PartitionDispatcher", { partitions }], got: ${inspect(spec)}`,
  );
}
