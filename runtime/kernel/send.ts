/**
 * Send: a message from one process to another's mailbox, here or on another scheduler.
 *
 *     send(dest, msg) ─► copy (isolation) ─► same scheduler? ─► mailbox (or behind signals being handled)
 *                                             └─ no ─► transport: batched per destination (signals.ts)
 *     mailbox ─► longer than maxMailbox? ─► the receiver is killed (mailbox_limit), with a message
 *            └─► the receiver waits in a receive that may match? ─► runnable
 *
 *     send(pid, ["ping", self()]);
 *     send("logger", ["log", "hi"]);   // a registered name; badarg when nobody has it
 *
 * A message is copied at the send, so the receiver never sees the sender's later mutations.
 * Sending to a dead pid does nothing, as on the BEAM. The mailbox limit is Beamlab's: a flood
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
  const pid = resolveDest(s, dest, "send");
  const to = pidScheduler(pid);
  const copy = copyMessage(msg);
  if (s.tracer !== null) s.tracer.send(s.current, pid, copy);
  if (to === s.index) localMsg(s, pid, copy);
  else if (s.opts.sendMsg) s.opts.sendMsg(to, pid, copy);
  else s.opts.send!(to, { t: "msg", to: pid, msg: copy });
  return msg;
}

/** A pid for a pid or a registered name; throws badarg for an unknown name. */
export function resolveDest(s: Scheduler, dest: unknown, what: string): Pid {
  if (isPid(dest)) return dest;
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
