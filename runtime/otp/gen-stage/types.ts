/**
 * A GenStage module's shape: its callbacks, what each returns (closed unions of Elixir's
 * tuples, as arrays), and the options of `init` and of a subscription.
 *
 *     init(arg)                       → ["producer" | "producer_consumer" | "consumer", state, opts?]
 *     handleDemand(n, state)          → ["noreply", events, state]        (producers)
 *     handleEvents(events, from, st)  → ["noreply", events, state]        (the others)
 *
 *     const Printer: GenStageModule<null, null, number> = {
 *       init: () => ["consumer", null],
 *       handleEvents: (events, _from, s) => (IO.inspect(events), ["noreply", [], s]),
 *     };
 *
 * Mirrors the `@callback`s and option docs of gen_stage's GenStage module.
 */
import type { Ref } from "../../kernel/term";
import type { Maybe } from "../../kernel/async";
import type { From } from "../gen-server";
import type { ServerRef } from "../name";
import type { BufferKeep } from "./buffer";
import type { DispatcherSpec, SubscribeOpts } from "./dispatcher";
import type { StageFrom } from "./protocol";

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

/** What `syncSubscribe` resolves to. */
export type SubscribeReply = readonly ["ok", Ref] | readonly ["error", "not_a_consumer" | readonly ["bad_opts", string]];

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
  /** A subscription ended (see `Cancellation`). */
  handleCancel?(cancellation: Cancellation, from: StageFrom, state: S): Maybe<NoReplyResult<S, E>>;
  /** A `GenStage.call`. */
  handleCall?(request: any, from: From, state: S): Maybe<CallResult<S, E>>;
  /** A `GenStage.cast`. */
  handleCast?(request: any, state: S): Maybe<NoReplyResult<S, E>>;
  /** Any other message. */
  handleInfo?(msg: any, state: S): Maybe<NoReplyResult<S, E>>;
  /** The stage is stopping with `reason`. */
  terminate?(reason: unknown, state: S): unknown;
  /** Return false to silence the "discarded events" log line. */
  formatDiscarded?(discarded: number, state: S): boolean;
}
