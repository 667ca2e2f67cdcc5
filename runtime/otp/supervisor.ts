/**
 * Supervisor: a process that starts other processes, watches them, and restarts them when
 * they exit, by a strategy you pick.
 *
 *                       [ Supervisor ]            one_for_one:  B dies ─► restart B
 *                      /      |       \           one_for_all:  B dies ─► stop C, A; start A, B, C
 *                   [A]      [B]      [C]         rest_for_one: B dies ─► stop C; start B, C
 *                 (started A, B, C in order; stopped C, B, A in reverse)
 *
 * A child spec says how to start a child (linked to the supervisor: `GenServer.startLink`,
 * `spawnLink`), when to restart it (`permanent`: always; `transient`: only after an abnormal
 * exit; `temporary`: never) and how to stop it (`shutdown`: ms to wait after a "shutdown"
 * exit before killing it, or "brutal_kill"). More than `maxRestarts` restarts within
 * `maxSeconds` means restarting does not help: the supervisor stops its children and exits
 * with "shutdown", handing the problem to its own supervisor.
 *
 *     const [, sup] = await Supervisor.start(
 *       [
 *         { id: "cache", start: () => GenServer.startLink(Cache, []) },
 *         { id: "worker", start: () => spawnLink(work), restart: "transient" },
 *       ],
 *       { strategy: "one_for_one", maxRestarts: 3, maxSeconds: 5 },
 *     );
 *     await Supervisor.whichChildren(sup);   // [["worker", pid, "worker", []], ["cache", pid, "worker", []]]
 *
 * The supervisor is a message-driven process (no frame kept between messages) that traps
 * exits; restarts, start and shutdown waits run inside its handler, one message at a time.
 * The client functions are calls (`callTagged` with the "$sup_call" tag), like Elixir's
 * Supervisor API over gen_server calls. Children live on the supervisor's scheduler unless
 * their `start` places them elsewhere (`spawnOpt(exportedFn, [], { scheduler: 1, link: true })`).
 *
 * When not to use it: for children started on demand, in any number, use DynamicSupervisor
 * (or Task.Supervisor for one-off tasks); a supervisor is not a place for work or state, and
 * restarting does not fix a bug that happens every time (intensity turns that into a shutdown).
 *
 * Mirrors Elixir's Supervisor (supervisor.ex) and OTP's supervisor.erl.
 */
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import type { Pid } from "../kernel/term";
import { callTagged, startBehaviour, stop as stopServer, type OnStart } from "./gen-server";
import { claimName, isVia, type ServerRef, type ViaName } from "./name";
import {
  exitWith,
  fullSpec,
  isNormalExit,
  replyTo,
  report,
  shutdownChild,
  startChild as runStart,
  unexpected,
  type ChildSpec,
  type ChildType,
  type FullSpec,
} from "./supervision";
import { Intensity } from "./restart-intensity";

export type { ChildSpec, ChildType, RestartType, Shutdown, StartReturn } from "./supervision";

/** How a supervisor restarts children when one exits. */
export type Strategy = "one_for_one" | "one_for_all" | "rest_for_one";

/** Options for `start`/`startLink`. */
export interface SupervisorOpts {
  /** Default "one_for_one". */
  strategy?: Strategy;
  /** Most restarts allowed within `maxSeconds` (default 3). */
  maxRestarts?: number;
  /** The window for `maxRestarts`, seconds (default 5). */
  maxSeconds?: number;
  name?: string | ViaName;
}

/** A child's pid in `whichChildren`: its pid, "restarting", or undefined when not running. */
export type ChildPid = Pid | "restarting" | undefined;
/** One row of `whichChildren`: `[id, pid, type, modules]`. */
export type ChildInfo = readonly [id: unknown, pid: ChildPid, type: ChildType, modules: string[]];
/** What `countChildren` returns. */
export interface ChildCounts {
  specs: number;
  active: number;
  supervisors: number;
  workers: number;
}

/** What `terminateChild`, `deleteChild` return. */
export type TerminateResult = "ok" | readonly ["error", "not_found"];
export type DeleteResult = "ok" | readonly ["error", "running" | "restarting" | "not_found"];
/** What `restartChild` returns (`["ok", undefined]` when the start was ignored). */
export type RestartResult =
  | readonly ["ok", Pid | undefined]
  | readonly ["ok", Pid, unknown]
  | readonly ["error", "running" | "restarting" | "not_found" | unknown];
/** What `startChild` returns. */
export type StartChildResult =
  | readonly ["ok", Pid | undefined]
  | readonly ["ok", Pid, unknown]
  | readonly ["error", readonly ["already_started", Pid] | "already_present" | unknown];

/** The requests a supervisor answers (the "$sup_call" protocol). */
type Request =
  | readonly ["which_children"]
  | readonly ["count_children"]
  | readonly ["terminate_child", unknown]
  | readonly ["restart_child", unknown]
  | readonly ["delete_child", unknown]
  | readonly ["start_child", ChildSpec];

const TAG = "$sup_call";

// Client ───────────────────────────────────────────────────────────────────────

/** Start a supervisor (not linked) with `children`, started in order; resolves once all are up. */
export function start(children: ChildSpec[], opts: SupervisorOpts = {}): Promise<OnStart> {
  return startSupervisor(children, opts, false);
}

/** Start a supervisor linked to the caller (what a parent supervisor uses). */
export function startLink(children: ChildSpec[], opts: SupervisorOpts = {}): Promise<OnStart> {
  return startSupervisor(children, opts, true);
}

function startSupervisor(children: ChildSpec[], opts: SupervisorOpts, link: boolean): Promise<OnStart> {
  let specs: FullSpec[];
  let intensity: Intensity;
  try {
    if (!Array.isArray(children)) throw new TypeError(`Supervisor.start: children must be an array of child specs, got ${inspect(children)}`);
    specs = children.map((c) => fullSpec(c, "Supervisor.start"));
    const strategy = opts.strategy ?? "one_for_one";
    if (strategy !== "one_for_one" && strategy !== "one_for_all" && strategy !== "rest_for_one") {
      throw new TypeError(`Supervisor.start: strategy must be "one_for_one", "one_for_all" or "rest_for_one", got ${inspect(strategy)}`);
    }
    intensity = new Intensity(opts.maxRestarts ?? 3, opts.maxSeconds ?? 5);
  } catch (e) {
    return Promise.reject(e);
  }
  return startBehaviour((ack, parent) => supervise(specs, opts, intensity, ack, parent), link, Infinity);
}

/** Every child, newest spec first: `[[id, pid | "restarting" | undefined, type, modules]]`. */
export function whichChildren(sup: ServerRef): Promise<ChildInfo[]> {
  return call(sup, ["which_children"]) as Promise<ChildInfo[]>;
}

/** How many specs, running children, supervisors and workers. */
export function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return call(sup, ["count_children"]) as Promise<ChildCounts>;
}

/** Stop the child `id` (its spec stays, unless it is temporary): "ok" or `["error", "not_found"]`. */
export function terminateChild(sup: ServerRef, id: unknown): Promise<TerminateResult> {
  return call(sup, ["terminate_child", id]) as Promise<TerminateResult>;
}

/** Start again a child that was terminated: `["ok", pid]`, or `["error", "running" | "not_found" | reason]`. */
export function restartChild(sup: ServerRef, id: unknown): Promise<RestartResult> {
  return call(sup, ["restart_child", id]) as Promise<RestartResult>;
}

/** Forget the spec of a child that is not running: "ok" or `["error", "running" | "not_found"]`. */
export function deleteChild(sup: ServerRef, id: unknown): Promise<DeleteResult> {
  return call(sup, ["delete_child", id]) as Promise<DeleteResult>;
}

/** Add a child to a running supervisor and start it (last in the start order). */
export function startChild(sup: ServerRef, spec: ChildSpec): Promise<StartChildResult> {
  fullSpec(spec, "Supervisor.startChild");
  return call(sup, ["start_child", spec]) as Promise<StartChildResult>;
}

/** Stop the supervisor: its children stop in reverse order, then it exits with `reason`. */
export function stop(sup: ServerRef, reason: unknown = "normal", timeout = Infinity): Promise<"ok"> {
  return stopServer(sup, reason, timeout);
}

function call(sup: ServerRef, request: Request): Promise<unknown> {
  return callTagged(sup, request, Infinity, TAG, "Supervisor");
}

// Server (callbacks) ───────────────────────────────────────────────────────────

/** One child: its spec and its pid (undefined when not running, "restarting" between attempts). */
interface Child {
  spec: FullSpec;
  pid: Pid | "restarting" | undefined;
}

/** Ids are compared by value (their printed form), so `["worker", 1]` finds `["worker", 1]`. */
function sameId(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && a !== null && typeof b === "object" && b !== null && inspect(a) === inspect(b));
}

/** What starting a list of children came to: done, or the failure that stopped it. */
type StartAll = "ok" | readonly ["failed_to_start_child", unknown, unknown];

/** The supervisor process: start the children, then handle EXITs and calls. */
async function supervise(
  specs: FullSpec[],
  opts: SupervisorOpts,
  intensity: Intensity,
  ack: (r: OnStart) => void,
  parent: Pid | undefined,
): Promise<void> {
  const s = activeScheduler();
  const me = s.self().pid;
  s.trapExit(true);
  const claimed = claimName(opts.name, me, ack);
  if (claimed === false || (claimed !== true && !(await claimed))) return;
  for (let i = 0; i < specs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sameId(specs[i].id, specs[j].id)) {
        ack(["error", ["duplicate_child_name", specs[i].id]]);
        exitWith(["duplicate_child_name", specs[i].id]);
      }
    }
  }
  const name = typeof opts.name === "string" ? opts.name : isVia(opts.name) ? inspect(opts.name.via[1]) : me;
  const strategy = opts.strategy ?? "one_for_one";
  let children: Child[] = specs.map((spec) => ({ spec, pid: undefined }));

  const find = (id: unknown) => children.find((c) => sameId(c.spec.id, id));
  const remove = (c: Child) => {
    children = children.filter((x) => x !== c);
  };
  /** A child that is no longer running: a temporary one is forgotten. */
  const delChild = (c: Child) => {
    if (c.spec.restart === "temporary") remove(c);
    else c.pid = undefined;
  };

  /** Start `list` in order; stop at the first failure. An ignored temporary child is forgotten. */
  const startAll = async (list: Child[]): Promise<StartAll> => {
    for (const c of list) {
      const r = await runStart(c.spec);
      if (r[0] === "error") {
        report(name, "start_error", c.spec.id, r[1]);
        return ["failed_to_start_child", c.spec.id, r[1]];
      }
      if (r[1] === undefined && c.spec.restart === "temporary") remove(c);
      else c.pid = r[1];
    }
    return "ok";
  };

  /** Stop the running children of `list`, last started first. */
  const terminateAll = async (list: Child[]): Promise<void> => {
    for (const c of [...list].reverse()) {
      if (typeof c.pid === "string" && c.pid !== "restarting") {
        const r = await shutdownChild(c.pid, c.spec.shutdown, c.spec.restart);
        if (r !== "ok") report(name, "shutdown_error", c.spec.id, r[1]);
      }
      delChild(c);
    }
  };

  /** Give up: stop every child and exit (intensity passed, parent gone, asked to stop). */
  const shutdownAndExit = async (reason: unknown): Promise<never> => {
    await terminateAll(children);
    return exitWith(reason);
  };

  /** Restart `c` by the strategy; a failed start is retried later via "$sup_try_again". */
  const restart = async (c: Child): Promise<void> => {
    if (!intensity.add()) {
      report(name, "shutdown", c.spec.id, "reached_max_restart_intensity");
      delChild(c);
      return shutdownAndExit("shutdown");
    }
    let failed: StartAll = "ok";
    if (strategy === "one_for_one") {
      const r = await runStart(c.spec);
      if (r[0] === "error") {
        report(name, "start_error", c.spec.id, r[1]);
        failed = ["failed_to_start_child", c.spec.id, r[1]];
      } else c.pid = r[1];
    } else {
      const from = strategy === "one_for_all" ? 0 : children.indexOf(c);
      const group = children.slice(from);
      c.pid = undefined;
      await terminateAll(group);
      failed = await startAll(group.filter((x) => children.includes(x)));
    }
    if (failed !== "ok") {
      const f = find(failed[1]);
      if (f !== undefined) f.pid = "restarting";
      s.send(me, ["$sup_try_again", failed[1]]);
    }
  };

  /** A child exited with `reason`: restart it or not, by its restart type. */
  const childExited = async (c: Child, reason: unknown): Promise<void> => {
    const normal = isNormalExit(reason);
    if (c.spec.restart === "permanent") {
      if (!normal) report(name, "child_terminated", c.spec.id, reason);
      return restart(c);
    }
    if (normal) return delChild(c);
    report(name, "child_terminated", c.spec.id, reason);
    if (c.spec.restart === "transient") return restart(c);
    delChild(c);
  };

  const handleCall = async (req: Request): Promise<unknown> => {
    switch (req[0]) {
      case "which_children":
        return [...children].reverse().map((c): ChildInfo => [c.spec.id, c.pid, c.spec.type, c.spec.modules]);
      case "count_children": {
        const counts: ChildCounts = { specs: children.length, active: 0, supervisors: 0, workers: 0 };
        for (const c of children) {
          if (c.pid !== undefined && c.pid !== "restarting") counts.active++;
          if (c.spec.type === "supervisor") counts.supervisors++;
          else counts.workers++;
        }
        return counts;
      }
      case "terminate_child": {
        const c = find(req[1]);
        if (c === undefined) return ["error", "not_found"];
        await terminateAll([c]);
        return "ok";
      }
      case "restart_child": {
        const c = find(req[1]);
        if (c === undefined) return ["error", "not_found"];
        if (c.pid === "restarting") return ["error", "restarting"];
        if (c.pid !== undefined) return ["error", "running"];
        const r = await runStart(c.spec);
        if (r[0] === "ok") c.pid = r[1];
        return r;
      }
      case "delete_child": {
        const c = find(req[1]);
        if (c === undefined) return ["error", "not_found"];
        if (c.pid === "restarting") return ["error", "restarting"];
        if (c.pid !== undefined) return ["error", "running"];
        remove(c);
        return "ok";
      }
      case "start_child": {
        const spec = fullSpec(req[1], "Supervisor.startChild");
        const old = find(spec.id);
        if (old !== undefined) {
          return typeof old.pid === "string" && old.pid !== "restarting" ? ["error", ["already_started", old.pid]] : ["error", "already_present"];
        }
        const r = await runStart(spec);
        if (r[0] === "error") {
          report(name, "start_error", spec.id, r[1]);
          return r;
        }
        if (!(r[1] === undefined && spec.restart === "temporary")) children.push({ spec, pid: r[1] });
        return r;
      }
    }
  };

  const failed = await startAll(children);
  if (failed !== "ok") {
    await terminateAll(children);
    ack(["error", ["shutdown", failed]]);
    exitWith(["shutdown", failed]);
  }
  ack(["ok", me]);

  s.setHandler(async (msg) => {
    if (Array.isArray(msg)) {
      switch (msg[0]) {
        case "EXIT": {
          if (msg.length !== 3) break;
          if (parent !== undefined && msg[1] === parent) return shutdownAndExit(msg[2]);
          const c = children.find((x) => x.pid === msg[1]);
          if (c !== undefined) await childExited(c, msg[2]);
          return; // an EXIT from a process that is not (or no longer) a child: ignored, as in OTP
        }
        case TAG:
          if (msg.length === 3) return replyTo(msg[1], await handleCall(msg[2] as Request));
          break;
        case "$sup_try_again": {
          const c = find(msg[1]);
          if (c !== undefined && c.pid === "restarting") await restart(c);
          return;
        }
        case "$gen_stop":
          return shutdownAndExit(msg[1]);
      }
    }
    unexpected(`Supervisor ${name}`, msg);
  }, typeof opts.name === "string" ? opts.name : "Supervisor");
}

/** Supervisor as one namespace, as learners import it. */
export const Supervisor = {
  start,
  startLink,
  whichChildren,
  countChildren,
  terminateChild,
  restartChild,
  deleteChild,
  startChild,
  stop,
};
