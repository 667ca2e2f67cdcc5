/**
 * A stage's state, and what every stage does with a callback's result. Internal module.
 *
 *     callback ──["noreply", events, state']──► stage.state = state'
 *                                              events ──► dispatcher ──► consumers
 *                                                             └─ no demand ──► buffer
 *
 * One process owns a `Stage` and mutates it in place; the handlers in consumer.ts,
 * producer-consumer.ts, producer.ts and server.ts each take it as their first argument.
 *
 *     const r = mod.handleInfo(msg, stage.state);
 *     andThen(r, (r) => noreply(stage, r, "handleInfo"));   // new state; events dispatched
 *
 * Mirrors gen_stage's `%GenStage{}` struct and its "Shared helpers" (`noreply_callback`),
 * `dispatch_events`, `buffer_events` and `take_from_buffer`.
 */
import { inspect } from "../../kernel/inspect";
import type { Scheduler } from "../../kernel/scheduler";
import type { Pid, Ref } from "../../kernel/term";
import type { BufferKeep, EventBuffer, Queue } from "./buffer";
import type { DemandWindow } from "./demand";
import type { Dispatcher } from "./dispatcher";
import type { StageFrom } from "./protocol";
import type { CancelMode, Cancellation, GenStageModule, StageType } from "./types";

/** A producer a consumer subscribed to: `demand` is its window, or "manual" (`GenStage.ask`). */
export interface ProducerEntry {
  pid: Pid;
  cancel: CancelMode;
  demand: DemandWindow | "manual";
}

/** A consumer subscribed to this producer, and this producer's monitor of it. */
export interface ConsumerEntry {
  pid: Pid;
  mon: Ref;
}

/** A producer_consumer's queue: events waiting for downstream demand, and cancels behind them. */
export type PcEntry =
  | readonly ["events", unknown[], Ref, Pid]
  | readonly ["cancel", CancelMode, Cancellation, StageFrom];

/** What accumulate mode holds until "forward". */
export type Accumulated = readonly ["demand", number] | readonly ["dispatch", unknown[]];

/** A stage's state (gen_stage's `%GenStage{}`), mutated in place by the process that owns it. */
export interface Stage {
  readonly mod: GenStageModule;
  readonly s: Scheduler;
  readonly me: Pid;
  /** Shown in the process table and in some log lines. */
  readonly label: string;
  /** How log lines name this stage: its registered name, else its pid. */
  readonly name: string;
  /** The process that started it linked (a trapping stage stops when it exits). */
  readonly parent: Pid | undefined;
  type: StageType;
  /** The module's state. */
  state: any;
  dispatcher: Dispatcher | undefined;
  buffer: EventBuffer | undefined;
  keep: BufferKeep;
  /** Producer in accumulate mode: what waits for "forward" (null: forwarding). */
  accumulated: Accumulated[] | null;
  /** Producer side: subscription ref → the consumer. */
  readonly consumers: Map<Ref, ConsumerEntry>;
  /** Producer side: monitor ref of a consumer → its subscription ref. */
  readonly monitors: Map<Ref, Ref>;
  /** Consumer side: subscription ref → the producer. */
  readonly producers: Map<Ref, ProducerEntry>;
  /** producer_consumer: upstream events (and cancels) waiting for downstream demand. */
  readonly pcQueue: Queue<PcEntry>;
  /** producer_consumer: demand downstream consumers have given and not yet received. */
  pcDemand: number;
}

/** Thrown inside the server to stop the stage with `reason` (terminate runs first). */
export class StopStage {
  constructor(readonly reason: unknown) {}
}

/** Write an error, warning or info line to the stage's output. */
export function log(stage: Stage, text: string): void {
  stage.s.output(stage.me, text, "error");
}

/** The module's `name` callback, bound; stops the stage when it is not defined. */
export function callback<K extends "handleDemand" | "handleCast" | "handleInfo">(stage: Stage, name: K): NonNullable<GenStageModule[K]> {
  const f = stage.mod[name];
  if (typeof f !== "function") throw new StopStage(["undef", `${stage.label}.${name} is not defined`]);
  return f.bind(stage.mod) as NonNullable<GenStageModule[K]>;
}

/** Take a `["noreply", events, state]` / `["stop", reason, state]` result from callback `what`. */
export function noreply(stage: Stage, r: unknown, what: string): void {
  if (Array.isArray(r) && r[0] === "noreply" && r.length === 3 && Array.isArray(r[1])) {
    stage.state = r[2];
    return dispatchEvents(stage, r[1] as unknown[]);
  }
  if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
    stage.state = r[2];
    throw new StopStage(r[1]);
  }
  throw new StopStage(["bad_return_value", r, what]);
}

/** Send events through the dispatcher; buffer what nobody has demand for. */
export function dispatchEvents(stage: Stage, events: unknown[]): void {
  if (events.length === 0) return;
  if (stage.type === "consumer") {
    log(stage, `[error] GenStage consumer ${stage.name} cannot dispatch events (an empty list must be returned): ${inspect(events)}`);
    return;
  }
  if (stage.accumulated !== null) {
    stage.accumulated.push(["dispatch", events]);
    return;
  }
  const length = events.length;
  const left = stage.dispatcher!.dispatch(events, length);
  if (stage.type === "producer_consumer") stage.pcDemand = Math.max(stage.pcDemand - (length - left.length), 0);
  if (left.length > 0) bufferEvents(stage, left);
}

/** Keep events nobody asked for; log how many a full buffer dropped. */
function bufferEvents(stage: Stage, events: unknown[]): void {
  const excess = stage.buffer!.store(events, stage.keep);
  if (excess > 0 && stage.mod.formatDiscarded?.(excess, stage.state) !== false) {
    log(stage, `[warning] GenStage producer ${stage.name} has discarded ${excess} events from buffer`);
  }
}

/** Serve `counter` from the buffer first: returns the demand still unmet. */
export function takeFromBuffer(stage: Stage, counter: number): number {
  if (stage.buffer!.count === 0 || counter === 0) return counter;
  const events = stage.buffer!.take(counter);
  dispatchEvents(stage, events);
  return counter - events.length;
}
