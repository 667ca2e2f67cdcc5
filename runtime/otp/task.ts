/**
 * Task: run one piece of work in its own process and collect the result later.
 *
 *     caller ──Task.async(fn)──► [task: fn()] ──[ref, result]──► caller: await Task.await(task)
 *              (linked + monitored)
 *
 * `Task.async` starts a process linked to the caller and monitored by it; the task sends
 * `[ref, result]` back and ends. `Task.await` takes that reply with a receive marker (O(1)
 * behind any backlog); if the task dies first the caller exits with its reason, and past the
 * timeout (5000 ms) the caller exits with `["timeout", ["Task", "await", [task, timeout]]]`,
 * which through the link also ends the task, as in Elixir.
 *
 *     const tasks = urls.map((u) => Task.async(() => fetchPage(u)));
 *     const pages = await Task.awaitMany(tasks);
 *
 *     for await (const [, len] of Task.asyncStream(words, (w) => w.length, { maxConcurrency: 4 })) { ... }
 *
 * When not to use it: for a long-lived process with state, use a GenServer or Agent; for
 * fire-and-forget work whose crash must not touch the caller, use Task.Supervisor.
 *
 * Mirrors Elixir's Task (task.ex).
 */
import { isThenable } from "../kernel/async";
import { activeScheduler, onSchedulerCreated } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import type { MailNode } from "../kernel/mailbox";
import { TaskSupervisor } from "./task-supervisor";
import { Exit, TIMEOUT, type Pid, type Ref } from "../kernel/term";

/** A running task: its pid, the monitor ref its reply is tagged with, and its owner. */
export interface TaskRef<T = unknown> {
  readonly pid: Pid;
  readonly ref: Ref;
  readonly owner: Pid;
  /** Phantom: the result type. */
  readonly __result?: T;
}

/** What `Task.yield` gives: the result, the task's exit reason, or null when it is still running. */
export type YieldResult<T> = readonly ["ok", T] | readonly ["exit", unknown] | null;

/** The body every task process runs: compute, reply `[ref, result]` to the owner. */
function taskBody(owner: Pid, ref: Ref, fn: (...a: unknown[]) => unknown, args: unknown[]): unknown {
  const s = activeScheduler();
  const r = fn(...args);
  if (isThenable(r)) {
    return r.then((v) => void s.send(owner, [ref, v]));
  }
  s.send(owner, [ref, r]);
  return undefined;
}

// Client ───────────────────────────────────────────────────────────────────────

/**
 * Start `fn(...args)` as a task linked to and monitored by the caller. A closure runs on
 * the caller's scheduler; an exported top-level function may be placed on another one
 * (the default placement: local until this scheduler is busy), so CPU-bound tasks spread
 * over the cores.
 */
export function async<T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): TaskRef<T> {
  const s = activeScheduler();
  const owner = s.self().pid;
  const mark = s.mark();
  // The monitor ref doubles as the reply tag, as in Elixir: made first, handed to the task.
  const ref = s.makeRef();
  const name = s.exportName(fn);
  const runner = s.exported(TASK_RUNNER);
  const { pid } =
    name === undefined || runner === undefined
      ? s.spawn((...a: unknown[]) => taskBody(owner, ref, fn as (...a: unknown[]) => unknown, a), args, { link: true, monitor: true, ref })
      : s.spawn(runner, [owner, ref, name, args], { link: true, monitor: true, ref });
  const task: TaskRef<T> = { pid, ref, owner };
  marks.set(task, mark);
  return task;
}

/** The runtime's exported task runner: runs exported function `name` wherever it was placed. */
const TASK_RUNNER = "$task";
function runExportedTask(owner: Pid, ref: Ref, name: string, args: unknown[]): unknown {
  const fn = activeScheduler().exported(name);
  if (fn === undefined) throw new Error(`Task.async: no exported function ${name} on this scheduler`);
  return taskBody(owner, ref, fn, args);
}
onSchedulerCreated((s) => s.export(TASK_RUNNER, runExportedTask as (...a: unknown[]) => unknown));

/** Where each task's reply can first appear in its owner's mailbox (receive markers). */
const marks = new WeakMap<object, MailNode>();

/** Wait for a task's result; exits the caller on the task's death or past `timeout` ms. */
export async function await_<T>(task: TaskRef<T>, timeout: number = 5000): Promise<T> {
  const got = await waitFor(task, timeout);
  if (got === TIMEOUT) {
    forget(task);
    throw new Exit(["timeout", ["Task", "await", [taskInfo(task), timeout]]]);
  }
  if (got[0] === "DOWN") throw new Exit([got[4], ["Task", "await", [taskInfo(task), timeout]]]);
  return got[1] as T;
}

/** Wait for every task (in order); exits the caller if one dies or `timeout` passes for all. */
export async function awaitMany<T>(tasks: ReadonlyArray<TaskRef<T>>, timeout: number = 5000): Promise<T[]> {
  const s = activeScheduler();
  const deadline = s.clock.now() + timeout;
  const out: T[] = [];
  for (const t of tasks) {
    const left = timeout === Infinity ? Infinity : Math.max(0, deadline - s.clock.now());
    const got = await waitFor(t, left);
    if (got === TIMEOUT) {
      for (const u of tasks) forget(u);
      throw new Exit(["timeout", ["Task", "await_many", [tasks.map(taskInfo), timeout]]]);
    }
    if (got[0] === "DOWN") throw new Exit([got[4], ["Task", "await_many", [tasks.map(taskInfo), timeout]]]);
    out.push(got[1] as T);
  }
  return out;
}

/** The result if it arrives within `timeout`, `["exit", reason]` if the task died, else null (the task keeps running). */
export async function yield_<T>(task: TaskRef<T>, timeout: number = 5000): Promise<YieldResult<T>> {
  const got = await waitFor(task, timeout);
  if (got === TIMEOUT) return null;
  if (got[0] === "DOWN") return ["exit", got[4]];
  return ["ok", got[1] as T];
}

/** Stop a task: kill it unless it has replied; returns its result if it had one. */
export async function shutdown<T>(task: TaskRef<T>, timeout: number | "brutal_kill" = 5000): Promise<YieldResult<T>> {
  const s = activeScheduler();
  s.unlink(task.pid);
  s.exitPid(task.pid, timeout === "brutal_kill" ? "kill" : "shutdown");
  const got = await waitFor(task, timeout === "brutal_kill" ? Infinity : timeout);
  if (got === TIMEOUT) {
    s.exitPid(task.pid, "kill");
    const down = await waitFor(task, Infinity);
    return down !== TIMEOUT && down[0] !== "DOWN" ? ["ok", down[1] as T] : null;
  }
  // A reply or the DOWN came: nothing of the task can arrive after it.
  if (got[0] === "DOWN") return got[4] === "shutdown" || got[4] === "killed" ? null : ["exit", got[4]];
  return ["ok", got[1] as T];
}

/**
 * The caller gave up on `task`: drop its monitor (and a DOWN already queued) and its reply,
 * queued or late, as Elixir's Task does by deactivating the reply alias with the monitor.
 */
function forget(task: TaskRef): void {
  const s = activeScheduler();
  s.demonitor(task.ref, { flush: true, from: marks.get(task) ?? null });
  s.dropReplies(task.ref);
}

/** Start `fn` as a process not linked to the caller, for side effects: `["ok", pid]`. */
export function start(fn: () => unknown): readonly ["ok", Pid] {
  return ["ok", activeScheduler().spawn(fn, []).pid];
}

/** Options for `asyncStream`. */
export interface AsyncStreamOpts {
  /** Most tasks running at once (default: the number of schedulers). */
  maxConcurrency?: number;
  /** Emit results in input order (default true); false emits them as they finish. */
  ordered?: boolean;
  /** Per-task timeout, ms (default 5000): past it the caller exits, as in Elixir. */
  timeout?: number;
}

/**
 * Run `fn` on every item with at most `maxConcurrency` tasks at once, yielding
 * `["ok", value]` per item (in input order unless `ordered: false`).
 */
export function asyncStream<I, T>(
  items: Iterable<I>,
  fn: (item: I) => T | Promise<T>,
  opts: AsyncStreamOpts = {},
): AsyncIterable<readonly ["ok", T]> {
  return {
    async *[Symbol.asyncIterator]() {
      const s = activeScheduler();
      const max = Math.max(1, opts.maxConcurrency ?? s.count);
      const ordered = opts.ordered ?? true;
      const timeout = opts.timeout ?? 5000;
      const it = items[Symbol.iterator]();
      // Tasks in input order; `running` holds those not yet finished, `done` results that
      // finished before their turn (ordered mode keeps `max` tasks busy, as Elixir does).
      const started: Array<TaskRef<T>> = [];
      const running: Array<TaskRef<T>> = [];
      const done = new Map<TaskRef<T>, T>();
      let next = 0;
      let exhausted = false;
      const fill = () => {
        while (!exhausted && running.length < max) {
          const item = it.next();
          if (item.done) exhausted = true;
          else {
            const t = async(fn, item.value);
            started.push(t);
            running.push(t);
          }
        }
      };
      fill();
      while (running.length > 0 || done.size > 0) {
        if (ordered && done.has(started[next])) {
          const value = done.get(started[next])!;
          done.delete(started[next++]);
          yield ["ok", value] as const;
          continue;
        }
        const [task, value] = await firstDone(running, timeout);
        fill();
        if (!ordered) {
          yield ["ok", value] as const;
          continue;
        }
        done.set(task, value);
      }
    },
  };
}

/** Whichever of `tasks` replies first, with its result (that task is removed from the array). */
async function firstDone<T>(tasks: Array<TaskRef<T>>, timeout: number): Promise<[TaskRef<T>, T]> {
  const s = activeScheduler();
  const refs = new Set<unknown>(tasks.map((t) => t.ref));
  const got = (await s.receiveFrom(
    null,
    (m) => Array.isArray(m) && (refs.has(m[0]) || (m[0] === "DOWN" && refs.has(m[1]))),
    timeout,
  )) as unknown[] | typeof TIMEOUT;
  if (got === TIMEOUT) {
    for (const t of tasks) forget(t);
    throw new Exit(["timeout", ["Task", "async_stream", [timeout]]]);
  }
  const ref = (got[0] === "DOWN" ? got[1] : got[0]) as Ref;
  const task = tasks.splice(tasks.findIndex((t) => t.ref === ref), 1)[0];
  if (got[0] === "DOWN") throw new Exit([got[4], ["Task", "async_stream", [taskInfo(task), timeout]]]);
  s.demonitor(ref, { flush: true });
  return [task, got[1] as T];
}

/** Receive the task's reply or its DOWN, after the marker taken before it could reply. */
function waitFor(task: TaskRef, timeout: number): Promise<unknown[] | typeof TIMEOUT> {
  const s = activeScheduler();
  if (task.owner !== s.self().pid) {
    throw new Exit([
      "not_owner",
      `Task.await: ${inspect(task.pid)} was started by ${inspect(task.owner)}; only its owner can await it`,
    ]);
  }
  const ref = task.ref;
  const mark = marks.get(task) ?? null;
  return s
    .receiveFrom(mark, (m) => Array.isArray(m) && (m[0] === ref || (m[0] === "DOWN" && m[1] === ref)), timeout === Infinity ? undefined : timeout)
    .then((got) => {
      if (got !== TIMEOUT && (got as unknown[])[0] === ref) {
        // Replied: the task is done; drop its monitor and any DOWN already queued.
        s.demonitor(ref, { flush: true, from: mark });
      }
      return got as unknown[] | typeof TIMEOUT;
    });
}

function taskInfo(t: TaskRef): unknown {
  return { pid: t.pid, ref: t.ref, owner: t.owner };
}

/** Task as learners import it; `Task.Supervisor` is task-supervisor.ts. */
export const Task = {
  Supervisor: TaskSupervisor,
  async,
  await: await_,
  awaitMany,
  yield: yield_,
  shutdown,
  start,
  asyncStream,
};
