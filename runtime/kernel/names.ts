/**
 * Registered names: a process can be known by a name as well as its pid, and a name has
 * exactly one owner at a time, however many schedulers race for it.
 *
 *     register(pid, "logger") on scheduler S
 *       S is the name's home (a hash of the name) ─► decided here, at once ─► `register` broadcast
 *       S is not ─► taken here at once (S's own sends by name work) ─► `claim` ─► home decides:
 *           free, or its last owner's release already seen by S ─► `register` broadcast (S hears it too)
 *           held by another ─► `deny` ─► S gives the name up; the caller gets badarg
 *     the owner dies / unregister ─► `unregister` broadcast from its scheduler (ahead of its exit
 *       signals, so whoever hears of the death can take the name), repeated by the home
 *
 *     Process.register(self(), "logger");
 *     Process.whereis("logger");
 *
 * Every scheduler keeps a replica of the whole table, so a send by name never waits for
 * another worker. The home is the one arbiter of its names, so replicas never disagree about
 * an owner once its signals have arrived. A claim that must wait for a far home: `claim`
 * parks the caller until the verdict (GenServer.start does, so a loser gets already_started);
 * `register` answers at once and a losing caller is killed with badarg when the verdict comes.
 *
 * Mirrors erlang:register/2, unregister/1 and whereis/1 (on the BEAM one table behind a lock).
 */
import { exitProcess } from "./exit";
import { inspect } from "./inspect";
import type { Proc } from "./process";
import type { Signal } from "./protocol";
import type { Scheduler } from "./scheduler";
import { checkPid } from "./send";
import { broadcast, inFlight, route } from "./signals";
import { isPid, pidScheduler, type Pid } from "./term";

/** The node name of a runtime that is not distributed (Erlang's `:nonode@nohost`). */
export const LOCAL_NODE = "nonode@nohost";

/** A claim made on this scheduler that the name's home has not answered yet. */
export interface PendingClaim {
  pid: Pid;
  /** The process that called register (killed with badarg if it loses and is not waiting). */
  caller: Pid | undefined;
  /** A process parked in `claim` until the verdict. */
  waiter: Proc | null;
}

/** The scheduler that arbitrates `name`: FNV-1a of the name, modulo the schedulers. */
export function homeOf(s: Scheduler, name: string): number {
  if (s.count === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % s.count;
}

/** `Process.register(pid, name)`: true at once; a claim lost on another scheduler kills the caller with badarg. */
export function register(s: Scheduler, pid: Pid, name: string): true {
  if (typeof name !== "string" || name === "" || isPid(name)) {
    throw new TypeError(`Process.register: a name must be a non-empty string, got ${inspect(name)} (badarg)`);
  }
  checkPid(s, pid, "Process.register");
  if (s.names.has(name)) throw new Error(`Process.register: ${inspect(name)} is already registered (badarg)`);
  if (pidScheduler(pid) === s.index) {
    const p = s.procs.get(pid);
    if (p === undefined) throw new Error(`Process.register: ${pid} is not alive (badarg)`);
    if (p.name !== undefined) throw new Error(`Process.register: ${pid} is already registered as ${inspect(p.name)} (badarg)`);
    named(s, p, name);
  }
  s.names.set(name, pid);
  const home = homeOf(s, name);
  if (home === s.index) {
    accept(s, name, pid);
  } else {
    s.claims.set(name, { pid, caller: s.current?.pid, waiter: null });
    route(s, { t: "claim", name, pid, from: s.index, after: s.releasedGens.get(name) ?? 0 }, home);
  }
  return true;
}

/**
 * Register and, when the name's home is another scheduler, wait for its verdict: true, or a
 * Promise of true that rejects with badarg when another process won the name.
 */
export function claim(s: Scheduler, pid: Pid, name: string): true | Promise<true> {
  register(s, pid, name);
  const c = s.claims.get(name);
  if (c === undefined) return true;
  const p = s.self();
  c.waiter = p;
  p.pred = null;
  p.status = "waiting";
  return s.suspend(p).then((owner) => {
    if (owner === true) return true as const;
    throw new Error(`Process.register: ${inspect(name)} is already registered by ${owner} (badarg)`);
  });
}

/** `Process.unregister(name)`. */
export function unregister(s: Scheduler, name: string): true {
  const pid = s.names.get(name);
  if (pid === undefined) throw new Error(`Process.unregister: ${inspect(name)} is not registered (badarg)`);
  release(s, name, pid);
  return true;
}

/** Release `name` held by `pid` (it exited or unregistered) here and everywhere. */
export function release(s: Scheduler, name: string, pid: Pid): void {
  const gen = s.nameGens.get(name) ?? 0;
  forget(s, name, pid, gen);
  broadcast(s, { t: "unregister", name, pid, gen });
}

/** The home's decision for a free name: registration number `gen`, told to every scheduler. */
function accept(s: Scheduler, name: string, pid: Pid): void {
  const gen = ++s.nameGen;
  s.nameGens.set(name, gen);
  s.releasedGens.delete(name);
  broadcast(s, { t: "register", name, pid, gen });
}

/** Drop `name` → `pid` from this replica (if it is still that registration) and its process. */
function forget(s: Scheduler, name: string, pid: Pid, gen: number): boolean {
  if (s.names.get(name) !== pid) return false;
  const held = s.nameGens.get(name) ?? 0;
  if (gen !== 0 && held !== 0 && held !== gen) return false;
  s.names.delete(name);
  s.nameGens.delete(name);
  if (held !== 0 || gen !== 0) s.releasedGens.set(name, Math.max(held, gen));
  const p = s.procs.get(pid);
  if (p !== undefined && p.name === name) unnamed(s, p);
  return true;
}

/** Local process `p` now holds `name` (recorded where the process lives). */
function named(s: Scheduler, p: Proc, name: string): void {
  if (p.name === name) return;
  p.name = name;
  if (s.tracer !== null) s.tracer.register(p.pid, name);
}

/** Local process `p` no longer holds its name. */
function unnamed(s: Scheduler, p: Proc): void {
  if (s.tracer !== null && p.name !== undefined) s.tracer.unregister(p.pid, p.name);
  p.name = undefined;
}

/** A `claim` at the name's home: free (or released as the claimant saw) → register; else deny. */
export function onClaim(s: Scheduler, sig: Extract<Signal, { t: "claim" }>): void {
  const owner = s.names.get(sig.name);
  const gen = s.nameGens.get(sig.name) ?? 0;
  if (owner !== undefined && owner !== sig.pid && !(gen !== 0 && gen <= sig.after)) {
    route(s, { t: "deny", name: sig.name, pid: sig.pid, owner }, sig.from);
    return;
  }
  if (owner !== undefined && owner !== sig.pid) forget(s, sig.name, owner, gen); // its release is on the way
  s.names.set(sig.name, sig.pid);
  const p = s.procs.get(sig.pid);
  if (p !== undefined) named(s, p, sig.name);
  accept(s, sig.name, sig.pid);
}

/** A `register` from the name's home: the replica follows it; a waiting claim here has won. */
export function onRegister(s: Scheduler, sig: Extract<Signal, { t: "register" }>): void {
  const before = s.names.get(sig.name);
  if (before !== undefined && before !== sig.pid) {
    const loser = s.procs.get(before);
    if (loser !== undefined && loser.name === sig.name) unnamed(s, loser);
  }
  s.names.set(sig.name, sig.pid);
  s.nameGens.set(sig.name, sig.gen);
  s.releasedGens.delete(sig.name);
  if (pidScheduler(sig.pid) === s.index) {
    const p = s.procs.get(sig.pid);
    if (p !== undefined) named(s, p, sig.name);
    else if (!inFlight(s, sig.pid)) release(s, sig.name, sig.pid); // it died before the verdict came
  }
  const c = s.claims.get(sig.name);
  if (c !== undefined && c.pid === sig.pid) {
    s.claims.delete(sig.name);
    wake(s, c, true);
  }
}

/** A `deny` from the name's home: give the name up here; the caller gets badarg. */
export function onDeny(s: Scheduler, sig: Extract<Signal, { t: "deny" }>): void {
  const c = s.claims.get(sig.name);
  if (c === undefined || c.pid !== sig.pid) return;
  s.claims.delete(sig.name);
  if (s.names.get(sig.name) === sig.pid) {
    s.names.set(sig.name, sig.owner);
    const p = s.procs.get(sig.pid);
    if (p !== undefined && p.name === sig.name) unnamed(s, p);
  }
  if (c.waiter !== null) return wake(s, c, sig.owner);
  const caller = c.caller === undefined ? undefined : s.procs.get(c.caller);
  if (caller !== undefined) {
    const why = `Process.register: ${inspect(sig.name)} was registered at the same moment by ${sig.owner} on another scheduler, which won (badarg)`;
    exitProcess(s, caller, ["badarg", why], true);
  }
}

/** An `unregister`: drop the name if it is still that registration; the home tells everyone again. */
export function onUnregister(s: Scheduler, sig: Extract<Signal, { t: "unregister" }>): void {
  const gen = s.nameGens.get(sig.name) ?? sig.gen;
  if (forget(s, sig.name, sig.pid, sig.gen) && homeOf(s, sig.name) === s.index) {
    // Replicas may have heard the release before this home's `register` for it: repeat it after.
    broadcast(s, { t: "unregister", name: sig.name, pid: sig.pid, gen });
  }
}

function wake(s: Scheduler, c: PendingClaim, verdict: unknown): void {
  const p = c.waiter;
  if (p === null || p.status !== "waiting") return;
  p.wakeValue = verdict;
  s.makeRunnable(p);
}
