/**
 * Send: a message from one process to another's mailbox, here or on another scheduler.
 *
 *     send(dest, msg) ─► copy (isolation) ─► same scheduler? ─► mailbox (or behind signals being handled)
 *                                             └─ no ─► plain data only ─► transport: batched per destination (signals.ts)
 *     mailbox ─► longer than maxMailbox? ─► the receiver is killed (mailbox_limit), with a message
 *            └─► the receiver waits in a receive that may match? ─► runnable
 *
 *     send(pid, ["ping", self()]);
 *     send("logger", ["log", "hi"]);   // a registered name; badarg when nobody has it
 *
 * A message is copied at the send, so the receiver never sees the sender's later mutations.
 * A message for another scheduler must be plain data: a function, a symbol or a Promise in
 * it is a TypeError at the `send` that names where it sits (`a function ... (found at
 * msg[1])`), since the worker transport could not carry it; on one scheduler they are kept by
 * reference (a fun is a value on the BEAM too). A pid of a scheduler this run does not have is
 * badarg at the call. Sending to a dead pid does nothing, as on the BEAM. The mailbox limit is Beamlab's: a flood
 * stops with a clear report instead of exhausting the tab's memory.
 *
 * Mirrors erlang:send/2 (`!`) and the BEAM's signal delivery to a local process.
 */
import { copyMessage } from "./copy";
import { exitProcess } from "./exit";
import { inspect } from "./inspect";
import type { Proc } from "./process";
import type { Scheduler } from "./scheduler";
import { holdIfEarly } from "./signals";
import { Kill, isPid, pidScheduler, type Pid } from "./term";

/** `send(dest, msg)`: to a pid or a registered name. Returns `msg`. */
export function send(s: Scheduler, dest: unknown, msg: unknown): unknown {
  const pid = isPid(dest) ? dest : resolveDest(s, dest, "send");
  // A deterministic run's fault: this message is lost (runtime/sim).
  if (s.choice !== undefined && s.choice.drop !== undefined && s.choice.drop(s.current === null ? null : s.current.pid, pid, msg)) return msg;
  const to = pidScheduler(pid);
  if (to === s.index) {
    const copy = copyMessage(msg);
    if (s.tracer !== null) s.tracer.send(s.current, pid, copy);
    localMsg(s, pid, copy);
    return msg;
  }
  if (to >= s.count) checkPid(s, pid, "send");
  let copy: unknown;
  try {
    copy = copyMessage(msg, PLAIN_DATA);
  } catch (e) {
    // Only now build the sentence that names the receiver (no string per send on the hot path).
    if (e instanceof TypeError) copyMessage(msg, { allowFunctions: false, to: `to ${pid} on another scheduler` });
    throw e;
  }
  if (s.tracer !== null) s.tracer.send(s.current, pid, copy);
  if (s.opts.sendMsg) s.opts.sendMsg(to, pid, copy);
  else s.opts.send!(to, { t: "msg", to: pid, msg: copy });
  return msg;
}

/** A message for another scheduler: plain data only (copy.ts). */
const PLAIN_DATA = { allowFunctions: false } as const;

const PID_SHAPE = /^#PID<0\.\d+\.\d+>$/;

/**
 * `pid` when it can name a process of this run: a well-formed pid on one of its schedulers.
 * Anything else is badarg, thrown at the call (`link`, `monitor`, `Process.exit`, a send),
 * before it leaves state behind or reaches a transport that has no such scheduler.
 */
export function checkPid(s: Scheduler, pid: unknown, what: string): Pid {
  if (!isPid(pid) || !PID_SHAPE.test(pid)) throw new TypeError(`${what}: expected a pid, got ${inspect(pid)} (badarg)`);
  const sched = pidScheduler(pid);
  if (sched >= s.count) {
    throw new RangeError(
      `${what}: ${pid} names scheduler ${sched}, but this run has ${s.count} (0..${s.count - 1}); a pid cannot be made up (badarg)`,
    );
  }
  return pid;
}

/** A pid for a pid or a registered name; throws badarg for an unknown name or a pid this run cannot have. */
export function resolveDest(s: Scheduler, dest: unknown, what: string): Pid {
  if (isPid(dest)) return checkPid(s, dest, what);
  if (typeof dest === "string") {
    const pid = s.names.get(dest);
    if (pid !== undefined) return pid;
    throw new Error(`${what}: no process is registered as ${inspect(dest)} (badarg)`);
  }
  throw new TypeError(`${what}: expected a pid or a registered name, got ${inspect(dest)} (badarg)`);
}

/** A message for local process `pid`: into its mailbox now, or in turn behind signals being handled. */
export function localMsg(s: Scheduler, pid: Pid, msg: unknown): void {
  if (s.draining) {
    s.local.push({ t: "msg", to: pid, msg });
    return;
  }
  const p = s.procs.get(pid);
  if (p !== undefined) deliverLocal(s, p, msg);
  else holdIfEarly(s, { t: "msg", to: pid, msg });
}

/**
 * Put `msg` in live process `p`'s mailbox and wake it if it waits in a receive. A reply to a
 * call that gave up is dropped (receive.ts `dropReplies`); past `maxMailbox` messages the
 * process is killed with `["mailbox_limit", max]`.
 */
export function deliverLocal(s: Scheduler, p: Proc, msg: unknown): void {
  if (p.status === "dead") return;
  if (p.deadRefs !== null && Array.isArray(msg) && p.deadRefs.delete(msg[0])) return;
  p.mailbox.push(msg);
  if (p.mailbox.length > s.maxMailbox) {
    s.output(
      p.pid,
      `** process ${p.pid} killed: its mailbox passed the limit of ${s.maxMailbox} messages ` +
        `(a flood: messages arrive faster than it receives them; raise maxMailbox to allow more)`,
      "crash",
    );
    const self = p === s.current;
    exitProcess(s, p, ["mailbox_limit", s.maxMailbox]);
    if (self) throw new Kill(["mailbox_limit", s.maxMailbox]);
    return;
  }
  if (p.status === "waiting" && p.pred !== null) s.makeRunnable(p);
}
