/**
 * Registry: a key-value directory of processes that any process can look up without asking one.
 *
 *     register(reg, key, value) ──call──► [ Registry process ]  decides (unique keys: one owner),
 *                                             │                 monitors the registrant
 *                                             └─ writes its ETS tables ─broadcast─► replica on every scheduler
 *     lookup(reg, key)  ───────────────────────────────────────────────► local replica: [[pid, value], ...]
 *
 * A registry is a process (started with `Registry.start`) that owns two replicated ETS
 * tables: key → `[key, pid, value]` and pid → keys. Registering goes through that process, so
 * for a `unique` registry there is ONE place that decides who holds a key, whichever
 * scheduler the registrants run on. Looking up reads the local replica: synchronous, and never
 * queued behind the registry process. The registry monitors every registrant and removes its
 * entries when it dies.
 *
 *     await Registry.start({ keys: "unique", name: "Rooms" });
 *     await Registry.register("Rooms", "lobby", { topic: "hi" });   // ["ok", registryPid]
 *     Registry.lookup("Rooms", "lobby");                            // [[self(), { topic: "hi" }]]
 *     await GenServer.start(Room, "kitchen", { name: { via: ["Rooms", "kitchen"] } });
 *     await GenServer.call({ via: ["Rooms", "kitchen"] }, "join");
 *
 * `register` registers the CALLER (as in Elixir) and returns `["ok", owner]` or, for a key held
 * in a unique registry, `["error", ["already_registered", pid]]`. It is a call, so `await` it;
 * when it returns, the entry is already in the caller's replica (the registry's table writes
 * travel ahead of its reply). Other schedulers see it after the next flush (sub-millisecond),
 * and a registrant's entries vanish there the same way, shortly after it dies.
 *
 * ## Via-names: a synchronous register
 *
 * `GenServer.start(mod, arg, { name: { via: [registry, key] } })` must know at once whether the
 * name is free (a name resolver answers synchronously). How that is decided:
 * - On the registry's own scheduler the answer is exact: the registry's home table lives there
 *   and only that scheduler writes it, so the check and the write happen in one step, like
 *   Elixir's `:ets.insert_new` into the registry's table.
 * - On another scheduler, the local replica is checked (a key taken for a while is refused at
 *   once), the name is reserved locally (so `whereis` there finds the new server immediately)
 *   and the registry process confirms. If another process won the key in the meantime (two
 *   schedulers registering the same key within the same fraction of a millisecond), the
 *   latecomer is sent the exit `["already_registered", winner]`, like Erlang's `:global`
 *   resolving a name clash. Start servers whose keys may collide on the registry's scheduler
 *   when that matters.
 *
 * When not to use it: for a handful of fixed singletons, a registered name
 * (`Process.register`, `GenServer.start(..., { name })`) is enough; for data rather than
 * processes, use ETS directly.
 *
 * Mirrors Elixir's Registry (unique and duplicate keys, `{:via, Registry, {registry, key}}`).
 */
import { activeScheduler, onSchedulerCreated } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import type { Scheduler } from "../kernel/scheduler";
import { pidScheduler, type Pid, type Ref } from "../kernel/term";
import { ETS, homeOf, termKey, writeAsOwner, type EtsTuple } from "./ets";
import { GenServer, type From, type GenServerModule, type OnStart } from "./gen-server";
import { setViaResolver } from "./name";

/** `unique`: at most one process per key; `duplicate`: any number. */
export type RegistryKeys = "unique" | "duplicate";

/** Options for `Registry.start`. */
export interface RegistryOpts {
  keys: RegistryKeys;
  name: string;
}

/** What `register` answers. */
export type RegisterResult = readonly ["ok", Pid] | readonly ["error", readonly ["already_registered", Pid]];

/** The registry's tables: `[key, pid, value]` by key, `[pid, key]` by pid. */
const keysTable = (registry: string) => `$Registry.keys:${registry}`;
const pidsTable = (registry: string) => `$Registry.pids:${registry}`;

/** Is `pid` alive as far as we can tell synchronously (a remote pid is taken to be)? */
function surelyDead(s: Scheduler, pid: Pid): boolean {
  return pidScheduler(pid) === s.index && !s.procs.has(pid);
}

function checkRegistry(fn: string, registry: string): RegistryKeys {
  const info = typeof registry === "string" ? ETS.info(keysTable(registry)) : undefined;
  if (info === undefined) {
    throw new Error(
      `Registry.${fn}: unknown registry ${inspect(registry)} (start it with Registry.start; a registry started ` +
        `an instant ago on another scheduler may not have reached this one yet)`,
    );
  }
  return info.type === "set" ? "unique" : "duplicate";
}

// ─── Client ────────────────────────────────────────────────────────────────────

/** Start a registry process registered as `name`; answers like `GenServer.start`. */
export function start(opts: RegistryOpts): Promise<OnStart> {
  return GenServer.start(Server, opts, { name: opts?.name });
}

/** Start a registry linked to the caller (for supervisors). */
export function startLink(opts: RegistryOpts): Promise<OnStart> {
  return GenServer.startLink(Server, opts, { name: opts?.name });
}

/** Register the CALLING process under `key` with `value`. */
export function register(registry: string, key: unknown, value: unknown): Promise<RegisterResult> {
  checkRegistry("register", registry);
  return GenServer.call(registry, ["register", key, value]);
}

/** Remove the calling process's entries under `key`. */
export function unregister(registry: string, key: unknown): Promise<"ok"> {
  checkRegistry("unregister", registry);
  return GenServer.call(registry, ["unregister", key]);
}

/** `[[pid, value], ...]` for `key`: read from this scheduler's replica, never queued. */
export function lookup(registry: string, key: unknown): Array<[Pid, unknown]> {
  checkRegistry("lookup", registry);
  return ETS.lookup(keysTable(registry), key).map((o) => [o[1] as Pid, o[2]]);
}

/** The keys `pid` is registered under. */
export function keys(registry: string, pid: Pid): unknown[] {
  checkRegistry("keys", registry);
  return ETS.lookup(pidsTable(registry), pid).map((o) => o[1]);
}

/** How many entries the registry holds. */
export function count(registry: string): number {
  checkRegistry("count", registry);
  return ETS.info(keysTable(registry))!.size;
}

/** Call `fn` with the entries under `key` (not at all when there are none), as in a PubSub. */
export function dispatch(registry: string, key: unknown, fn: (entries: Array<[Pid, unknown]>) => unknown): "ok" {
  const entries = lookup(registry, key);
  if (entries.length > 0) fn(entries);
  return "ok";
}

// ─── Via-names ─────────────────────────────────────────────────────────────────

/** Per scheduler: via-names reserved here and not yet confirmed by the registry process. */
const reserved = new WeakMap<Scheduler, Map<string, Map<unknown, Pid>>>();

function reservedFor(s: Scheduler, registry: string): Map<unknown, Pid> {
  let all = reserved.get(s);
  if (all === undefined) reserved.set(s, (all = new Map()));
  let m = all.get(registry);
  if (m === undefined) all.set(registry, (m = new Map()));
  return m;
}

onSchedulerCreated((s) => {
  // The registry process confirms (or refuses) a reservation: drop it; the table now answers.
  s.onExt("registry", (data) => {
    const [registry, key, pid] = data as [string, unknown, Pid];
    const m = reserved.get(s)?.get(registry);
    const k = termKey(key);
    if (m?.get(k) === pid) m.delete(k);
  });
});

function checkUnique(registry: string): void {
  if (checkRegistry("via", registry) !== "unique") {
    throw new Error(`via-names need a registry with unique keys: ${inspect(registry)} has duplicate keys`);
  }
}

setViaResolver({
  whereis(registry, key) {
    checkUnique(registry);
    const s = activeScheduler();
    const mine = reserved.get(s)?.get(registry)?.get(termKey(key));
    if (mine !== undefined) return mine;
    const [o] = ETS.lookup(keysTable(registry), key);
    return o === undefined || surelyDead(s, o[1] as Pid) ? undefined : (o[1] as Pid);
  },
  register(registry, key, pid) {
    checkUnique(registry);
    const s = activeScheduler();
    const mine = reservedFor(s, registry);
    const k = termKey(key);
    if (mine.has(k)) return false;
    const [held] = ETS.lookup(keysTable(registry), key);
    if (held !== undefined && !surelyDead(s, held[1] as Pid)) return false;
    const { home, owner } = homeOf(keysTable(registry))!;
    if (home === s.index) {
      // The registry's home table is here: check and write in one step (exact).
      writeAsOwner(keysTable(registry), [[key, pid, null]]);
      writeAsOwner(pidsTable(registry), [[pid, key]]);
      s.send(owner, ["$via_monitor", pid]);
    } else {
      // Reserve here, let the registry process decide (see the file comment).
      mine.set(k, pid);
      s.send(owner, ["$via", key, pid, s.index]);
    }
    return true;
  },
});

// ─── Server (callbacks) ────────────────────────────────────────────────────────

interface State {
  name: string;
  keys: RegistryKeys;
  /** One monitor per registrant. */
  monitors: Map<Pid, Ref>;
}

function watch(state: State, pid: Pid): void {
  if (!state.monitors.has(pid)) state.monitors.set(pid, activeScheduler().monitor(pid));
}

/** Put `pid` under `key`, or say who holds it (unique keys). Runs in the registry process. */
function put(state: State, key: unknown, pid: Pid, value: unknown): RegisterResult {
  const s = activeScheduler();
  const kt = keysTable(state.name);
  if (state.keys === "unique") {
    const [held] = ETS.lookup(kt, key);
    if (held !== undefined && !surelyDead(s, held[1] as Pid)) return ["error", ["already_registered", held[1] as Pid]];
  }
  ETS.insert(kt, [key, pid, value]);
  ETS.insert(pidsTable(state.name), [pid, key]);
  watch(state, pid);
  return ["ok", s.self().pid];
}

/** Remove `pid`'s entries under `key`. */
function remove(state: State, key: unknown, pid: Pid): void {
  const kt = keysTable(state.name);
  for (const o of ETS.lookup(kt, key)) if (o[1] === pid) ETS.deleteObject(kt, o);
  ETS.deleteObject(pidsTable(state.name), [pid, key]);
}

function removeAll(state: State, pid: Pid): void {
  const pt = pidsTable(state.name);
  for (const [, key] of ETS.lookup(pt, pid) as EtsTuple[]) remove(state, key, pid);
  ETS.delete(pt, pid);
}

const Server: GenServerModule<State, RegistryOpts> = {
  name: "Registry",
  init(opts) {
    if (opts?.keys !== "unique" && opts?.keys !== "duplicate") {
      return ["stop", ["badarg", `Registry.start: keys must be "unique" or "duplicate", got ${inspect(opts?.keys)}`]];
    }
    if (typeof opts.name !== "string" || opts.name === "") {
      return ["stop", ["badarg", `Registry.start: name must be a non-empty string, got ${inspect(opts.name)}`]];
    }
    ETS.new(keysTable(opts.name), { type: opts.keys === "unique" ? "set" : "duplicate_bag" });
    ETS.new(pidsTable(opts.name), { type: "duplicate_bag" });
    return ["ok", { name: opts.name, keys: opts.keys, monitors: new Map() }];
  },

  handleCall(req: readonly [string, unknown, unknown?], from: From, state) {
    const pid = from[0];
    switch (req[0]) {
      case "register":
        return ["reply", put(state, req[1], pid, req[2]), state];
      case "unregister":
        remove(state, req[1], pid);
        if (ETS.lookup(pidsTable(state.name), pid).length === 0) {
          const ref = state.monitors.get(pid);
          if (ref !== undefined) activeScheduler().demonitor(ref);
          state.monitors.delete(pid);
        }
        return ["reply", "ok", state];
      default:
        return ["reply", ["error", ["unknown_call", req]], state];
    }
  },

  handleInfo(msg: readonly unknown[], state) {
    const s = activeScheduler();
    switch (msg[0]) {
      case "DOWN": {
        const pid = msg[3] as Pid;
        if (state.monitors.get(pid) === msg[1]) {
          state.monitors.delete(pid);
          removeAll(state, pid);
        }
        break;
      }
      case "$via_monitor": // a via-name written synchronously on this scheduler
        watch(state, msg[1] as Pid);
        break;
      case "$via": {
        // A via-name reserved on another scheduler: this is where it is decided.
        const [, key, pid, from] = msg as [string, unknown, Pid, number];
        const r = put(state, key, pid, null);
        if (r[0] === "error") s.exitPid(pid, r[1]);
        s.sendExt(from, "registry", [state.name, key, pid]);
        break;
      }
    }
    return ["noreply", state];
  },
};

/** Registry as one namespace, as learners import it. */
export const Registry = { start, startLink, register, unregister, lookup, keys, count, dispatch };
