/**
 * Monitors: one-way watching. The watcher gets a DOWN message when the watched process dies;
 * nothing happens to the watcher itself (compare links.ts).
 *
 *     W ── monitor(P) ──► ref        P dies with R ─► ["DOWN", ref, "process", P, R] ─► W's mailbox
 *                                    P already dead ─► DOWN at once with "noproc"
 *
 *     const ref = monitor(pid);
 *     const [, , , , reason] = await receive(["DOWN", ref, _, _, _]);
 *     demonitor(ref, { flush: true });   // stop watching, and drop a DOWN that already came
 *     monitor("logger");                 // by name: DOWN says ["logger", "nonode@nohost"]
 *
 * Each monitor lives in two maps: the watcher's `monitors` (ref → watched) and the watched
 * process's `monitoredBy` (ref → watcher). A DOWN is delivered only while the watcher still
 * holds the ref, so a demonitor is never followed by a late DOWN.
 *
 * Mirrors erlang:monitor/2, erlang:demonitor/1,2 (with [flush]) and the 'DOWN' message.
 */
import type { MailNode } from "./mailbox";
import type { Signal } from "./protocol";
import { poll } from "./receive";
import type { Scheduler } from "./scheduler";
import { inspect } from "./inspect";
import { LOCAL_NODE } from "./names";
import { checkPid, deliverLocal } from "./send";
import { holdIfEarly, route } from "./signals";
import { isPid, type Pid, type Ref } from "./term";

/** Options for `demonitor`. */
export interface DemonitorOptions {
  /** Also remove a DOWN for the monitor that is already queued (Erlang's `[flush]`). */
  flush?: boolean;
  /** A receive marker taken before the monitor was made: the flush looks only after it. */
  from?: MailNode | null;
}

/**
 * `monitor(pid | name)`: a ref; DOWN arrives when the process dies (at once with noproc if it
 * is dead). A monitor taken by name reports `[name, node]` in its DOWN instead of the pid, and
 * a name nobody holds gives that DOWN at once, as Erlang's monitor(process, Name) does.
 */
export function monitor(s: Scheduler, target: Pid | string): Ref {
  const p = s.self();
  const ref = s.makeRef();
  if (isPid(target)) {
    checkPid(s, target, "monitor");
    (p.monitors ??= new Map()).set(ref, target);
    if (s.tracer !== null) s.tracer.monitor(p.pid, target, ref);
    route(s, { t: "monitor", by: p.pid, to: target, ref });
    return ref;
  }
  if (typeof target !== "string") throw new TypeError(`monitor: expected a pid or a registered name, got ${inspect(target)} (badarg)`);
  const to = s.names.get(target);
  if (to === undefined) {
    deliverLocal(s, p, ["DOWN", ref, "process", [target, LOCAL_NODE], "noproc"]);
    return ref;
  }
  s.monitorNames.set(ref, target);
  (p.monitors ??= new Map()).set(ref, to);
  if (s.tracer !== null) s.tracer.monitor(p.pid, to, ref);
  route(s, { t: "monitor", by: p.pid, to, ref });
  return ref;
}

/**
 * `demonitor(ref)`; with `flush`, also drop a DOWN for `ref` already in the mailbox
 * (Erlang's `demonitor(Ref, [flush])`). `from` is a receive marker taken before the monitor
 * was made: a DOWN cannot be earlier, so the flush looks only after it (O(1) behind a backlog).
 * Always true, as Erlang's demonitor/1 is (an unknown or fired monitor is not an error).
 */
export function demonitor(s: Scheduler, ref: Ref, opts?: DemonitorOptions): true {
  const p = s.self();
  const to = p.monitors?.get(ref);
  if (to !== undefined) {
    p.monitors!.delete(ref);
    s.monitorNames.delete(ref);
    if (s.tracer !== null) s.tracer.demonitor(p.pid, to, ref);
    route(s, { t: "demonitor", by: p.pid, to, ref });
  }
  if (opts?.flush) poll(s, (m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref, opts.from ?? null);
  return true;
}

/** A `monitor` signal: remember the watcher, or answer DOWN noproc when `to` is gone. */
export function onMonitor(s: Scheduler, sig: Extract<Signal, { t: "monitor" }>): void {
  const t = s.procs.get(sig.to);
  if (t === undefined) {
    if (!holdIfEarly(s, sig)) route(s, { t: "down", to: sig.by, ref: sig.ref, pid: sig.to, reason: "noproc" });
  } else (t.monitoredBy ??= new Map()).set(sig.ref, sig.by);
}

/** A `demonitor` signal: forget the watcher. */
export function onDemonitor(s: Scheduler, sig: Extract<Signal, { t: "demonitor" }>): void {
  s.procs.get(sig.to)?.monitoredBy?.delete(sig.ref);
}

/** A `down` signal: the DOWN message, if the watcher still holds the monitor. */
export function onDown(s: Scheduler, sig: Extract<Signal, { t: "down" }>): void {
  const w = s.procs.get(sig.to);
  if (w !== undefined && w.monitors?.delete(sig.ref)) {
    const name = s.monitorNames.get(sig.ref);
    if (name !== undefined) s.monitorNames.delete(sig.ref);
    if (s.tracer !== null) s.tracer.down(w.pid, sig.pid, sig.reason);
    deliverLocal(s, w, ["DOWN", sig.ref, "process", name === undefined ? sig.pid : [name, LOCAL_NODE], sig.reason]);
  }
}

/** A process that held monitors exited: forget which of them were taken by name. */
export function forgetMonitorNames(s: Scheduler, monitors: Map<Ref, Pid>): void {
  if (s.monitorNames.size === 0) return;
  for (const ref of monitors.keys()) s.monitorNames.delete(ref);
}

