/**
 * GenServer: a process that keeps state and answers requests, one message at a time.
 *
 *     client ──call(req)──►  [ server: state ]  ──["reply", value, state']──► client
 *     client ──cast(req)──►  [ server: state ]  ──["noreply", state']
 *     anyone ──send(msg)──►  [ server: state ]  ──handleInfo──► ["noreply", state']
 *
 * A module is a plain object of callbacks; each returns Elixir's tuples and may be sync or
 * async. The server keeps no suspended frame between messages (it is a message-driven
 * process), so a waiting server costs little more than its state.
 *
 *     const Stack = {
 *       init: (items: number[]) => ["ok", items] as const,
 *       handleCall: (req: "pop", _from: From, [head, ...rest]: number[]) => ["reply", head, rest] as const,
 *       handleCast: ([, x]: ["push", number], items: number[]) => ["noreply", [x, ...items]] as const,
 *     };
 *     const [, pid] = await GenServer.start(Stack, [1, 2]);
 *     await GenServer.call(pid, "pop");   // 1
 *
 * A call waits for the reply with a receive marker, so a caller with a long mailbox still
 * gets it in O(1); it monitors the server, so a server that dies (or a name nobody has)
 * exits the caller at once, and past `timeout` (5000 ms) the caller exits with
 * `["timeout", ["GenServer", "call", [server, request, timeout]]]`, as in Elixir.
 *
 * When not to use it: for work with no state, spawn a Task; to read shared data without
 * queueing behind one process, use ETS; a GenServer handles one message at a time, so a
 * single server called by everyone is a bottleneck (lessons 9 and 12 measure it).
 *
 * Mirrors Elixir's GenServer (gen_server.ex, gen.erl).
 */
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { andThen, isThenable, type Maybe } from "../kernel/async";
import type { Matcher } from "../kernel/match";
import { Exit, Kill, TIMEOUT, type Pid, type Ref } from "../kernel/term";
import { behaviourLabel, claimName, whereis, type ServerRef, type ViaName } from "./name";

/** Who called: `[callerPid, tag]`. Pass it to `GenServer.reply` for a deferred reply. */
export type From = readonly [Pid, Ref];

/** What `init` returns. */
export type InitResult<S> = readonly ["ok", S] | readonly ["stop", unknown] | "ignore";
/** What `handleCall` returns. */
export type CallResult<S> =
  | readonly ["reply", unknown, S]
  | readonly ["noreply", S]
  | readonly ["stop", unknown, unknown, S]
  | readonly ["stop", unknown, S];
/** What `handleCast` and `handleInfo` return. */
export type NoReplyResult<S> = readonly ["noreply", S] | readonly ["stop", unknown, S];


/** A GenServer module: an object of callbacks. Only `init` is required. */
export interface GenServerModule<S = any, A = any> {
  /** Shown in the process table (else the registered name, else "GenServer"). */
  name?: string;
  init(arg: A): Maybe<InitResult<S>>;
  handleCall?(request: any, from: From, state: S): Maybe<CallResult<S>>;
  handleCast?(request: any, state: S): Maybe<NoReplyResult<S>>;
  handleInfo?(msg: any, state: S): Maybe<NoReplyResult<S>>;
  terminate?(reason: unknown, state: S): unknown;
}

/** Options for `start`/`startLink`. */
export interface StartOpts {
  name?: string | ViaName;
  /** How long to wait for `init`, ms (default 5000). */
  timeout?: number;
}

/** `["ok", pid]`, `["error", reason]` or `"ignore"`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OnStart = readonly ["ok", Pid] | readonly ["error", any] | "ignore";

// Client ───────────────────────────────────────────────────────────────────────

/** Start a server (not linked); resolves once `init` has returned. */
export function start<S, A>(module: GenServerModule<S, A>, arg: A, opts: StartOpts = {}): Promise<OnStart> {
  return startServer(module, arg, opts, false);
}

/** Start a server linked to the caller (what supervisors use). */
export function startLink<S, A>(module: GenServerModule<S, A>, arg: A, opts: StartOpts = {}): Promise<OnStart> {
  return startServer(module, arg, opts, true);
}

/**
 * Start any message-driven behaviour: spawn (linked or not) a process running `body`, and
 * wait for its `["$ack", ref, result]`. A behaviour's body calls `ack(result)` once init is
 * done. Used by GenServer, Supervisor and GenStage.
 */
export async function startBehaviour(
  body: (ack: (result: OnStart) => void, parent: Pid | undefined) => unknown,
  link: boolean,
  timeout = 5000,
): Promise<OnStart> {
  const s = activeScheduler();
  const me = s.self().pid;
  const mark = s.mark();
  const tag = s.makeRef();
  const ack = (result: OnStart) => void s.send(me, ["$ack", tag, result]);
  const { pid, ref } = s.spawn(() => body(ack, link ? me : undefined), [], { link, monitor: true });
  const got = (await s.receiveFrom(
    mark,
    (m) => Array.isArray(m) && ((m[0] === "$ack" && m[1] === tag) || (m[0] === "DOWN" && m[1] === ref)),
    timeout,
  )) as unknown[] | typeof TIMEOUT;
  if (got === TIMEOUT) {
    s.demonitor(ref!);
    if (link) s.unlink(pid);
    s.exitPid(pid, "kill");
    return ["error", "timeout"];
  }
  if (got[0] === "DOWN") return ["error", got[4]];
  s.demonitor(ref!, { flush: true, from: mark });
  return got[2] as OnStart;
}

function startServer<S, A>(module: GenServerModule<S, A>, arg: A, opts: StartOpts, link: boolean): Promise<OnStart> {
  if (typeof module?.init !== "function") {
    return Promise.reject(new TypeError(`GenServer.start: the module needs an init function, got ${inspect(module)}`));
  }
  return startBehaviour((ack, parent) => serve(module, arg, opts, ack, parent), link, opts.timeout);
}

/**
 * Call `server` with `request` and wait for the reply. Exits the caller (an `Exit` error,
 * catchable) when the server is not there, dies during the call, or takes longer than `timeout`.
 */
export function call<T = any>(server: ServerRef, request: unknown, timeout: number = 5000): Promise<T> {
  return callTagged(server, request, timeout, "$gen_call", "GenServer") as Promise<T>;
}

/** The call protocol shared by GenServer, Supervisor and GenStage (`tag` is the message tag). */
export async function callTagged(server: ServerRef, request: unknown, timeout: number, tag: string, module: string): Promise<unknown> {
  const s = activeScheduler();
  const where = () => [module, "call", [server, request, timeout]];
  const pid = whereis(server);
  if (pid === undefined) throw new Exit(["noproc", where()]);
  const me = s.self().pid;
  if (pid === me) throw new Exit(["calling_self", where()]); // it could never answer: gen:call says so at once
  const mark = s.mark();
  const ref = s.monitor(pid);
  s.send(pid, [tag, [me, ref], request]);
  const isReply: Matcher = (m) => Array.isArray(m) && (m[0] === ref || (m[0] === "DOWN" && m[1] === ref));
  const got = (await s.receiveFrom(mark, isReply, timeout === Infinity ? undefined : timeout)) as unknown[] | typeof TIMEOUT;
  if (got === TIMEOUT) {
    s.demonitor(ref, { flush: true, from: mark });
    s.dropReplies(ref); // like an Erlang alias: a late reply is never delivered
    throw new Exit(["timeout", where()]);
  }
  if (got[0] === "DOWN") throw new Exit([got[4], where()]);
  s.demonitor(ref, { flush: true, from: mark });
  return got[1];
}

/** Send `request` to `server` without waiting. Always "ok", even when nobody is there. */
export function cast(server: ServerRef, request: unknown): "ok" {
  const pid = safeWhereis(server);
  if (pid !== undefined) activeScheduler().send(pid, ["$gen_cast", request]);
  return "ok";
}

function safeWhereis(server: ServerRef): Pid | undefined {
  try {
    return whereis(server);
  } catch {
    return undefined;
  }
}

/** Reply to a call later (after `["noreply", state]` in handleCall). */
export function reply(from: From, value: unknown): "ok" {
  activeScheduler().send(from[0], [from[1], value]);
  return "ok";
}

/** Stop `server` with `reason` (its terminate runs) and wait until it is gone. */
export async function stop(server: ServerRef, reason: unknown = "normal", timeout = Infinity): Promise<"ok"> {
  const s = activeScheduler();
  const pid = whereis(server);
  if (pid === undefined) throw new Exit(["noproc", ["GenServer", "stop", [server, reason, timeout]]]);
  const mark = s.mark();
  const ref = s.monitor(pid);
  s.send(pid, ["$gen_stop", reason]);
  const got = (await s.receiveFrom(
    mark,
    (m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref,
    timeout === Infinity ? undefined : timeout,
  )) as unknown[] | typeof TIMEOUT;
  if (got === TIMEOUT) {
    s.demonitor(ref);
    throw new Exit(["timeout", ["GenServer", "stop", [server, reason, timeout]]]);
  }
  if (got[4] === "noproc") throw new Exit(["noproc", ["GenServer", "stop", [server, reason, timeout]]]);
  if (got[4] !== reason) throw new Exit([got[4], ["GenServer", "stop", [server, reason, timeout]]]);
  return "ok";
}

/** The pid registered under `name` (local or via), or undefined. */
export function whereisServer(name: ServerRef): Pid | undefined {
  return safeWhereis(name);
}

// Server (callbacks) ───────────────────────────────────────────────────────────

/** The server process: register, init, then handle messages until stopped. */
function serve<S, A>(
  module: GenServerModule<S, A>,
  arg: A,
  opts: StartOpts,
  ack: (r: OnStart) => void,
  parent: Pid | undefined,
): unknown {
  const s = activeScheduler();
  const me = s.self().pid;
  return andThen(claimName(opts.name, me, ack), (claimed) => {
    if (!claimed) return;
    const label = behaviourLabel(module.name, opts.name, "GenServer");
    return andThen(module.init(arg), (res) => {
      if (res === "ignore") {
        ack("ignore");
        return;
      }
      if (!Array.isArray(res) || (res[0] !== "ok" && res[0] !== "stop")) {
        ack(["error", ["bad_return_value", res]]);
        throw new Exit(["bad_return_value", res]);
      }
      if (res[0] === "stop") {
        ack(["error", res[1]]);
        throw new Exit(res[1]);
      }
      let state = res[1] as S;
      ack(["ok", me]);

      // terminate runs first, then a stop's reply goes out, then the process exits (gen_server's order).
      const terminate = (reason: unknown, done?: () => void): unknown =>
        andThen(module.terminate?.(reason, state), () => {
          done?.();
          throw new Stopped(reason);
        });
      const noreply = (r: unknown, what: string): unknown => {
        if (Array.isArray(r) && r[0] === "noreply" && r.length >= 2) {
          state = r[1];
          return;
        }
        if (Array.isArray(r) && r[0] === "stop" && r.length === 3) {
          state = r[2];
          return terminate(r[1]);
        }
        return terminate(["bad_return_value", r, what]);
      };
      // A callback that raises or calls exit(reason) still runs terminate, then the process
      // ends with that reason (gen_server's handle_common_reply for an exception).
      const failed = (e: unknown): unknown => {
        if (e instanceof Stopped || !(e instanceof Exit)) {
          if (!(e instanceof Stopped) && !(e instanceof Kill)) runTerminateQuietly(module, e, state);
          throw e;
        }
        return terminate(e.reason);
      };
      const guarded = (f: () => unknown): unknown => {
        let r: unknown;
        try {
          r = f();
        } catch (e) {
          return failed(e);
        }
        return isThenable(r) ? r.then(undefined, failed) : r;
      };

      s.setHandler((msg) => {
        if (Array.isArray(msg)) {
          switch (msg[0]) {
            case "$gen_call": {
              const from = msg[1] as From;
              if (!module.handleCall) return terminate(["undef", `${label}.handleCall is not defined`]);
              return guarded(() =>
                andThen(module.handleCall!(msg[2], from, state), (r) => {
                  if (Array.isArray(r) && r[0] === "reply" && r.length >= 3) {
                    state = r[2];
                    reply(from, r[1]);
                    return;
                  }
                  if (Array.isArray(r) && r[0] === "stop" && r.length === 4) {
                    state = r[3];
                    return terminate(r[1], () => reply(from, r[2]));
                  }
                  return noreply(r, "handleCall");
                }),
              );
            }
            case "$gen_cast":
              if (!module.handleCast) return terminate(["undef", `${label}.handleCast is not defined`]);
              return guarded(() => andThen(module.handleCast!(msg[1], state), (r) => noreply(r, "handleCast")));
            case "$gen_stop":
              return terminate(msg[1]);
            case "EXIT":
              // A trapping server whose parent (the process that linked it at start) died stops too.
              if (msg.length === 3 && parent !== undefined && msg[1] === parent) return terminate(msg[2]);
          }
        }
        if (!module.handleInfo) {
          s.output(me, `[warning] ${label} ${me} received unexpected message in handleInfo: ${inspect(msg)}`, "error");
          return;
        }
        return guarded(() => andThen(module.handleInfo!(msg, state), (r) => noreply(r, "handleInfo")));
      }, label);
    });
  });
}

/** Thrown by the server's own terminate path: the stop is under way, terminate already ran. */
class Stopped extends Exit {}

function runTerminateQuietly(module: GenServerModule, e: unknown, state: unknown): void {
  try {
    const r = module.terminate?.(["error", e instanceof Error ? e.message : inspect(e)], state);
    if (isThenable(r)) r.then(undefined, () => {});
  } catch {
    // terminate itself failed: the original error is the reason that matters.
  }
}

/** GenServer as one namespace, as learners import it. */
export const GenServer = { start, startLink, call, cast, reply, stop, whereis: whereisServer };
