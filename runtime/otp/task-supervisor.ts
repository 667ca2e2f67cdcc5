/**
 * Task.Supervisor: a DynamicSupervisor for tasks, so that a task can crash without taking
 * its caller down, and so that every task has a place in the supervision tree.
 *
 *     caller ──asyncNolink(sup, fn)──► [ Task.Supervisor ] ──link──► [task: fn()]
 *        ▲                                                              │
 *        └──────── [ref, result]  or  ["DOWN", ref, "process", pid, reason] ┘
 *              (the caller monitors the task; it is not linked to it)
 *
 * `startChild(sup, fn)` runs `fn` for its side effects; the task is `temporary`: when it
 * crashes it is not restarted. `asyncNolink(sup, fn)` returns a Task (`{ pid, ref, owner }`)
 * that the caller awaits with `Task.await` or `Task.yield`, like `Task.async`; but the task is
 * linked to the supervisor, not to the caller, so its crash reaches the caller only as a DOWN
 * message: `Task.yield` gives `["exit", reason]`, and `Task.await` exits the caller with the
 * reason (catch it, or use yield), as in Elixir.
 *
 *     const [, sup] = await Task.Supervisor.start();
 *     const task = await Task.Supervisor.asyncNolink(sup, () => fetchPage(url));
 *     const r = await Task.yield(task, 1000);   // ["ok", page] | ["exit", reason] | null
 *
 * When not to use it: when a crash of the task should crash the caller too (they are one
 * piece of work), `Task.async` is simpler; for long-lived children with state, a
 * DynamicSupervisor of GenServers.
 *
 * Mirrors Elixir's Task.Supervisor (task/supervisor.ex, task/supervised.ex).
 */
import { spawnLink } from "../kernel/api";
import { activeScheduler } from "../kernel/current";
import { Exit, type Pid, type Ref } from "../kernel/term";
import {
  startChild as startDynamicChild,
  start as startDynamic,
  startLink as startDynamicLink,
  terminateChild as terminateDynamicChild,
  whichChildren,
  stop as stopDynamic,
  type DynamicSupervisorOpts,
} from "./dynamic-supervisor";
import type { OnStart } from "./gen-server";
import type { ServerRef } from "./name";
import type { RestartType, Shutdown } from "./supervision";
import type { TaskRef } from "./task";

/** Options for `start`/`startLink` (those of DynamicSupervisor, without extraArguments). */
export type TaskSupervisorOpts = Omit<DynamicSupervisorOpts, "extraArguments" | "label" | "strategy">;

/** Options for one task: restart (default "temporary") and shutdown (default 5000). */
export interface TaskOpts {
  restart?: RestartType;
  shutdown?: Shutdown;
}

/** What `startChild` returns. */
export type TaskStartResult = readonly ["ok", Pid] | readonly ["error", "max_children" | unknown];

const LABEL = "Task.Supervisor";
const GO = "$task_go";

// Client ───────────────────────────────────────────────────────────────────────

/** Start a Task.Supervisor (not linked). */
export function start(opts: TaskSupervisorOpts = {}): Promise<OnStart> {
  return startDynamic({ ...opts, label: LABEL });
}

/** Start a Task.Supervisor linked to the caller. */
export function startLink(opts: TaskSupervisorOpts = {}): Promise<OnStart> {
  return startDynamicLink({ ...opts, label: LABEL });
}

/** Run `fn` as a child of `sup`, for its side effects: `["ok", pid]`. Not restarted by default. */
export async function startChild(sup: ServerRef, fn: () => unknown, opts: TaskOpts = {}): Promise<TaskStartResult> {
  const r = await startDynamicChild(sup, {
    start: () => spawnLink(fn),
    restart: opts.restart ?? "temporary",
    shutdown: opts.shutdown ?? 5000,
  });
  return r as TaskStartResult;
}

/**
 * Run `fn` under `sup` and return a Task the caller can `Task.await` or `Task.yield`. The
 * caller monitors the task but is not linked to it: a crash arrives as a DOWN, not as an exit.
 */
export function asyncNolink<T>(sup: ServerRef, fn: () => T | Promise<T>, opts: Pick<TaskOpts, "shutdown"> = {}): Promise<TaskRef<T>> {
  return startTask(sup, fn, false, opts);
}

/** Like `asyncNolink`, but the caller is linked to the task too (a crash takes the caller down, as `Task.async`). */
export function async<T>(sup: ServerRef, fn: () => T | Promise<T>, opts: Pick<TaskOpts, "shutdown"> = {}): Promise<TaskRef<T>> {
  return startTask(sup, fn, true, opts);
}

/** The pids of the tasks running under `sup`. */
export async function children(sup: ServerRef): Promise<Pid[]> {
  return (await whichChildren(sup)).map((row) => row[1]).filter((p): p is Pid => p !== "restarting");
}

/** Stop task `pid`: "ok" or `["error", "not_found"]`. */
export function terminateChild(sup: ServerRef, pid: Pid): Promise<"ok" | readonly ["error", "not_found"]> {
  return terminateDynamicChild(sup, pid);
}

/** Stop the supervisor and its tasks. */
export function stop(sup: ServerRef, reason: unknown = "normal"): Promise<"ok"> {
  return stopDynamic(sup, reason);
}

async function startTask<T>(sup: ServerRef, fn: () => T | Promise<T>, link: boolean, opts: Pick<TaskOpts, "shutdown">): Promise<TaskRef<T>> {
  const s = activeScheduler();
  const owner = s.self().pid;
  const r = await startDynamicChild(sup, {
    start: () => spawnLink(supervisedTask, owner, fn as () => unknown),
    restart: "temporary",
    shutdown: opts.shutdown ?? 5000,
  });
  if (r === "ignore" || r[0] !== "ok") {
    if (r !== "ignore" && r[1] === "max_children") {
      throw new Error(
        "reached the maximum number of tasks for this task supervisor. The maximum number of tasks that are " +
          "allowed to run at the same time under this supervisor can be configured with the maxChildren option " +
          "passed to Task.Supervisor.start",
      );
    }
    throw new Exit(r === "ignore" ? "ignore" : r[1]);
  }
  const pid = r[1];
  if (link) s.link(pid);
  // The monitor ref tags the reply, as Task.async's does, so Task.await and Task.yield work.
  const ref = s.monitor(pid);
  s.send(pid, [GO, owner, ref]);
  return { pid, ref, owner };
}

// Server (callbacks) ───────────────────────────────────────────────────────────

/** The task process: wait for the owner's ref, run `fn`, reply `[ref, result]`. */
async function supervisedTask(owner: Pid, fn: () => unknown): Promise<void> {
  const s = activeScheduler();
  const go = (await s.receiveFrom(null, (m) => Array.isArray(m) && m[0] === GO && m[1] === owner)) as [string, Pid, Ref];
  const ref = go[2];
  const result = await fn();
  s.send(owner, [ref, result]);
}

/** Task.Supervisor as one namespace (mounted as `Task.Supervisor`). */
export const TaskSupervisor = { start, startLink, startChild, asyncNolink, async, children, terminateChild, stop };
