/**
 * The stage process: it claims its name, runs `init`, then handles one message at a time,
 * routing each to the producer side, the consumer side, or the module's callbacks.
 * Internal module (the client functions in index.ts start it).
 *
 *     ["$gen_producer", from, body]  ──► producerMessage     (a consumer of ours subscribes/asks/cancels)
 *     ["$gen_consumer", from, ...]   ──► consumerEvents | pcEvents | consumerCancel
 *     ["DOWN", ref, ...]             ──► consumerCancel | producerCancel   (the other side exited)
 *     ["$gen_call", from, request]   ──► handleCall   (or "$subscribe", "$demand", ...)
 *     ["$gen_cast", request]         ──► handleCast   (or "$subscribe", ["$demand", mode])
 *     anything else                  ──► handleInfo
 *
 * A callback that returns `["stop", reason, state]` (or fails) runs `terminate`, then the
 * process exits with the reason.
 *
 *     startBehaviour((ack, parent) => serve(Counter, 0, {}, ack, parent), false);
 *
 * Mirrors gen_stage's GenStage "Callbacks" section (`init`, `handle_call`, `handle_cast`,
 * `handle_info`, `terminate`); the options are checked as `init_producer`,
 * `init_producer_consumer` and `init_consumer` do.
 */
import { andThen, isThenable, type Maybe } from "../../kernel/async";
import { activeScheduler } from "../../kernel/current";
import { inspect } from "../../kernel/inspect";
import { Exit, Kill, type Pid, type Ref } from "../../kernel/term";
import { reply as genReply, type From, type OnStart, type StartOpts } from "../gen-server";
import { behaviourLabel, claimName, type ServerRef } from "../name";
import { EventBuffer, Queue, type BufferKeep } from "./buffer";
import { consumerCancel, consumerEvents, consumerSubscribe } from "./consumer";
import { makeDispatcher, type DispatcherSpec, type SubscribeOpts } from "./dispatcher";
import { producerCancel, producerMessage, setDemandMode } from "./producer";
import { publishGauges } from "./gauges";
import { pcEvents } from "./producer-consumer";
import type { StageFrom } from "./protocol";
import { callback, dispatchEvents, log, noreply, StopStage, type Stage } from "./stage";
import type { GenStageModule, StageType, SubscribeTo } from "./types";

/** The stage process's body: register, init, then handle messages until stopped. */
export function serve<S, A>(
  mod: GenStageModule<S, A>,
  arg: A,
  opts: StartOpts,
  ack: (r: OnStart) => void,
  parent: Pid | undefined,
): unknown {
  const s = activeScheduler();
  const me = s.self().pid;
  return andThen(claimName(opts.name, me, ack), (claimed) => {
    if (!claimed) return;
    const stage: Stage = {
      mod,
      s,
      me,
      label: behaviourLabel(mod.name, opts.name, "GenStage"),
      name: typeof opts.name === "string" ? opts.name : me,
      parent,
      type: "consumer",
      state: undefined,
      dispatcher: undefined,
      buffer: undefined,
      keep: "last",
      accumulated: null,
      consumers: new Map(),
      monitors: new Map(),
      producers: new Map(),
      pcQueue: new Queue(),
      pcDemand: 0,
    };
    return andThen(mod.init(arg), (res) => begin(stage, res, ack));
  });
}

// Messages ──────────────────────────────────────────────────────────────────────

/** Route one message; a stop or an error ends the stage (see `failed`). */
function handle(stage: Stage, msg: unknown): unknown {
  let r: Maybe<void>;
  try {
    r = onMessage(stage, msg);
  } catch (e) {
    return failed(stage, e);
  }
  return isThenable(r) ? r.then(undefined, (e) => failed(stage, e)) : r;
}

function onMessage(stage: Stage, msg: unknown): Maybe<void> {
  if (Array.isArray(msg)) {
    switch (msg[0]) {
      case "$gen_consumer": {
        if (stage.type === "producer") {
          log(stage, `[error] GenStage producer ${stage.name} received $gen_consumer message: ${inspect(msg)}`);
          return;
        }
        const from = msg[1] as StageFrom;
        if (msg.length === 4 && msg[2] === "cancel") return consumerCancel(stage, from[1], "cancel", msg[3]);
        const events = msg[2] as unknown[];
        return stage.type === "producer_consumer" ? pcEvents(stage, from, events) : consumerEvents(stage, from, events);
      }
      case "$gen_producer":
        if (stage.type === "consumer") {
          log(stage, `[error] GenStage consumer ${stage.name} received $gen_producer message: ${inspect(msg)}`);
          return;
        }
        return producerMessage(stage, msg[1], msg[2]);
      case "DOWN": {
        const ref = msg[1] as Ref;
        if (stage.producers.has(ref)) return consumerCancel(stage, ref, "down", msg[4]);
        const sub = stage.monitors.get(ref);
        if (sub !== undefined) return producerCancel(stage, sub, "down", msg[4]);
        break;
      }
      case "$gen_call":
        return onCall(stage, msg[2], msg[1] as From);
      case "$gen_cast":
        return onCast(stage, msg[1]);
      case "$gen_stop":
        throw new StopStage(msg[1]);
      case "EXIT":
        // A trapping stage whose parent (the process that linked it at start) died stops too.
        if (msg.length === 3 && stage.parent !== undefined && msg[1] === stage.parent) throw new StopStage(msg[2]);
    }
  }
  return onInfo(stage, msg);
}

/** A call: the client API's requests, else `handleCall`. */
function onCall(stage: Stage, request: unknown, from: From): Maybe<void> {
  const { mod } = stage;
  if (request === "$demand") {
    genReply(from, stage.accumulated === null ? "forward" : "accumulate");
    return;
  }
  if (request === "$estimate_buffered_count") {
    if (stage.type === "consumer") log(stage, `[error] Buffered count can only be requested for producers, GenStage ${stage.name} is a consumer`);
    genReply(from, stage.buffer?.count ?? 0);
    return;
  }
  if (Array.isArray(request) && request[0] === "$subscribe" && request.length === 4) {
    return andThen(consumerSubscribe(stage, request[1], request[2], request[3]), (o) => {
      genReply(from, o[0] === "reply" ? o[1] : o[2]);
      if (o[0] === "stop") throw new StopStage(o[1]);
    });
  }
  if (typeof mod.handleCall !== "function") throw new StopStage(["undef", `${stage.label}.handleCall is not defined`]);
  return andThen(mod.handleCall(request, from, stage.state), (r) => {
    if (Array.isArray(r) && r[0] === "reply" && r.length === 4 && Array.isArray(r[2])) {
      stage.state = r[3];
      dispatchEvents(stage, r[2] as unknown[]);
      genReply(from, r[1]);
      return;
    }
    if (Array.isArray(r) && r[0] === "stop" && r.length === 4) {
      stage.state = r[3];
      genReply(from, r[2]);
      throw new StopStage(r[1]);
    }
    return noreply(stage, r, "handleCall");
  });
}

/** A cast: the client API's requests, else `handleCast`. */
function onCast(stage: Stage, request: unknown): Maybe<void> {
  if (Array.isArray(request) && request[0] === "$demand" && request.length === 2) return setDemandMode(stage, request[1]);
  if (Array.isArray(request) && request[0] === "$subscribe" && request.length === 4) {
    return andThen(consumerSubscribe(stage, request[1], request[2], request[3]), (o) => {
      if (o[0] === "stop") throw new StopStage(o[1]);
    });
  }
  return andThen(callback(stage, "handleCast")(request, stage.state), (r) => noreply(stage, r, "handleCast"));
}

/** Any other message: `handleInfo`, or a warning when there is none. */
function onInfo(stage: Stage, msg: unknown): Maybe<void> {
  const { mod } = stage;
  if (typeof mod.handleInfo !== "function") {
    log(stage, `[warning] Undefined handleInfo in ${stage.label} ${stage.me}; unhandled message: ${inspect(msg)}`);
    return;
  }
  return andThen(mod.handleInfo(msg, stage.state), (r) => noreply(stage, r, "handleInfo"));
}

/** A stop runs terminate, then exits; an error runs terminate quietly and ends the process. */
function failed(stage: Stage, e: unknown): unknown {
  const { mod } = stage;
  if (e instanceof StopStage) {
    return andThen(mod.terminate?.(e.reason, stage.state) as Maybe<unknown>, () => {
      throw new Exit(e.reason);
    });
  }
  if (!(e instanceof Exit) && !(e instanceof Kill)) {
    try {
      const r = mod.terminate?.(["error", e instanceof Error ? e.message : inspect(e)], stage.state);
      if (isThenable(r)) r.then(undefined, () => {});
    } catch {
      // terminate itself failed: the original error is the reason that matters.
    }
  }
  throw e;
}

// Init ──────────────────────────────────────────────────────────────────────────

/** Take `init`'s result: ack the starter, check the options, subscribe, then serve messages. */
function begin(stage: Stage, res: unknown, ack: (r: OnStart) => void): Maybe<void> {
  if (res === "ignore") {
    ack("ignore");
    return;
  }
  if (Array.isArray(res) && res[0] === "stop" && res.length === 2) {
    ack(["error", res[1]]);
    throw new Exit(res[1]);
  }
  if (
    !Array.isArray(res) ||
    (res[0] !== "producer" && res[0] !== "producer_consumer" && res[0] !== "consumer") ||
    (res.length !== 2 && res.length !== 3) ||
    (res.length === 3 && (typeof res[2] !== "object" || res[2] === null || Array.isArray(res[2])))
  ) {
    ack(["error", ["bad_return_value", res]]);
    throw new Exit(["bad_return_value", res]);
  }
  stage.type = res[0];
  stage.state = res[1];
  const ok = () => {
    ack(["ok", stage.me]);
    publishGauges(stage);
    stage.s.setHandler((msg) => handle(stage, msg), stage.label);
  };
  const fail = (e: unknown) => {
    const reason = e instanceof StopStage ? e.reason : e instanceof Exit ? e.reason : ["error", e instanceof Error ? e.message : inspect(e)];
    ack(["error", reason]);
    throw new Exit(reason);
  };
  let r: Maybe<void>;
  try {
    r = initSubscribe(stage, initOpts(stage, stage.type, (res[2] ?? {}) as Record<string, unknown>));
  } catch (e) {
    return fail(e);
  }
  return isThenable(r) ? r.then(ok, fail) : ok();
}

function badOpts(why: string): never {
  throw new StopStage(["bad_opts", why]);
}

/** Check `init`'s options for a stage of `kind`, set up dispatcher and buffer; returns `subscribeTo`. */
function initOpts(stage: Stage, kind: StageType, o: Record<string, unknown>): readonly SubscribeTo[] {
  const known =
    kind === "producer"
      ? ["dispatcher", "bufferSize", "bufferKeep", "demand"]
      : kind === "producer_consumer"
        ? ["dispatcher", "subscribeTo", "bufferSize", "bufferKeep"]
        : ["subscribeTo"];
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length > 0) badOpts(`unknown options ${inspect(unknown)} (a ${kind} takes ${known.join(", ")})`);
  if (kind !== "consumer") {
    try {
      stage.dispatcher = makeDispatcher(o.dispatcher as DispatcherSpec | undefined, {
        self: stage.me,
        send: (to, m) => void stage.s.send(to, m),
        log: (text) => log(stage, text),
      });
    } catch (e) {
      badOpts(e instanceof Error ? e.message : inspect(e));
    }
    const size = o.bufferSize ?? (kind === "producer" ? 10000 : Infinity);
    if (!(size === Infinity || (Number.isInteger(size) && (size as number) >= 0))) {
      badOpts(`expected bufferSize to be an integer ≥ 0 or Infinity, got: ${inspect(size)}`);
    }
    stage.buffer = new EventBuffer(size as number);
    stage.keep = (o.bufferKeep ?? "last") as BufferKeep;
    if (stage.keep !== "first" && stage.keep !== "last") badOpts(`expected bufferKeep to be "first" or "last", got: ${inspect(stage.keep)}`);
  }
  if (kind === "producer") {
    const d = o.demand ?? "forward";
    if (d !== "forward" && d !== "accumulate") badOpts(`expected demand to be "forward" or "accumulate", got: ${inspect(d)}`);
    stage.accumulated = d === "accumulate" ? [] : null;
  }
  const to = o.subscribeTo ?? [];
  if (!Array.isArray(to)) badOpts(`expected subscribeTo to be a list, got: ${inspect(to)}`);
  return to as readonly SubscribeTo[];
}

/** Subscribe to each of `subscribeTo` in turn; a failure stops init. */
function initSubscribe(stage: Stage, list: readonly SubscribeTo[]): Maybe<void> {
  let i = 0;
  const step = (): Maybe<void> => {
    while (i < list.length) {
      const entry = list[i++];
      const [to, o] = Array.isArray(entry) ? (entry as readonly [ServerRef, SubscribeOpts]) : [entry as ServerRef, {}];
      const r = andThen(consumerSubscribe(stage, null, to, o ?? {}), (out) => {
        if (out[0] === "stop") throw new StopStage(out[1]);
      });
      if (isThenable(r)) return r.then(step);
    }
  };
  return step();
}
