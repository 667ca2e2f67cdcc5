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
import { activeScheduler, onSchedulerCreated } from "../kernel/current";
import { inspect } from "../kernel/inspect";
import type { Scheduler } from "../kernel/scheduler";
import { TIMEOUT, type Pid, type Ref } from "../kernel/term";

/** `set`: one object per key; `bag`: many, none equal; `duplicate_bag`: many, duplicates too. */
export type TableType = "set" | "bag" | "duplicate_bag";
/** `protected`: only the owner writes; `public`: anyone writes. Everyone reads both. */
export type TableAccess = "public" | "protected";
/** A table is addressed by its name. */
export type Table = string;
/** A stored object: a tuple whose element 0 is the key. */
export type EtsTuple = readonly unknown[];

/** Options for `ETS.new`. */
export interface NewOpts {
  type?: TableType;
  access?: TableAccess;
}

/** What `ETS.info` returns. */
export interface TableInfo {
  name: string;
  type: TableType;
  access: TableAccess;
  owner: Pid;
  /** Objects in the table (this replica's view). */
  size: number;
  /** The owner's scheduler: where writes are ordered and counters are updated. */
  home: number;
}

// ─── Replicas (internal) ───────────────────────────────────────────────────────

/** A set stores its tuple; bags store an array of tuples owned by one slot. */
type Val = EtsTuple | EtsTuple[];
/** A write to one key: insert an object, delete a key, delete one object. */
type KeyOp = readonly ["i", EtsTuple] | readonly ["d", unknown] | readonly ["o", EtsTuple];

interface Replica {
  tid: string;
  name: string;
  type: TableType;
  access: TableAccess;
  owner: Pid;
  home: number;
  /** What reads see: canonical key → value. */
  data: Map<unknown, Val>;
  /** Non-home replicas: keys with own writes not yet echoed by home (base = home's state). */
  pending: Map<unknown, { base: Val | undefined; ops: KeyOp[] }>;
}

/** The ext signals of ETS, kind "ets". */
type EtsSignal =
  | { op: "new"; tid: string; name: string; type: TableType; access: TableAccess; owner: Pid; home: number }
  | { op: "drop"; tid: string }
  /** home → others: apply in this order; others → home: a forwarded write from `origin`. */
  | { op: "write"; tid: string; origin: number; ops: KeyOp[] }
  /** → home: update a counter for `caller`, answer with a message `[tag, "ok" | "error", value]`. */
  | { op: "counter"; tid: string; key: unknown; incr: number; dflt: EtsTuple | undefined; caller: Pid; tag: Ref };

/** One scheduler's ETS state: its replica of every table. */
class Node {
  byName = new Map<string, Replica>();
  byTid = new Map<string, Replica>();
  /** Tables owned by local processes (home only), to drop them when the owner exits. */
  owned = new Map<Pid, Set<Replica>>();
  nextTid = 1;

  constructor(readonly s: Scheduler) {
    s.onExt("ets", (data, from) => this.signal(data as EtsSignal, from));
    s.onProcessExit((pid) => {
      const tables = this.owned.get(pid);
      if (tables === undefined) return;
      this.owned.delete(pid);
      for (const t of tables) this.dropHome(t);
    });
  }

  get index(): number {
    return this.s.index;
  }

  add(t: Replica): void {
    this.byName.set(t.name, t);
    this.byTid.set(t.tid, t);
    if (t.home === this.index) {
      let set = this.owned.get(t.owner);
      if (set === undefined) this.owned.set(t.owner, (set = new Set()));
      set.add(t);
    }
  }

  remove(t: Replica): void {
    if (this.byTid.get(t.tid) !== t) return;
    this.byTid.delete(t.tid);
    if (this.byName.get(t.name) === t) this.byName.delete(t.name);
    this.owned.get(t.owner)?.delete(t);
  }

  /** Drop a table on its home scheduler and tell every replica. */
  dropHome(t: Replica): void {
    this.remove(t);
    if (this.s.count > 1) this.s.broadcastExt("ets", { op: "drop", tid: t.tid } satisfies EtsSignal);
  }

  /** Apply writes to a table: at home they are final and broadcast; elsewhere optimistic and forwarded. */
  write(t: Replica, ops: KeyOp[]): void {
    if (t.home === this.index) {
      for (const op of ops) setVal(t, keyOf(opKey(op)), applyOp(t, t.data.get(keyOf(opKey(op))), op));
      if (this.s.count > 1) this.s.broadcastExt("ets", { op: "write", tid: t.tid, origin: this.index, ops } satisfies EtsSignal);
      return;
    }
    for (const op of ops) {
      const k = keyOf(opKey(op));
      let p = t.pending.get(k);
      if (p === undefined) t.pending.set(k, (p = { base: cloneVal(t, t.data.get(k)), ops: [] }));
      p.ops.push(op);
      setVal(t, k, applyOp(t, t.data.get(k), op));
    }
    this.s.sendExt(t.home, "ets", { op: "write", tid: t.tid, origin: this.index, ops } satisfies EtsSignal);
  }

  /** `updateCounter` on the home replica: the new value, or an error message. */
  counterHome(t: Replica, key: unknown, incr: number, dflt: EtsTuple | undefined): number | string {
    if (t.type !== "set") return `the table ${inspect(t.name)} is a ${t.type}: counters need a set`;
    const k = keyOf(key);
    let cur = t.data.get(k) as EtsTuple | undefined;
    if (cur === undefined) {
      if (dflt === undefined) return `no object with key ${inspect(key)} (pass a default object to create it)`;
      cur = [key, ...dflt.slice(1)];
    }
    if (typeof cur[1] !== "number") return `the object ${inspect(cur)} has no number at position 1 to update`;
    const value = cur[1] + incr;
    const next = [cur[0], value, ...cur.slice(2)];
    this.write(t, [["i", next]]);
    return value;
  }

  private signal(sig: EtsSignal, from: number): void {
    switch (sig.op) {
      case "new": {
        const existing = this.byName.get(sig.name);
        if (existing !== undefined && existing.tid !== sig.tid) {
          // Two tables created under one name at the same time: the lower scheduler's wins.
          if (existing.home <= sig.home) return;
          this.remove(existing);
          if (existing.home === this.index) {
            this.s.exitPid(existing.owner, [
              "badarg",
              `ETS.new: the table name ${inspect(sig.name)} was created at the same time on scheduler ${sig.home}, which wins`,
            ]);
            this.s.broadcastExt("ets", { op: "drop", tid: existing.tid } satisfies EtsSignal);
          }
        }
        this.add(newReplica(sig.tid, sig.name, sig.type, sig.access, sig.owner, sig.home));
        return;
      }
      case "drop": {
        const t = this.byTid.get(sig.tid);
        if (t === undefined) return;
        if (t.home === this.index) this.dropHome(t); // a public table deleted elsewhere
        else this.remove(t);
        return;
      }
      case "write": {
        const t = this.byTid.get(sig.tid);
        if (t === undefined) return; // dropped meanwhile: the write goes with it
        if (t.home === this.index) {
          // A forwarded write: order it here, then everyone (the writer too) applies it in this order.
          for (const op of sig.ops) setVal(t, keyOf(opKey(op)), applyOp(t, t.data.get(keyOf(opKey(op))), op));
          if (this.s.count > 1) this.s.broadcastExt("ets", sig);
          return;
        }
        for (const op of sig.ops) this.fromHome(t, op, sig.origin === this.index);
        return;
      }
      case "counter": {
        const t = this.byTid.get(sig.tid);
        const r = t === undefined ? `the table no longer exists` : this.counterHome(t, sig.key, sig.incr, sig.dflt);
        this.s.send(sig.caller, typeof r === "number" ? [sig.tag, "ok", r] : [sig.tag, "error", r]);
        return;
      }
    }
    void from;
  }

  /** A write in home's order on a non-home replica; `mine` when it is the echo of our own. */
  private fromHome(t: Replica, op: KeyOp, mine: boolean): void {
    const k = keyOf(opKey(op));
    const p = t.pending.get(k);
    if (p === undefined) {
      setVal(t, k, applyOp(t, t.data.get(k), op));
      return;
    }
    p.base = applyOp(t, p.base, op);
    if (mine) p.ops.shift();
    if (p.ops.length === 0) {
      t.pending.delete(k);
      setVal(t, k, p.base);
      return;
    }
    let v = cloneVal(t, p.base);
    for (const o of p.ops) v = applyOp(t, v, o);
    setVal(t, k, v);
  }
}

const nodes = new WeakMap<Scheduler, Node>();

function nodeOf(s: Scheduler): Node {
  let n = nodes.get(s);
  if (n === undefined) nodes.set(s, (n = new Node(s)));
  return n;
}

// Every scheduler gets its replica set (and its ext handler) as it is made, before any signal.
onSchedulerCreated((s) => void nodeOf(s));

function newReplica(tid: string, name: string, type: TableType, access: TableAccess, owner: Pid, home: number): Replica {
  return { tid, name, type, access, owner, home, data: new Map(), pending: new Map() };
}

function opKey(op: KeyOp): unknown {
  return op[0] === "d" ? op[1] : op[1][0];
}

function setVal(t: Replica, k: unknown, v: Val | undefined): void {
  if (v === undefined || (t.type !== "set" && (v as EtsTuple[]).length === 0)) t.data.delete(k);
  else t.data.set(k, v);
}

/** A copy of a value that can be changed in place without touching the original (bags only; set tuples are never changed). */
function cloneVal(t: Replica, v: Val | undefined): Val | undefined {
  return v === undefined || t.type === "set" ? v : (v as EtsTuple[]).slice();
}

/** Apply one write to a key's value. May change a bag's array in place (each slot owns its array). */
function applyOp(t: Replica, cur: Val | undefined, op: KeyOp): Val | undefined {
  if (op[0] === "d") return undefined;
  const obj = op[1];
  if (t.type === "set") {
    if (op[0] === "i") return obj;
    return cur !== undefined && canon(cur) === canon(obj) ? undefined : cur;
  }
  const list = (cur as EtsTuple[] | undefined) ?? [];
  if (op[0] === "o") {
    const c = canon(obj);
    return list.filter((o) => canon(o) !== c);
  }
  if (t.type === "bag") {
    const c = canon(obj);
    if (list.some((o) => canon(o) === c)) return list;
  }
  list.push(obj);
  return list;
}

/**
 * A Map key for an ETS key: primitives as they are; arrays and objects as a canonical
 * string, so `["user", 1]` finds what `["user", 1]` stored (the tuple keys Elixir code uses).
 */
function keyOf(k: unknown): unknown {
  if ((typeof k === "object" && k !== null) || (typeof k === "string" && k.charCodeAt(0) === 1)) return "\u0001" + canon(k);
  return k;
}

/** A canonical text for a term (equal terms, equal text). */
function canon(x: unknown): string {
  if (Array.isArray(x)) return "[" + x.map(canon).join(",") + "]";
  switch (typeof x) {
    case "string":
      return JSON.stringify(x);
    case "number":
      return Object.is(x, -0) ? "0" : String(x);
    case "bigint":
      return `${x}n`;
    case "object": {
      if (x === null) return "null";
      if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
        const o = x as Record<string, unknown>;
        return "{" + Object.keys(o).sort().map((k) => JSON.stringify(k) + ":" + canon(o[k])).join(",") + "}";
      }
      return inspect(x);
    }
    default:
      return String(x);
  }
}

function badarg(fn: string, why: string): Error {
  return new Error(`ETS.${fn}: ${why} (badarg)`);
}

function tableOf(fn: string, table: Table): { n: Node; t: Replica } {
  const n = nodeOf(activeScheduler());
  const t = typeof table === "string" ? n.byName.get(table) : undefined;
  if (t === undefined) throw badarg(fn, `no table named ${inspect(table)}`);
  return { n, t };
}

function checkWrite(fn: string, n: Node, t: Replica): void {
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
  const n = nodeOf(s);
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
  const t = nodeOf(s).byName.get(table);
  if (t === undefined) return undefined;
  let size = t.data.size;
  if (t.type !== "set") {
    size = 0;
    for (const v of t.data.values()) size += (v as EtsTuple[]).length;
  }
  return { name: t.name, type: t.type, access: t.access, owner: t.owner, size, home: t.home };
}

/** The names of every table this scheduler knows. */
export function all(): Table[] {
  return [...nodeOf(activeScheduler()).byName.keys()];
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
  const t = nodeOf(activeScheduler()).byName.get(table);
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
