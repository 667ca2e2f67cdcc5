/**
 * Server names: a pid, a registered name, or a via-name resolved by a Registry.
 *
 *     GenServer.start(Stack, [], { name: "stack" });                        // local name
 *     GenServer.start(Stack, [], { name: { via: ["MyRegistry", "stack-1"] } });  // via a Registry
 *     GenServer.call({ via: ["MyRegistry", "stack-1"] }, "pop");
 *
 * Mirrors `GenServer.name()`: `atom | {:global, term} | {:via, module, term}`; only local and
 * via names (always through Registry) exist here. Internal module.
 */
import type { Maybe } from "../kernel/async";
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { isPid, type Pid } from "../kernel/term";

/** A via-name: the Registry's name and the key. */
export interface ViaName {
  via: readonly [registry: string, key: unknown];
}

/** Anything a server can be addressed by. */
export type ServerRef = Pid | string | ViaName;

/** What a Registry provides for via-names (installed by registry.ts, so there is no import cycle). */
export interface ViaResolver {
  whereis(registry: string, key: unknown): Pid | undefined;
  register(registry: string, key: unknown, pid: Pid): boolean;
}

let via: ViaResolver | null = null;

/** Install the Registry's via-name resolver. */
export function setViaResolver(r: ViaResolver): void {
  via = r;
}

/** True for `{ via: [registry, key] }`. */
export function isVia(x: unknown): x is ViaName {
  return typeof x === "object" && x !== null && Array.isArray((x as ViaName).via);
}

/** The pid behind a server reference, or undefined when nothing answers to it. */
export function whereis(server: ServerRef): Pid | undefined {
  if (isPid(server)) return server;
  if (typeof server === "string") return activeScheduler().names.get(server);
  if (isVia(server)) {
    if (via === null) throw new Error("via-names need a Registry: start one with Registry.start({ keys: \"unique\", name })");
    return via.whereis(server.via[0], server.via[1]);
  }
  throw new TypeError(`not a server reference: ${inspect(server)} (expected a pid, a registered name or { via: [registry, key] })`);
}

/** Register the running process under `name`; false when the name is taken. */
export function registerSelf(name: string | ViaName, pid: Pid): boolean {
  if (typeof name === "string") {
    const s = activeScheduler();
    if (s.names.has(name)) return false;
    s.register(pid, name);
    return true;
  }
  if (via === null) throw new Error("via-names need a Registry: start one with Registry.start({ keys: \"unique\", name })");
  return via.register(name.via[0], name.via[1], pid);
}

/**
 * Register a starting behaviour under `name`, if it has one. On a clash it acks
 * `["error", ["already_started", holder]]` (what start/startLink return) and returns false.
 * A Promise when the name's home is another scheduler (the starting process waits for it).
 */
export function claimName(name: string | ViaName | undefined, pid: Pid, ack: (r: readonly ["error", unknown]) => void): Maybe<boolean> {
  if (name === undefined) return true;
  const clash = () => {
    ack(["error", ["already_started", whereis(name)]]);
    return false;
  };
  if (typeof name !== "string") return registerSelf(name, pid) || clash();
  // A global name: its home scheduler decides between racing starts (kernel/names.ts), so wait for it.
  const s = activeScheduler();
  if (s.names.has(name)) return clash();
  const r = s.claim(pid, name);
  return r === true ? true : r.then(() => true, clash);
}

/** What the process table shows for a behaviour: its module's name, its registered name, or `fallback`. */
export function behaviourLabel(moduleName: string | undefined, name: string | ViaName | undefined, fallback: string): string {
  return moduleName ?? (typeof name === "string" ? name : isVia(name) ? inspect(name.via[1]) : fallback);
}
