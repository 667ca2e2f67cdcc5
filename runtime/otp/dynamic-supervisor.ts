/**
 * DynamicSupervisor: a supervisor that starts with no children and adds them on demand,
 * any number of them, each restarted on its own (one_for_one).
 *
 *     startChild(sup, spec) ──►  [ DynamicSupervisor ]
 *                               /     |     ...     \
 *                          [c1]     [c2]    ...    [cN]     cK dies ─► restart cK only
 *
 * Use it for processes that come and go at run time: one per connection, per game room,
 * per job. Children have no ids (they are found by pid); `maxChildren` caps how many may
 * run at once. When the supervisor stops, it stops all its children at the same time (not
 * in order: they were started in no particular order).
 *
 *     const [, sup] = await DynamicSupervisor.start({ maxChildren: 100 });
 *     const [, room] = await DynamicSupervisor.startChild(sup, { start: () => GenServer.startLink(Room, "lobby") });
 *     await DynamicSupervisor.terminateChild(sup, room);   // "ok"
 *
 * When not to use it: for a fixed set of children started together, in an order that
 * matters, use Supervisor; for one-off tasks whose result you await, Task.Supervisor.
 *
 * Mirrors Elixir's DynamicSupervisor (dynamic_supervisor.ex).
 */
import { andThen } from "../kernel/async";
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { TIMEOUT, isPid, type Pid, type Ref } from "../kernel/term";
import { callTagged, startBehaviour, stop as stopServer, type OnStart } from "./gen-server";
import { claimName, isVia, type ServerRef, type ViaName } from "./name";
import {
  exitWith,
  fullSpec,
  isNormalExit,
  replyTo,
  report,
  startChild as runStart,
  unexpected,
  unlinkFlush,
  type ChildSpec,
  type FullSpec,
} from "./supervision";
import { Intensity } from "./restart-intensity";
import type { ChildCounts } from "./supervisor";

/** Options for `start`/`startLink`. */
export interface DynamicSupervisorOpts {
  /** Only "one_for_one" (the default) exists, as in Elixir. */
  strategy?: "one_for_one";
  /** Most restarts allowed within `maxSeconds` (default 3). */
  maxRestarts?: number;
  /** The window for `maxRestarts`, seconds (default 5). */
  maxSeconds?: number;
  /** Most children at once (default Infinity); past it startChild gives `["error", "max_children"]`. */
  maxChildren?: number;
  /** Passed first to every child's `start` (Elixir's `extra_arguments`). */
  extraArguments?: unknown[];
  name?: string | ViaName;
  /** Label in the process table and reports (Task.Supervisor sets it). */
  label?: string;
}

/** What `startChild` returns. */
export type DynamicStartResult =
  | readonly ["ok", Pid]
  | readonly ["ok", Pid, unknown]
  | "ignore"
  | readonly ["error", "max_children" | unknown];

/** One row of `whichChildren`: `[undefined, pid | "restarting", type, modules]`. */
export type DynamicChildInfo = readonly [id: undefined, pid: Pid | "restarting", type: "worker" | "supervisor", modules: string[]];

/** The requests a DynamicSupervisor answers. */
type Request =
  | readonly ["start_child", ChildSpec]
  | readonly ["terminate_child", Pid]
  | readonly ["which_children"]
  | readonly ["count_children"];

const TAG = "$sup_call";

// Client ───────────────────────────────────────────────────────────────────────

/** Start a DynamicSupervisor with no children (not linked). */
export function start(opts: DynamicSupervisorOpts = {}): Promise<OnStart> {
  return startDynamic(opts, false);
}

/** Start a DynamicSupervisor linked to the caller. */
export function startLink(opts: DynamicSupervisorOpts = {}): Promise<OnStart> {
  return startDynamic(opts, true);
}

function startDynamic(opts: DynamicSupervisorOpts, link: boolean): Promise<OnStart> {
  let intensity: Intensity;
  try {
    if ((opts.strategy ?? "one_for_one") !== "one_for_one") {
      throw new TypeError(`DynamicSupervisor.start: the only strategy is "one_for_one", got ${inspect(opts.strategy)}`);
    }
    const max = opts.maxChildren ?? Infinity;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 0))) {
      throw new TypeError(`DynamicSupervisor.start: maxChildren must be an integer ≥ 0 or Infinity, got ${inspect(max)}`);
    }
    intensity = new Intensity(opts.maxRestarts ?? 3, opts.maxSeconds ?? 5);
  } catch (e) {
    return Promise.reject(e);
  }
  return startBehaviour((ack, parent) => superviseDynamic(opts, intensity, ack, parent), link, Infinity);
}

/** Start a child from `spec` (its `id` is ignored): `["ok", pid]`, "ignore" or `["error", reason]`. */
export function startChild(sup: ServerRef, spec: ChildSpec): Promise<DynamicStartResult> {
  fullSpec(spec, "DynamicSupervisor.startChild");
  return call(sup, ["start_child", spec]) as Promise<DynamicStartResult>;
}

/** Stop child `pid` for good (it is not restarted): "ok" or `["error", "not_found"]`. */
export function terminateChild(sup: ServerRef, pid: Pid): Promise<"ok" | readonly ["error", "not_found"]> {
  return call(sup, ["terminate_child", pid]) as Promise<"ok" | readonly ["error", "not_found"]>;
}

/** Every child: `[[undefined, pid | "restarting", type, modules]]`, oldest first. */
export function whichChildren(sup: ServerRef): Promise<DynamicChildInfo[]> {
  return call(sup, ["which_children"]) as Promise<DynamicChildInfo[]>;
}

/** How many specs, running children, supervisors and workers. */
export function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return call(sup, ["count_children"]) as Promise<ChildCounts>;
}

/** Stop the supervisor: all children stop at once, then it exits with `reason`. */
export function stop(sup: ServerRef, reason: unknown = "normal", timeout = Infinity): Promise<"ok"> {
  return stopServer(sup, reason, timeout);
}

function call(sup: ServerRef, request: Request): Promise<unknown> {
  return callTagged(sup, request, Infinity, TAG, "DynamicSupervisor");
}

// Server (callbacks) ───────────────────────────────────────────────────────────

/** A child: its spec, and whether it is waiting for another restart attempt. */
interface Child {
  spec: FullSpec;
  restarting: boolean;
}

/** The DynamicSupervisor process. */
function superviseDynamic(
  opts: DynamicSupervisorOpts,
  intensity: Intensity,
  ack: (r: OnStart) => void,
  parent: Pid | undefined,
): unknown {
  const s = activeScheduler();
  const me = s.self().pid;
  s.trapExit(true);
  return andThen(claimName(opts.name, me, ack), (claimed) => {
    if (!claimed) return;
    const label = opts.label ?? "DynamicSupervisor";
    const name = typeof opts.name === "string" ? opts.name : isVia(opts.name) ? inspect(opts.name.via[1]) : `${me} (${label})`;
    const maxChildren = opts.maxChildren ?? Infinity;
    const extra = opts.extraArguments ?? [];
    /** Children by pid, in start order (a restarted child moves to the end, as its new pid sorts last in Elixir). */
    const children = new Map<Pid, Child>();

    const restartChild = async (pid: Pid, c: Child): Promise<void> => {
      if (!intensity.add()) {
        report(name, "shutdown", undefined, "reached_max_restart_intensity");
        children.delete(pid);
        await terminateChildren([...children]);
        exitWith("shutdown");
      }
      const r = await runStart(c.spec, extra);
      if (r[0] === "ok") {
        children.delete(pid);
        if (r[1] !== undefined) children.set(r[1], { spec: c.spec, restarting: false });
        return;
      }
      report(name, "start_error", undefined, r[1]);
      c.restarting = true;
      s.send(me, ["$sup_restart", pid]);
    };

    const childExited = async (pid: Pid, c: Child, reason: unknown): Promise<void> => {
      const normal = isNormalExit(reason);
      if (c.spec.restart === "permanent") {
        if (!normal) report(name, "child_terminated", undefined, reason);
        return restartChild(pid, c);
      }
      if (normal) {
        children.delete(pid);
        return;
      }
      report(name, "child_terminated", undefined, reason);
      if (c.spec.restart === "transient") return restartChild(pid, c);
      children.delete(pid);
    };

    /**
     * Stop `list` all at once, as Elixir does: monitor and unlink each (taking an EXIT already
     * queued), send each its exit, then wait for the DOWNs, killing those past their shutdown time.
     */
    const terminateChildren = async (list: Array<[Pid, Child]>): Promise<void> => {
      const waiting = new Map<Ref, { pid: Pid; c: Child; deadline: number }>();
      const now = s.clock.now();
      const mark = s.mark();
      for (const [pid, c] of list) {
        if (c.restarting) continue;
        const ref = s.monitor(pid);
        const early = unlinkFlush(pid, undefined);
        if (early !== undefined) {
          // It died on its own before we asked: take its DOWN and judge its own reason.
          await s.receiveFrom(mark, (m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
          if (!(early === "normal" && c.spec.restart !== "permanent")) report(name, "shutdown_error", undefined, early);
          continue;
        }
        const sd = c.spec.shutdown;
        s.exitPid(pid, sd === "brutal_kill" ? "kill" : "shutdown");
        waiting.set(ref, { pid, c, deadline: typeof sd === "number" ? now + sd : Infinity });
      }
      while (waiting.size > 0) {
        let next = Infinity;
        for (const w of waiting.values()) next = Math.min(next, w.deadline);
        const left = next === Infinity ? undefined : Math.max(0, next - s.clock.now());
        const got = (await s.receiveFrom(mark, (m) => Array.isArray(m) && m[0] === "DOWN" && waiting.has(m[1] as Ref), left)) as
          | unknown[]
          | typeof TIMEOUT;
        if (got === TIMEOUT) {
          for (const w of waiting.values()) {
            if (w.deadline <= s.clock.now()) {
              s.exitPid(w.pid, "kill");
              w.deadline = Infinity;
            }
          }
          continue;
        }
        const w = waiting.get(got[1] as Ref)!;
        waiting.delete(got[1] as Ref);
        const reason = got[4];
        const ok =
          reason === (w.c.spec.shutdown === "brutal_kill" ? "killed" : "shutdown") ||
          (w.c.spec.restart !== "permanent" && isNormalExit(reason));
        if (!ok) report(name, "shutdown_error", undefined, reason);
      }
      for (const [pid] of list) children.delete(pid);
    };

    const shutdownAndExit = async (reason: unknown): Promise<never> => {
      await terminateChildren([...children]);
      return exitWith(reason);
    };

    const handleCall = async (req: Request): Promise<unknown> => {
      switch (req[0]) {
        case "start_child": {
          if (children.size >= maxChildren) return ["error", "max_children"];
          const spec = fullSpec(req[1], "DynamicSupervisor.startChild");
          const r = await runStart(spec, extra);
          if (r[0] === "error") return r;
          if (r[1] === undefined) return "ignore";
          children.set(r[1], { spec, restarting: false });
          return r;
        }
        case "terminate_child": {
          const c = isPid(req[1]) ? children.get(req[1]) : undefined;
          if (c === undefined) return ["error", "not_found"];
          await terminateChildren([[req[1], c]]);
          return "ok";
        }
        case "which_children":
          return [...children].map(([pid, c]): DynamicChildInfo => [undefined, c.restarting ? "restarting" : pid, c.spec.type, c.spec.modules]);
        case "count_children": {
          const counts: ChildCounts = { specs: children.size, active: 0, supervisors: 0, workers: 0 };
          for (const c of children.values()) {
            if (!c.restarting) counts.active++;
            if (c.spec.type === "supervisor") counts.supervisors++;
            else counts.workers++;
          }
          return counts;
        }
      }
    };

    ack(["ok", me]);
    s.setHandler(async (msg) => {
      if (Array.isArray(msg)) {
        switch (msg[0]) {
          case "EXIT": {
            if (msg.length !== 3) break;
            if (parent !== undefined && msg[1] === parent) return shutdownAndExit(msg[2]);
            const c = children.get(msg[1] as Pid);
            if (c !== undefined && !c.restarting) await childExited(msg[1] as Pid, c, msg[2]);
            return;
          }
          case TAG:
            if (msg.length === 3) return replyTo(msg[1], await handleCall(msg[2] as Request));
            break;
          case "$sup_restart": {
            const c = children.get(msg[1] as Pid);
            if (c !== undefined && c.restarting) await restartChild(msg[1] as Pid, c);
            return;
          }
          case "$gen_stop":
            return shutdownAndExit(msg[1]);
        }
      }
      unexpected(label, msg);
    }, typeof opts.name === "string" ? opts.name : label);
  });
}

/** DynamicSupervisor as one namespace, as learners import it. */
export const DynamicSupervisor = { start, startLink, startChild, terminateChild, whichChildren, countChildren, stop };
