/**
 * Supervision: the parts Supervisor, DynamicSupervisor and Task.Supervisor share. Internal.
 *
 *     start(spec) ──► ["ok", pid] ──► link ──► ... EXIT ──► restart? (type, intensity) ──► start(spec)
 *                                              shutdown(pid): "shutdown" ──wait N ms──► "kill"
 *
 * - `startChild` runs a child spec's `start` inside the supervisor and reads its result;
 * - `shutdownChild` stops one child as OTP's supervisor does (monitor, exit signal, wait,
 *   kill, then unlink and take the child's EXIT so it is not handled twice);
 * - `Intensity` counts restarts in a sliding window (`maxRestarts` in `maxSeconds`);
 * - `report` prints the short form of the supervisor reports Elixir's Logger prints.
 *
 *     const r = await startChild(spec);           // ["ok", pid, info] | ["ignore"] | ["error", reason]
 *     const done = await shutdownChild(pid, 5000, "permanent");   // "ok" | ["error", reason]
 *
 * Mirrors the child handling of OTP's supervisor.erl (do_start_child, shutdown/1, add_restart).
 */
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { reasonOf } from "../kernel/exit";
import { Exit, Kill, TIMEOUT, isPid, type Pid } from "../kernel/term";
import type { OnStart } from "./gen-server";

/** When a child is restarted: always, only after an abnormal exit, or never. */
export type RestartType = "permanent" | "transient" | "temporary";
/** How a child is stopped: ms to wait after a "shutdown" exit before "kill", or kill at once. */
export type Shutdown = number | "brutal_kill" | "infinity";
/** A worker, or a supervisor (which gets "infinity" to shut its own children down). */
export type ChildType = "worker" | "supervisor";
/** What a child's `start` may return: a pid, or what `GenServer.startLink` returns. */
export type StartReturn = Pid | OnStart | readonly ["ok", Pid, unknown];

/** A child spec: how to start one child, and what to do when it exits. */
export interface ChildSpec {
  /** Names the child inside its supervisor (any value; compared by its printed form). */
  id?: unknown;
  /** Starts the child linked to the caller (the supervisor): `GenServer.startLink(...)`, `spawnLink(...)`. */
  start: (...args: any[]) => StartReturn | Promise<StartReturn>;
  /** Default "permanent". */
  restart?: RestartType;
  /** Default 5000 for a worker, "infinity" for a supervisor. */
  shutdown?: Shutdown;
  /** Default "worker". */
  type?: ChildType;
  /** Shown by whichChildren (Elixir's `modules`); default []. */
  modules?: string[];
}

/** A child spec with every default filled in. */
export interface FullSpec {
  id: unknown;
  start: (...args: any[]) => StartReturn | Promise<StartReturn>;
  restart: RestartType;
  shutdown: Shutdown;
  type: ChildType;
  modules: string[];
}

/** What starting a child came to. */
export type Started = readonly ["ok", Pid | undefined, unknown?] | readonly ["error", unknown];

/** What stopping a child came to: "ok", or the unexpected reason it exited with. */
export type Stopped = "ok" | readonly ["error", unknown];

/** Check a child spec and fill in its defaults; throws a TypeError that says what is wrong. */
export function fullSpec(spec: ChildSpec, where: string): FullSpec {
  if (spec === null || typeof spec !== "object" || typeof spec.start !== "function") {
    throw new TypeError(`${where}: a child spec is { id, start: () => GenServer.startLink(...) , ... }, got ${inspect(spec)}`);
  }
  const restart = spec.restart ?? "permanent";
  if (restart !== "permanent" && restart !== "transient" && restart !== "temporary") {
    throw new TypeError(`${where}: restart must be "permanent", "transient" or "temporary", got ${inspect(restart)}`);
  }
  const type = spec.type ?? "worker";
  if (type !== "worker" && type !== "supervisor") {
    throw new TypeError(`${where}: type must be "worker" or "supervisor", got ${inspect(type)}`);
  }
  const shutdown = spec.shutdown ?? (type === "supervisor" ? "infinity" : 5000);
  if (!(shutdown === "brutal_kill" || shutdown === "infinity" || (typeof shutdown === "number" && shutdown >= 0))) {
    throw new TypeError(`${where}: shutdown must be ms ≥ 0, "brutal_kill" or "infinity", got ${inspect(shutdown)}`);
  }
  return { id: spec.id, start: spec.start, restart, shutdown, type, modules: spec.modules ?? [] };
}

/** True for the exit reasons that are not failures: normal, shutdown, ["shutdown", _]. */
export function isNormalExit(reason: unknown): boolean {
  return reason === "normal" || reason === "shutdown" || (Array.isArray(reason) && reason.length === 2 && reason[0] === "shutdown");
}

/**
 * Run `spec.start(...args)` in the calling supervisor and read the result. A returned pid is
 * linked (a no-op when `start` linked it already, as it should), so a child started with a
 * plain `spawn` is still supervised. A throw becomes `["error", reason]`.
 */
export async function startChild(spec: FullSpec, args: unknown[] = []): Promise<Started> {
  let r: unknown;
  try {
    r = await spec.start(...args);
  } catch (e) {
    if (e instanceof Kill) throw e;
    return ["error", reasonOf(e)];
  }
  let pid: unknown;
  let info: unknown;
  if (isPid(r)) pid = r;
  else if (r === "ignore") return ["ok", undefined];
  else if (Array.isArray(r) && r[0] === "ok" && isPid(r[1])) {
    pid = r[1];
    info = r.length > 2 ? r[2] : undefined;
  } else if (Array.isArray(r) && r[0] === "error" && r.length === 2) return ["error", r[1]];
  else return ["error", ["bad_return", r]];
  activeScheduler().link(pid as Pid);
  return info === undefined ? ["ok", pid as Pid] : ["ok", pid as Pid, info];
}

/**
 * Stop child `pid` as OTP does: monitor it, send "shutdown" (or "kill" for brutal_kill),
 * wait for its DOWN up to `shutdown` ms, then kill it. Then unlink and take its EXIT
 * message, whose reason wins (the child may have died on its own before). A reason other
 * than the one asked for (killed for brutal_kill, shutdown; normal or ["shutdown", _] too for
 * a child that is not permanent) is an error the caller reports.
 */
export async function shutdownChild(pid: Pid, shutdown: Shutdown, restart: RestartType): Promise<Stopped> {
  const s = activeScheduler();
  const mark = s.mark();
  const ref = s.monitor(pid);
  const isDown = (m: unknown) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref;
  let got: unknown;
  if (shutdown === "brutal_kill") {
    s.exitPid(pid, "kill");
    got = await s.receiveFrom(mark, isDown);
  } else {
    s.exitPid(pid, "shutdown");
    got = await s.receiveFrom(mark, isDown, shutdown === "infinity" ? undefined : shutdown);
    if (got === TIMEOUT) {
      s.exitPid(pid, "kill");
      got = await s.receiveFrom(mark, isDown);
    }
  }
  const reason = unlinkFlush(pid, (got as unknown[])[4]);
  if (reason === (shutdown === "brutal_kill" ? "killed" : "shutdown")) return "ok";
  if (restart !== "permanent" && isNormalExit(reason)) return "ok";
  return ["error", reason];
}

/** Unlink `pid` and take its EXIT if one is queued: its reason, else `fallback`. */
export function unlinkFlush(pid: Pid, fallback: unknown): unknown {
  const s = activeScheduler();
  s.unlink(pid);
  const exit = s.poll((m) => Array.isArray(m) && m[0] === "EXIT" && m[1] === pid && m.length === 3);
  return Array.isArray(exit) ? exit[2] : fallback;
}

/** What a supervisor report is about (OTP's errorContext). */
export type ReportContext = "child_terminated" | "start_error" | "shutdown_error" | "shutdown";

const WHAT: Record<ReportContext, string> = {
  child_terminated: "terminated",
  start_error: "failed to start",
  shutdown_error: "shutdown abnormally",
  shutdown: "caused shutdown",
};

/** Print a supervisor report, as Elixir's Logger does (first two lines). */
export function report(sup: string, context: ReportContext, id: unknown, reason: unknown): void {
  const s = activeScheduler();
  const idText = id === undefined ? ":undefined" : inspect(id);
  s.output(s.self().pid, `[error] Child ${idText} of Supervisor ${sup} ${WHAT[context]}\n** (exit) ${inspect(reason)}`, "error");
}

/** Reply to a supervisor call (`from` is `[pid, ref]`, as GenServer's). */
export function replyTo(from: readonly [Pid, unknown], value: unknown): void {
  activeScheduler().send(from[0], [from[1], value]);
}

/** Print Elixir's warning for a message a supervisor does not understand. */
export function unexpected(sup: string, msg: unknown): void {
  const s = activeScheduler();
  s.output(s.self().pid, `[error] ${sup} received unexpected message: ${inspect(msg)}`, "error");
}

/** End the running supervisor with `reason` (thrown from its handler). */
export function exitWith(reason: unknown): never {
  throw new Exit(reason);
}
