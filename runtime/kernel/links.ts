/**
 * Links: two processes that share a fate. When one dies, the other gets an exit signal
 * from it (exit.ts decides what the signal does: kill it, or become an EXIT message when it
 * traps exits).
 *
 *     A ═══ link ═══ B          B dies with reason R ─► exit signal {from: B, reason: R, link} ─► A
 *
 *     const child = spawnLink(worker);      // atomic spawn + link
 *     link(pid);                            // a dead (or unknown) pid: a noproc exit signal back
 *
 * A link is two halves, one in each process; `link` adds ours at once and sends a `link`
 * signal for the other half, so across schedulers a link is set up in signal order.
 *
 * Mirrors erlang:link/1 and erlang:unlink/1.
 */
import type { Signal } from "./protocol";
import type { Scheduler } from "./scheduler";
import { checkPid } from "./send";
import { holdIfEarly, inFlight, route } from "./signals";
import { pidScheduler, type Pid } from "./term";

/**
 * `link(pid)`. Linking to a dead process on this scheduler raises `noproc` at once (an error
 * the caller may catch), unless the caller traps exits: then `["EXIT", pid, "noproc"]`
 * arrives, as Erlang's link/1 does. A dead pid on another scheduler is found out when the
 * link signal gets there: the noproc exit signal comes back a moment later.
 */
export function link(s: Scheduler, pid: Pid): void {
  const p = s.self();
  checkPid(s, pid, "link");
  if (pid === p.pid || p.links?.has(pid)) return;
  if (!p.trapExit && pidScheduler(pid) === s.index && !s.procs.has(pid) && !inFlight(s, pid)) {
    throw new Error(`link: ${pid} is not alive (noproc)`);
  }
  p.link(pid);
  if (s.tracer !== null) s.tracer.link(p.pid, pid);
  route(s, { t: "link", from: p.pid, to: pid });
}

/** `unlink(pid)`. */
export function unlink(s: Scheduler, pid: Pid): void {
  const p = s.self();
  if (p.links?.delete(pid)) {
    if (s.tracer !== null) s.tracer.unlink(p.pid, pid);
    route(s, { t: "unlink", from: p.pid, to: pid });
  }
}

/** A `link` signal: add the other half, or answer a noproc exit signal when `to` is gone. */
export function onLink(s: Scheduler, sig: Extract<Signal, { t: "link" }>): void {
  const t = s.procs.get(sig.to);
  if (t === undefined) {
    if (!holdIfEarly(s, sig)) route(s, { t: "exit", from: sig.to, to: sig.from, reason: "noproc", link: true });
  } else t.link(sig.from);
}

/** An `unlink` signal: drop the other half. */
export function onUnlink(s: Scheduler, sig: Extract<Signal, { t: "unlink" }>): void {
  s.procs.get(sig.to)?.links?.delete(sig.from);
}
