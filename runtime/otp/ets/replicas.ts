/**
 * ETS without shared memory: each scheduler's replica of every table, and the "ets" ext
 * signals that keep them in step (see ets.ts for the whole story).
 *
 *     write at home ─► apply ─► broadcast "write" ─► every other replica applies in home's order
 *     write elsewhere (public) ─► apply optimistically + pending ─► "write" to home ─► ordered, broadcast, echoed back
 *     updateCounter elsewhere ─► "counter" to home ─► applied once there ─► reply message to the caller
 *     the owner exits ─► "drop" everywhere
 *
 * Internal to ETS. (On the BEAM one table lives in shared memory; workers share none.)
 */
import { onSchedulerCreated } from "../../kernel/current";
import { gaugesOf } from "../../kernel/gauges";
import { inspect } from "../../kernel/inspect";
import type { Scheduler } from "../../kernel/scheduler";
import type { Pid } from "../../kernel/term";
import { applyOp, cloneVal, keyOf, newReplica, opKey, setVal, tableSize, type EtsSignal, type EtsTuple, type KeyOp, type Replica } from "./replica";

/** One scheduler's ETS state: its replica of every table. */
export class Replicas {
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
      // The table's size on the page's charts, read only when stats are sampled.
      gaugesOf(this.s).read(t.owner, `ets:${t.name}`, () => tableSize(t));
    }
  }

  remove(t: Replica): void {
    if (this.byTid.get(t.tid) !== t) return;
    this.byTid.delete(t.tid);
    if (this.byName.get(t.name) === t) this.byName.delete(t.name);
    this.owned.get(t.owner)?.delete(t);
    if (t.home === this.index) gaugesOf(this.s).remove(t.owner, `ets:${t.name}`);
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

const replicas = new WeakMap<Scheduler, Replicas>();

/** Scheduler `s`'s replicas (made on first use). */
export function replicasOf(s: Scheduler): Replicas {
  let n = replicas.get(s);
  if (n === undefined) replicas.set(s, (n = new Replicas(s)));
  return n;
}

// Every scheduler gets its replica set (and its ext handler) as it is made, before any signal.
onSchedulerCreated((s) => void replicasOf(s));
