/**
 * The messages stages send each other, and the requests the client functions send a stage.
 * Internal module.
 *
 *     [consumer] ──["$gen_producer", [consumer, ref], ["subscribe", current, opts]]──► [producer]
 *     [consumer] ──["$gen_producer", [consumer, ref], ["ask", n]]────────────────────► [producer]
 *     [producer] ──["$gen_consumer", [producer, ref], events]────────────────────────► [consumer]
 *     [producer] ──["$gen_consumer", [producer, ref], "cancel", reason]──────────────► [consumer]
 *
 * `ref` is the consumer's monitor of the producer: one ref names the subscription on both
 * sides. A cancellation to a consumer is a 4-tuple, so it cannot be mistaken for a batch of
 * two events (Elixir tells a `{:cancel, reason}` tuple from a list; JavaScript can't).
 *
 *     send(producer, ["$gen_producer", [self(), ref], ["ask", 10]]);   // what GenStage.ask does
 *
 * Mirrors the "Message protocol overview" of gen_stage's GenStage module doc.
 */
import type { Pid, Ref } from "../../kernel/term";
import type { ServerRef } from "../name";
import type { SubscribeOpts } from "./dispatcher";
import type { DemandMode } from "./types";

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
