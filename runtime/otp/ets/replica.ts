/**
 * One ETS table's data on one scheduler (a replica), and the pure operations on it.
 *
 *     KeyOp ["i", obj] | ["d", key] | ["o", obj] ─► applyOp(replica, value at key) ─► new value at key
 *     keyOf(["user", 1]) ─► "\u0001[\"user\",1]"   (equal terms, equal Map keys)
 *
 * No scheduler, no signals here: replicas.ts moves these operations between schedulers.
 * Internal to ETS. Mirrors the table kinds of Erlang's :ets (set, bag, duplicate_bag).
 */
import { inspect } from "../../kernel/inspect";
import type { Pid, Ref } from "../../kernel/term";

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

/** A set stores its tuple; bags store an array of tuples owned by one slot. */
export type Val = EtsTuple | EtsTuple[];
/** A write to one key: insert an object, delete a key, delete one object. */
export type KeyOp = readonly ["i", EtsTuple] | readonly ["d", unknown] | readonly ["o", EtsTuple];

export interface Replica {
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
export type EtsSignal =
  | { op: "new"; tid: string; name: string; type: TableType; access: TableAccess; owner: Pid; home: number }
  | { op: "drop"; tid: string }
  /** home → others: apply in this order; others → home: a forwarded write from `origin`. */
  | { op: "write"; tid: string; origin: number; ops: KeyOp[] }
  /** → home: update a counter for `caller`, answer with a message `[tag, "ok" | "error", value]`. */
  | { op: "counter"; tid: string; key: unknown; incr: number; dflt: EtsTuple | undefined; caller: Pid; tag: Ref };


export function newReplica(tid: string, name: string, type: TableType, access: TableAccess, owner: Pid, home: number): Replica {
  return { tid, name, type, access, owner, home, data: new Map(), pending: new Map() };
}

/** How many objects the table holds (a bag's slots hold several). */
export function tableSize(t: Replica): number {
  if (t.type === "set") return t.data.size;
  let n = 0;
  for (const v of t.data.values()) n += (v as EtsTuple[]).length;
  return n;
}

export function opKey(op: KeyOp): unknown {
  return op[0] === "d" ? op[1] : op[1][0];
}

export function setVal(t: Replica, k: unknown, v: Val | undefined): void {
  if (v === undefined || (t.type !== "set" && (v as EtsTuple[]).length === 0)) t.data.delete(k);
  else t.data.set(k, v);
}

/** A copy of a value that can be changed in place without touching the original (bags only; set tuples are never changed). */
export function cloneVal(t: Replica, v: Val | undefined): Val | undefined {
  return v === undefined || t.type === "set" ? v : (v as EtsTuple[]).slice();
}

/** Apply one write to a key's value. May change a bag's array in place (each slot owns its array). */
export function applyOp(t: Replica, cur: Val | undefined, op: KeyOp): Val | undefined {
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
export function keyOf(k: unknown): unknown {
  if ((typeof k === "object" && k !== null) || (typeof k === "string" && k.charCodeAt(0) === 1)) return "\u0001" + canon(k);
  return k;
}

/** A canonical text for a term (equal terms, equal text). */
export function canon(x: unknown): string {
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
