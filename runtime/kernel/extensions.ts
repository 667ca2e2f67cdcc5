/**
 * Extension hooks: how runtime services that are not processes (ETS tables and their
 * per-scheduler replicas) ride on the kernel's signals and hear of process exits.
 *
 *     ets.insert ─► broadcastExt("ets", op) ─► `ext` signal, in order with messages ─► onExt("ets") elsewhere
 *     a table's owner dies ─► onProcessExit hook ─► the table is deleted before links/monitors hear of it
 *
 *     s.onExt("ets", (op, from) => apply(op));
 *     s.broadcastExt("ets", ["insert", table, row]);
 *
 * Internal to the runtime. (On the BEAM these services are part of the VM: ETS lives in
 * erl_db.c and tables are freed when their owner exits.)
 */
import type { Scheduler } from "./scheduler";
import { broadcast, route } from "./signals";
import type { Pid } from "./term";

/** Handle `ext` signals of `kind` arriving from other schedulers. */
export function onExt(s: Scheduler, kind: string, handler: (data: unknown, from: number) => void): void {
  s.extensions.set(kind, handler);
}

/**
 * Call `fn(pid, reason)` whenever a local process exits, before its links and monitors are
 * told (so whoever hears of the death already sees its effects, e.g. its ETS tables gone).
 * `fn` must not throw.
 */
export function onProcessExit(s: Scheduler, fn: (pid: Pid, reason: unknown) => void): void {
  s.exitHooks.push(fn);
}

/** Send an `ext` signal of `kind` to every other scheduler (in order with other signals). */
export function broadcastExt(s: Scheduler, kind: string, data: unknown): void {
  broadcast(s, { t: "ext", kind, from: s.index, data });
}

/** Send an `ext` signal of `kind` to scheduler `dest` (handled at once when it is this one). */
export function sendExt(s: Scheduler, dest: number, kind: string, data: unknown): void {
  route(s, { t: "ext", kind, from: s.index, data }, dest);
}
