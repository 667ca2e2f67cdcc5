/**
 * ETS: named in-memory tables that any process reads at once, without waiting for another process.
 *
 *     writer ──insert──► [ home replica ] ──broadcast (ext signal)──► [ replica on sched 1 ] ◄── lookup (a Map get)
 *     (owner's sched)    (owner's scheduler)              └──────────► [ replica on sched 2 ] ◄── lookup
 *
 *     reader ──lookup──► local replica: no message, no mailbox, no other process involved
 *
 * An Agent or a GenServer holding a cache answers one request at a time: a read waits in its
 * mailbox behind every other request. An ETS read never waits for anybody: it is a lookup in
 * a Map that lives on the reader's own scheduler. That is the point of the caching lesson.
 *
 *     const t = ETS.new("cache", { type: "set", access: "public" });
 *     ETS.insert(t, ["answer", 42]);
 *     ETS.lookup(t, "answer");                 // [["answer", 42]]
 *     ETS.updateCounter(t, "hits", 1, ["hits", 0]);   // 1 (a Promise on another scheduler: await it)
 *     ETS.delete(t, "answer");
 *
 * Tables: `set` (one object per key), `bag` (many objects per key, no two equal),
 * `duplicate_bag` (many, duplicates allowed). The key is element 0 of the tuple. Access:
 * `protected` (the default, as in Erlang: everyone reads, only the owner writes; anyone else
 * gets badarg) or `public` (everyone reads and writes). Objects are copied in and out, as on
 * the BEAM: changing a tuple you looked up never changes the table.
 *
 * ## Without shared memory: replicas
 *
 * Schedulers are Web Workers (worker threads on Node) and share no memory, so every
 * scheduler holds a REPLICA of every table. The owner's scheduler holds the table's home
 * replica, whose order of writes is the table's order:
 *
 * - A write on the home scheduler applies there at once and is broadcast to the others as
 *   an ext signal, in order with everything else that scheduler sends (so a message sent
 *   after an insert never overtakes the insert).
 * - A write on another scheduler (public tables only) applies to the local replica at once
 *   (you read your own writes) and goes to the home scheduler, which orders it among the
 *   other writes and broadcasts it to everyone. Until its echo comes back, the local replica
 *   shows "home's state + my pending writes" for that key (rebased, so a concurrent write
 *   from elsewhere never makes your own write flicker away). All replicas converge to the
 *   home replica's order.
 *
 * **The cost of a read from another scheduler: nothing extra.** Every read is a Map lookup
 * on the reader's own scheduler plus a copy of the objects found: synchronous, O(1) in the
 * size of the table, and it never waits for a process or a message.
 *
 * **The catch:** a write on one scheduler becomes visible on another only after the writer's
 * scheduler flushes its outbox (the end of the current slice) and the batch arrives: usually
 * well under a millisecond, but not instantly. Two processes on different schedulers may see
 * a write at slightly different moments; each sees writes from one writer in order.
 *
 * **`updateCounter` loses no increments.** A counter is read-modify-write, so it cannot be
 * applied optimistically on every replica (two schedulers would both turn 5 into 6). It runs
 * on the home scheduler, the table's one serialization point: there it is synchronous and
 * returns the new value; on another scheduler it returns a Promise of the new value (one
 * round trip, like `Process.info` of a remote pid), and the caller's replica already holds
 * the new value when the Promise resolves. Each increment is applied exactly once and every
 * caller gets a distinct result, as with `:ets.update_counter` (commutative deltas on each
 * replica would also lose nothing, but two callers could get the same value back: useless
 * for handing out ids).
 *
 * A table is deleted when its owner exits (its replicas go with it). Names are global: a
 * name in use anywhere is badarg. Two schedulers creating the same name in the same instant
 * cannot both see it taken; the one on the lower-numbered scheduler wins and the other
 * table's owner is sent an exit `["badarg", ...]` (what Erlang's `:global` does on a name clash).
 *
 * When not to use it: for state that needs a single writer's logic around it (check-then-act
 * across several keys), use a GenServer; ETS has no transactions, and on other schedulers
 * writes arrive a little later. For a per-process cache, keep a Map in the process state.
 *
 * Mirrors Erlang's `:ets` (named tables: set, bag, duplicate_bag; public, protected).
 */
import { copyMessage } from "../kernel/copy";
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import { TIMEOUT, type Pid, type Ref } from "../kernel/term";
import { keyOf, newReplica, tableSize, type EtsSignal, type EtsTuple, type KeyOp, type NewOpts, type Replica, type Table, type TableInfo } from "./ets/replica";
import { replicasOf, type Replicas } from "./ets/replicas";

export type { EtsTuple, NewOpts, Table, TableAccess, TableInfo, TableType } from "./ets/replica";


function badarg(fn: string, why: string): Error {
  return new Error(`ETS.${fn}: ${why} (badarg)`);
}

function tableOf(fn: string, table: Table): { n: Replicas; t: Replica } {
  const n = replicasOf(activeScheduler());
  const t = typeof table === "string" ? n.byName.get(table) : undefined;
  if (t === undefined) throw badarg(fn, `no table named ${inspect(table)}`);
  return { n, t };
}

function checkWrite(fn: string, n: Replicas, t: Replica): void {
  if (t.access === "public") return;
  const me = n.s.current?.pid;
  if (me !== t.owner) {
    throw badarg(fn, `the table ${inspect(t.name)} is protected: only its owner ${t.owner} may write (create it with access: "public" to share writes)`);
  }
}

function tupleIn(fn: string, x: unknown): EtsTuple {
  if (!Array.isArray(x) || x.length === 0) throw badarg(fn, `expected a tuple (a non-empty array, key first), got ${inspect(x)}`);
  return copyMessage(x, { allowFunctions: false });
}

// ─── Client ────────────────────────────────────────────────────────────────────

/** Create a table named `name`, owned by the calling process; returns the name. */
export function newTable(name: string, opts: NewOpts = {}): Table {
  const s = activeScheduler();
  const n = replicasOf(s);
  const type = opts.type ?? "set";
  const access = opts.access ?? "protected";
  if (typeof name !== "string" || name === "") throw badarg("new", `a table name must be a non-empty string, got ${inspect(name)}`);
  if (type !== "set" && type !== "bag" && type !== "duplicate_bag") {
    throw badarg("new", `type must be "set", "bag" or "duplicate_bag", got ${inspect(type)}`);
  }
  if (access !== "public" && access !== "protected") throw badarg("new", `access must be "public" or "protected", got ${inspect(access)}`);
  if (n.byName.has(name)) throw badarg("new", `a table named ${inspect(name)} already exists`);
  const owner = s.self().pid;
  const tid = `${s.index}.${n.nextTid++}`;
  n.add(newReplica(tid, name, type, access, owner, s.index));
  if (s.count > 1) s.broadcastExt("ets", { op: "new", tid, name, type, access, owner, home: s.index } satisfies EtsSignal);
  return name;
}

/**
 * Insert a tuple, or a list of tuples (an array whose elements are all arrays). A set
 * replaces the object with the same key; a bag adds it unless an equal one is there.
 * To insert ONE tuple whose elements are all arrays, wrap it: `insert(t, [tuple])`.
 */
export function insert(table: Table, objects: EtsTuple | readonly EtsTuple[]): true {
  const { n, t } = tableOf("insert", table);
  checkWrite("insert", n, t);
  if (Array.isArray(objects) && objects.length === 0) return true;
  const list = Array.isArray(objects) && objects.every(Array.isArray) ? (objects as EtsTuple[]) : [objects];
  const ops: KeyOp[] = list.map((o) => ["i", tupleIn("insert", o)] as const);
  n.write(t, ops);
  return true;
}

/** The objects stored under `key` (copies): `[]`, one for a set, any number for a bag. */
export function lookup(table: Table, key: unknown): EtsTuple[] {
  const { t } = tableOf("lookup", table);
  const v = t.data.get(keyOf(key));
  if (v === undefined) return [];
  return t.type === "set" ? [copyMessage(v as EtsTuple)] : (v as EtsTuple[]).map((o) => copyMessage(o));
}

/** True when something is stored under `key`. */
export function member(table: Table, key: unknown): boolean {
  return tableOf("member", table).t.data.has(keyOf(key));
}

/** Delete every object under `key`. */
export function del(table: Table, key: unknown): true {
  const { n, t } = tableOf("delete", table);
  checkWrite("delete", n, t);
  n.write(t, [["d", copyMessage(key, { allowFunctions: false })]]);
  return true;
}

/** Delete exactly this object (all copies of it in a duplicate_bag). */
export function deleteObject(table: Table, object: EtsTuple): true {
  const { n, t } = tableOf("deleteObject", table);
  checkWrite("deleteObject", n, t);
  n.write(t, [["o", tupleIn("deleteObject", object)]]);
  return true;
}

/**
 * Add `incr` to the number at position 1 of the object under `key` and return the new value.
 * A missing key is badarg unless `dflt` (a whole default tuple) is given. Runs on the table's
 * home scheduler, so no increment is ever lost: there it returns the number; on another
 * scheduler, a Promise of it (`await` it either way).
 */
export function updateCounter(table: Table, key: unknown, incr: number, dflt?: EtsTuple): number | Promise<number> {
  const { n, t } = tableOf("updateCounter", table);
  checkWrite("updateCounter", n, t);
  if (typeof incr !== "number" || Number.isNaN(incr)) throw badarg("updateCounter", `the increment must be a number, got ${inspect(incr)}`);
  const d = dflt === undefined ? undefined : tupleIn("updateCounter", dflt);
  if (t.type !== "set") throw badarg("updateCounter", `the table ${inspect(t.name)} is a ${t.type}: counters need a set`);
  if (t.home === n.index) {
    const r = n.counterHome(t, key, incr, d);
    if (typeof r === "string") throw badarg("updateCounter", r);
    return r;
  }
  // Another scheduler: ask home (the one place increments are ordered) and wait for the answer.
  const s = n.s;
  const caller = s.self().pid;
  const mark = s.mark();
  const tag = s.makeRef();
  s.sendExt(t.home, "ets", {
    op: "counter",
    tid: t.tid,
    key: copyMessage(key, { allowFunctions: false }),
    incr,
    dflt: d,
    caller,
    tag,
  } satisfies EtsSignal);
  return s.receiveFrom(mark, (m) => Array.isArray(m) && m[0] === tag).then((m) => {
    if (m === TIMEOUT) throw badarg("updateCounter", "no answer from the table's home scheduler");
    const [, status, value] = m as [Ref, "ok" | "error", number | string];
    if (status === "error") throw badarg("updateCounter", value as string);
    return value as number;
  });
}

/** Delete the whole table (its owner, or anyone for a public table). */
export function deleteTable(table: Table): true {
  const { n, t } = tableOf("deleteTable", table);
  checkWrite("deleteTable", n, t);
  if (t.home === n.index) n.dropHome(t);
  else {
    n.remove(t);
    n.s.sendExt(t.home, "ets", { op: "drop", tid: t.tid } satisfies EtsSignal);
  }
  return true;
}

/** Every object in the table (copies), in no particular order. */
export function tab2list(table: Table): EtsTuple[] {
  const { t } = tableOf("tab2list", table);
  const all: EtsTuple[] = [];
  for (const v of t.data.values()) {
    if (t.type === "set") all.push(copyMessage(v as EtsTuple));
    else for (const o of v as EtsTuple[]) all.push(copyMessage(o));
  }
  return all;
}

/** Facts about a table (size as this scheduler's replica sees it), or undefined when there is none. */
export function info(table: Table): TableInfo | undefined {
  const s = activeScheduler();
  const t = replicasOf(s).byName.get(table);
  if (t === undefined) return undefined;
  return { name: t.name, type: t.type, access: t.access, owner: t.owner, size: tableSize(t), home: t.home };
}

/** The names of every table this scheduler knows. */
export function all(): Table[] {
  return [...replicasOf(activeScheduler()).byName.keys()];
}

// ─── For the Registry (internal) ──────────────────────────────────────────────

/**
 * Write to a table as its owner would, from any process on the table's home scheduler
 * (the Registry decides via-names synchronously there). Internal.
 */
export function writeAsOwner(table: Table, objects: readonly EtsTuple[], deletes: readonly EtsTuple[] = []): void {
  const { n, t } = tableOf("insert", table);
  if (t.home !== n.index) throw new Error(`ETS: writeAsOwner of ${inspect(table)} outside its home scheduler`);
  n.write(t, [
    ...deletes.map((o) => ["o", copyMessage(o)] as const),
    ...objects.map((o) => ["i", copyMessage(o)] as const),
  ]);
}

/** A Map key for a term: equal terms (tuples too) give equal keys. Internal. */
export const termKey: (k: unknown) => unknown = keyOf;

/** The table's home scheduler and owner, or undefined. Internal. */
export function homeOf(table: Table): { home: number; owner: Pid } | undefined {
  const t = replicasOf(activeScheduler()).byName.get(table);
  return t === undefined ? undefined : { home: t.home, owner: t.owner };
}

/** ETS as one namespace, as learners import it (`delete` is a method name here, as in Erlang). */
export const ETS = {
  new: newTable,
  insert,
  lookup,
  member,
  delete: del,
  deleteObject,
  updateCounter,
  deleteTable,
  tab2list,
  info,
  all,
};
