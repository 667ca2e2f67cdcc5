/**
 * Exits: how a process ends, and what an exit signal does to the process it reaches.
 *
 *     exit signal {from, reason, link?} ─► to T:
 *       reason "kill", not from a link ──────────────► T dies "killed" (untrappable)
 *       T traps exits ───────────────────────────────► ["EXIT", from, reason] in T's mailbox
 *       reason "normal" (from another process/link) ─► ignored
 *       otherwise ───────────────────────────────────► T dies with reason
 *
 *     T dies ─► its name is released, a crash report is printed if it raised,
 *               every link gets an exit signal, every monitor a DOWN, and the host's
 *               `onExit` hears the reason and, when a signal from another process ended
 *               T, its cause ({from, link}: "exited because linked #PID<0.4.0> exited")
 *
 *     Process.flag("trap_exit", true);
 *     Process.exit(pid, "shutdown");
 *
 * Mirrors Erlang's exit signal semantics (the truth table in the Erlang reference manual,
 * "Receiving Exit Signals"), erlang:exit/2 and process_flag(trap_exit, _).
 */
import { formatCrashReport } from "./crash-report";
import { copyMessage } from "./copy";
import { inspect, thrownText } from "./inspect";
import { forgetMonitorNames } from "./monitors";
import type { Proc } from "./process";
import type { Scheduler } from "./scheduler";
import { deliverLocal, resolveDest } from "./send";
import { release } from "./names";
import { localSignal, route } from "./signals";
import { Exit, Kill, pidScheduler, type Pid } from "./term";

/**
 * Why a process died when it did not end itself: an exit signal from process `from`, through
 * a link (`link`, `from` exited with the same reason) or sent with `Process.exit(pid, reason)`.
 */
export interface ExitCause {
  from: Pid;
  link: boolean;
}

/**
 * The reason an uncaught throw ends a process with. Never throws, whatever was thrown: a
 * Proxy whose traps throw, an Error whose `message` getter throws, a symbol.
 */
export function reasonOf(e: unknown, mapStack: (s: string) => string = (s) => s): unknown {
  try {
    if (e instanceof Kill || e instanceof Exit) return e.reason;
    if (e instanceof Error) {
      const message = e.message;
      const stack = e.stack;
      return ["error", typeof message === "string" ? message : inspect(message), mapStack(typeof stack === "string" ? stack : "")];
    }
    return ["error", inspect(e), ""];
  } catch (err) {
    return ["error", `the value thrown cannot be read (reading it threw: ${thrownText(err)})`, ""];
  }
}

/** Was `e` an exception (not an `exit(...)` or a kill)? Never throws. */
function isException(e: unknown): boolean {
  try {
    return !(e instanceof Kill || e instanceof Exit);
  } catch {
    return true;
  }
}

/**
 * The process's own code threw `e`: end it with the reason, and print a crash report when
 * it was an exception (not an `exit(...)` or a kill), as the BEAM's logger does.
 */
export function crash(s: Scheduler, p: Proc, e: unknown): void {
  exitProcess(s, p, reasonOf(e, s.opts.mapStack), isException(e));
}

/**
 * An exit reason as plain data the kernel can print, compare and pass on: a copy (so later
 * mutations do not reach links and monitors), or, when reading it throws (a Proxy, a throwing
 * getter), `["unreadable_reason", why]`. Strings and numbers, the usual reasons, pass as they are.
 */
export function saneReason(reason: unknown): unknown {
  if (typeof reason !== "object" || reason === null) return reason;
  try {
    return copyMessage(reason);
  } catch (e) {
    return ["unreadable_reason", thrownText(e)];
  }
}

/** `Process.exit(pid, reason)`: an exit signal (not from a link). */
export function exitPid(s: Scheduler, pid: Pid, reason: unknown): true {
  const me = s.current;
  const to = resolveDest(s, pid, "Process.exit");
  route(s, { t: "exit", from: me?.pid ?? to, to, reason, link: false });
  // The caller killed itself: unwind its code now.
  if (me !== null && me.status === "dead") throw new Kill(reason === "kill" ? "killed" : reason);
  return true;
}

/** `Process.flag("trap_exit", on)`: returns the old value. */
export function trapExit(s: Scheduler, on: boolean): boolean {
  const p = s.self();
  const old = p.trapExit;
  p.trapExit = on;
  return old;
}

/** How an exit signal lands on local process `t` (Erlang's truth table, see the file comment). */
export function exitSignal(s: Scheduler, t: Proc, from: Pid, reason: unknown, link: boolean): void {
  if (link) {
    if (!t.links?.delete(from)) return; // unlinked meanwhile
  }
  // A signal a process sent itself (Process.exit(self(), r)) has no other cause.
  const cause = from === t.pid && !link ? undefined : { from, link };
  if (!link && reason === "kill") return exitProcess(s, t, "killed", false, cause);
  if (t.trapExit) return deliverLocal(s, t, ["EXIT", from, reason]);
  if (reason === "normal" && !(from === t.pid && !link)) return;
  exitProcess(s, t, reason, false, cause);
}

/**
 * End process `p` with `reason`: notify links and monitors, free everything. `report`
 * prints a crash report (the process raised; not when an exit signal from a link killed it).
 * `cause` says which exit signal ended it, for the host (`onExit`).
 */
export function exitProcess(s: Scheduler, p: Proc, reason: unknown, report = false, cause?: ExitCause): void {
  if (p.status === "dead") return;
  reason = saneReason(reason);
  const wasCurrent = p === s.current;
  p.status = "dead";
  if (s.tracer !== null) s.tracer.exit(p.pid, reason, cause); // before the signals it causes
  s.procs.delete(p.pid);
  if (p.timer) s.timers.cancel(p.timer);
  p.timer = null;
  p.pred = null;
  p.resolve = null;
  p.mailbox.clear();
  if (p.name !== undefined) release(s, p.name, p.pid);
  if (report) {
    s.output(p.pid, formatCrashReport(p.pid, reason, { name: p.name, initialCall: p.initialCall }), "crash");
  }
  for (const hook of s.exitHooks) hook(p.pid, reason);
  if (p.links) for (const l of p.links) route(s, { t: "exit", from: p.pid, to: l, reason, link: true });
  if (p.monitoredBy) {
    for (const [ref, by] of p.monitoredBy) route(s, { t: "down", to: by, ref, pid: p.pid, reason });
  }
  if (p.monitors) {
    for (const [ref, to] of p.monitors) route(s, { t: "demonitor", by: p.pid, to, ref });
    forgetMonitorNames(s, p.monitors);
  }
  s.opts.onExit?.(p.pid, reason, cause);
  if (wasCurrent) {
    s.unwinding = true;
    s.park(p);
  }
}

/** Kill every local process that links to or monitors a process of scheduler `sched` (a worker was lost). */
export function lostScheduler(s: Scheduler, sched: number, reason: unknown = "killed"): void {
  for (const p of [...s.procs.values()]) {
    if (p.links) {
      for (const l of [...p.links]) {
        if (pidScheduler(l) === sched) localSignal(s, { t: "exit", from: l, to: p.pid, reason, link: true });
      }
    }
    if (p.monitors) {
      for (const [ref, to] of p.monitors) {
        if (pidScheduler(to) === sched) localSignal(s, { t: "down", to: p.pid, ref, pid: to, reason });
      }
    }
  }
  for (const [name, pid] of s.names) if (pidScheduler(pid) === sched) s.names.delete(name);
}

/** Stop everything here at once (the page's Stop, the runner's timeout): no links or monitors fire. */
export function killAll(s: Scheduler, reason: unknown = "killed"): void {
  for (const p of [...s.procs.values()]) {
    p.links = null;
    p.monitoredBy = null;
    exitProcess(s, p, reason);
  }
  if (s.armed) s.loop.cancel(s.armed.handle);
  s.armed = null;
}
