/**
 * Registered names: a process can be known by a name as well as its pid.
 *
 *     register(pid, "logger") ─► this scheduler's table ─► `register` broadcast ─► every other replica
 *     send("logger", msg) ─► resolveDest (send.ts): the pid now registered, or badarg
 *     the process dies ─► its name is released everywhere (exit.ts)
 *
 *     Process.register(self(), "logger");
 *     Process.whereis("logger");
 *
 * Every scheduler keeps a replica of the whole table, so a send by name never waits for
 * another worker; updates travel as signals in order with messages.
 *
 * Mirrors erlang:register/2, unregister/1 and whereis/1.
 */
import { inspect } from "./inspect";
import type { Signal } from "./protocol";
import type { Scheduler } from "./scheduler";
import { broadcast } from "./signals";
import { isPid, pidScheduler, type Pid } from "./term";

/** The node name of a runtime that is not distributed (Erlang's `:nonode@nohost`). */
export const LOCAL_NODE = "nonode@nohost";

/** `Process.register(pid, name)`. */
export function register(s: Scheduler, pid: Pid, name: string): true {
  if (typeof name !== "string" || name === "" || isPid(name)) {
    throw new TypeError(`Process.register: a name must be a non-empty string, got ${inspect(name)} (badarg)`);
  }
  if (s.names.has(name)) throw new Error(`Process.register: ${inspect(name)} is already registered (badarg)`);
  if (pidScheduler(pid) === s.index) {
    const p = s.procs.get(pid);
    if (p === undefined) throw new Error(`Process.register: ${pid} is not alive (badarg)`);
    if (p.name !== undefined) throw new Error(`Process.register: ${pid} is already registered as ${inspect(p.name)} (badarg)`);
    p.name = name;
  }
  s.names.set(name, pid);
  broadcast(s, { t: "register", name, pid });
  return true;
}

/** `Process.unregister(name)`. */
export function unregister(s: Scheduler, name: string): true {
  const pid = s.names.get(name);
  if (pid === undefined) throw new Error(`Process.unregister: ${inspect(name)} is not registered (badarg)`);
  s.names.delete(name);
  const p = s.procs.get(pid);
  if (p) p.name = undefined;
  broadcast(s, { t: "unregister", name, pid });
  return true;
}

/** A `register` signal from another scheduler: update the replica (and the process, if it is here). */
export function onRegister(s: Scheduler, sig: Extract<Signal, { t: "register" }>): void {
  s.names.set(sig.name, sig.pid);
  const p = s.procs.get(sig.pid);
  if (p) p.name = sig.name;
}

/** An `unregister` signal: drop the name if it still points at that pid. */
export function onUnregister(s: Scheduler, sig: Extract<Signal, { t: "unregister" }>): void {
  if (s.names.get(sig.name) === sig.pid) s.names.delete(sig.name);
}
