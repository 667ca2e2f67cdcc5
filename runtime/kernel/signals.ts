/**
 * Signals: everything one process does to another — a message, a link, an exit, a monitor,
 * a DOWN, a name — travels as a signal to the scheduler of the process it concerns.
 *
 *     route(sig) ─► for a process here? ─► the local FIFO, drained in order without recursion
 *                └─ elsewhere ─► transport (opts.send): batched per destination, flushed per slice
 *     a batch arrives ─► deliverItems ─► the same FIFO ─► handle: each kind to its concept file
 *     a signal for a pid whose spawn is still in flight ─► held, replayed when the spawn lands;
 *       the spawner is probed, and its answer (behind any spawn it sent) drops what a made-up pid got
 *
 * One FIFO per scheduler keeps the BEAM's guarantee: signals from one process to another
 * arrive in the order they were sent (a message sent after an exit signal arrives after it),
 * and a chain of 100k linked processes dying cannot blow the stack.
 *
 * Mirrors the BEAM's signal queue (erl_proc_sig_queue.c): ordering per sender–receiver pair.
 */
import { portableTerm } from "./copy";
import { exitSignal } from "./exit";
import { onLink, onUnlink } from "./links";
import { onDemonitor, onDown, onMonitor } from "./monitors";
import { onClaim, onDeny, onRegister, onUnregister } from "./names";
import type { Signal } from "./protocol";
import { onAnswer, onQuery } from "./remote-query";
import type { Scheduler } from "./scheduler";
import { deliverLocal, localMsg } from "./send";
import { spawnFromSignal } from "./spawn";
import { pidId, pidScheduler, type Pid } from "./term";

/**
 * Send a signal to whichever scheduler it concerns. An exit reason or an answer bound for
 * another scheduler is made portable first (portableTerm: a function in it travels as its
 * printed form), so that no reason can break the transport.
 */
export function route(s: Scheduler, sig: Signal, dest = destOf(s, sig)): void {
  if (dest === s.index) localSignal(s, sig);
  else s.opts.send!(dest, portable(sig));
}

function portable(sig: Signal): Signal {
  switch (sig.t) {
    case "exit":
    case "down":
      return typeof sig.reason === "string" ? sig : { ...sig, reason: portableTerm(sig.reason) };
    case "answer":
      return { ...sig, value: portableTerm(sig.value) };
    default:
      return sig;
  }
}

function destOf(s: Scheduler, sig: Signal): number {
  switch (sig.t) {
    case "msg":
    case "link":
    case "unlink":
    case "exit":
    case "monitor":
    case "demonitor":
    case "down":
      return pidScheduler(sig.to);
    case "spawn":
      return pidScheduler(sig.pid);
    default:
      return s.index;
  }
}

/** Send a signal to every other scheduler. */
export function broadcast(s: Scheduler, sig: Signal): void {
  for (let i = 0; i < s.count; i++) {
    if (i !== s.index) s.opts.send!(i, sig);
  }
}

/** A packed batch from another scheduler (see `Batch`): `to, msg` pairs and Signal objects. */
export function deliverItems(s: Scheduler, items: unknown[], count: number): void {
  s.received += count;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x === "string") localMsg(s, x as Pid, items[++i]);
    else localSignal(s, x as Signal);
  }
}

/** A batch of signals from another scheduler (tests' in-memory mesh). */
export function deliver(s: Scheduler, sigs: Signal[]): void {
  s.received += sigs.length;
  for (const sig of sigs) localSignal(s, sig);
}

/** Handle a signal for this scheduler, in order, without recursion. */
export function localSignal(s: Scheduler, sig: Signal): void {
  s.local.push(sig);
  if (s.draining) return;
  s.draining = true;
  try {
    for (let i = 0; i < s.local.length; i++) handle(s, s.local[i]);
  } finally {
    s.local.length = 0;
    s.draining = false;
  }
}

/** One signal, to the concept it belongs to. */
function handle(s: Scheduler, sig: Signal): void {
  switch (sig.t) {
    case "msg": {
      const p = s.procs.get(sig.to);
      if (p !== undefined) deliverLocal(s, p, sig.msg);
      else holdIfEarly(s, sig);
      return;
    }
    case "spawn":
      return spawnFromSignal(s, sig, (held) => handle(s, held));
    case "link":
      return onLink(s, sig);
    case "unlink":
      return onUnlink(s, sig);
    case "exit": {
      const t = s.procs.get(sig.to);
      if (t !== undefined) exitSignal(s, t, sig.from, sig.reason, sig.link);
      else holdIfEarly(s, sig);
      return;
    }
    case "monitor":
      return onMonitor(s, sig);
    case "demonitor":
      return onDemonitor(s, sig);
    case "down":
      return onDown(s, sig);
    case "register":
      return onRegister(s, sig);
    case "unregister":
      return onUnregister(s, sig);
    case "claim":
      return onClaim(s, sig);
    case "deny":
      return onDeny(s, sig);
    case "query":
      return onQuery(s, sig);
    case "ext":
      s.extensions.get(sig.kind)?.(sig.data, sig.from);
      return;
    case "answer":
      return onAnswer(s, sig);
    case "probe":
      // Every pid allocated here so far has had its spawn routed, ahead of this answer.
      route(s, { t: "probed", pid: sig.pid, upTo: (s.nextId - 1) * s.count + s.index }, sig.from);
      return;
    case "probed":
      return onProbed(s, sig);
  }
}

/** Is local pid `pid` one another scheduler allocated whose spawn has not arrived yet? */
export function inFlight(s: Scheduler, pid: Pid): boolean {
  const id = pidId(pid);
  const spawner = id % s.count;
  return spawner !== s.index && id > s.spawnedFrom[spawner];
}

/**
 * A signal for a local pid that is not in the table: if the pid's spawn has not arrived
 * yet (it was allocated by another scheduler and the spawn is still in flight), hold the
 * signal until it does. Returns true when held.
 */
export function holdIfEarly(s: Scheduler, sig: Signal & { to: Pid }): boolean {
  if (!inFlight(s, sig.to)) return false;
  const held = s.early.get(sig.to);
  if (held) held.push(sig);
  else {
    s.early.set(sig.to, [sig]);
    route(s, { t: "probe", pid: sig.to, from: s.index }, pidId(sig.to) % s.count);
  }
  return true;
}

/**
 * The spawner answered a probe: its spawns up to `upTo` have all arrived, so signals still
 * held for `pid` were for a process that never lived (a made-up pid). They get what a dead
 * pid's signals get: a message or an exit is dropped, a link answers noproc, a monitor DOWN.
 */
function onProbed(s: Scheduler, sig: Extract<Signal, { t: "probed" }>): void {
  const spawner = pidId(sig.pid) % s.count;
  if (sig.upTo > s.spawnedFrom[spawner]) s.spawnedFrom[spawner] = sig.upTo;
  const held = s.early.get(sig.pid);
  if (held === undefined) return;
  s.early.delete(sig.pid);
  for (const h of held) {
    if (h.t === "link") route(s, { t: "exit", from: h.to, to: h.from, reason: "noproc", link: true });
    else if (h.t === "monitor") route(s, { t: "down", to: h.by, ref: h.ref, pid: h.to, reason: "noproc" });
  }
}
