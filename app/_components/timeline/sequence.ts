/**
 * The sequence diagram's model, apart from drawing: which processes get a lane, and the rows
 * (one per event between them) in order. Pure functions of a TraceStore, tested on their own.
 *
 *     lanes:  pinned ─┬─► [ping] [pong] [main] … (at most MAX_LANES, by spawn order)
 *     busiest talkers ┘   minus the hidden ones
 *     rows:   send  ping ──{:ping, 1}──► pong      spawn  main ┄┄spawn┄┄► ping
 *             exit  ✕ pong :normal                 down   pong ┄┄DOWN┄┄► main
 *             counted  ping ━━×1,234━━► pong  (a flood's messages past the recording's detail
 *                      budget, counted per pair per quarter second: one row per bucket)
 *
 * A message to or from a process without a lane is drawn to the "others" edge, so a chosen
 * few lanes still show everything they said and heard among 10,000 processes.
 */
import type { Pid } from "../../../runtime/index";
import type { TraceEvent, TraceStore } from "../../../runtime/host/trace-store";
import { upperBound } from "./runTimeline";

/** Lanes shown by default: the pinned plus the busiest talkers, up to this many. */
export const MAX_LANES = 8;
/** Rows kept for the diagram: the newest ones past it (a flood's detail is unreadable anyway). */
export const MAX_ROWS = 50_000;

/** The pseudo-lane of every process without a lane of its own. */
export const OTHERS = "others";

export type RowKind = "send" | "counted" | "receive" | "spawn" | "exit" | "signal" | "down" | "link" | "unlink" | "monitor" | "demonitor" | "register" | "unregister";

/**
 * One row of the diagram. `i` is the event's index in `trace.events`; a "counted" row's is
 * half an index before the first event after its bucket (so it sorts and scrubs between them).
 */
export interface SeqRow {
  i: number;
  t: number;
  kind: RowKind;
  /** Lane of the arrow's tail (or of the mark). */
  from: Pid | typeof OTHERS;
  /** Lane of the arrow's head (arrows only). */
  to?: Pid | typeof OTHERS;
  /** The text on the arrow or beside the mark. */
  text: string;
  /** Who the other end really is, when it is "others". */
  other?: Pid | null;
  size?: number;
  /** A "counted" row: how many messages, and since when (µs; `t` is the bucket's end). */
  count?: number;
  fromT?: number;
}

/** A row's identity among the rows (event rows: their index; counted rows: their bucket and pair). */
export function rowKey(r: SeqRow): string {
  return r.kind === "counted" ? `c${r.i}:${r.fromT}:${r.from}>${r.to}` : String(r.i);
}

/** Messages each process sent or received (recorded in detail and counted), most first. */
export function talkers(trace: TraceStore): Map<Pid, number> {
  const counts = new Map<Pid, number>();
  const add = (pid: Pid | null, n: number) => {
    if (pid !== null) counts.set(pid, (counts.get(pid) ?? 0) + n);
  };
  for (const e of trace.events) {
    if (e.k !== "send") continue;
    add(e.from, 1);
    add(e.to, 1);
  }
  for (const p of trace.pairs) {
    add(p.from, p.count);
    add(p.to, p.count);
  }
  return counts;
}

/**
 * The lanes: the pinned processes, then the busiest talkers (and, in a quiet run, the
 * earliest spawned), none hidden, at most `max`; ordered by spawn time so lanes do not jump.
 */
export function chooseLanes(trace: TraceStore, pinned: readonly Pid[], hidden: ReadonlySet<Pid>, max = MAX_LANES): Pid[] {
  const chosen: Pid[] = [];
  const take = (pid: Pid) => {
    if (chosen.length < Math.max(max, pinned.length) && !hidden.has(pid) && !chosen.includes(pid)) chosen.push(pid);
  };
  for (const pid of pinned) if (trace.process(pid)) take(pid);
  const byTalk = [...talkers(trace)].sort((a, b) => b[1] - a[1] || pidOrder(a[0]) - pidOrder(b[0]));
  for (const [pid] of byTalk) {
    if (chosen.length >= max) break;
    if (trace.process(pid)) take(pid);
  }
  if (chosen.length < max) {
    for (const p of trace.processes().values()) {
      if (chosen.length >= max) break;
      take(p.pid);
    }
  }
  const spawned = (pid: Pid) => trace.process(pid)?.spawnedAt ?? 0;
  return chosen.sort((a, b) => spawned(a) - spawned(b) || pidOrder(a) - pidOrder(b));
}

/** The diagram's rows for `lanes`, in order (the newest MAX_ROWS). */
export function buildRows(trace: TraceStore, lanes: readonly Pid[], opts: { receives?: boolean } = {}): SeqRow[] {
  const on = new Set<Pid>(lanes);
  const lane = (pid: Pid | null): Pid | typeof OTHERS => (pid !== null && on.has(pid) ? pid : OTHERS);
  const rows: SeqRow[] = [];
  const events = trace.events;
  const counted = countedRows(trace, on, lane);
  let c = 0;
  for (let i = 0; i < events.length; i++) {
    while (c < counted.length && counted[c]!.i < i) rows.push(counted[c++]!);
    const row = rowOf(events[i]!, i, on, lane, trace, opts.receives ?? true);
    if (row !== null) rows.push(row);
  }
  while (c < counted.length) rows.push(counted[c++]!);
  return rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows;
}

/**
 * The messages the recording only counted (trace.pairs: per pair, per scheduler's quarter
 * second) to or from a lane, one row per bucket and pair of lanes (every process without a
 * lane is "others"), placed after the events of their bucket, in order.
 */
export function countedRows(trace: TraceStore, on: ReadonlySet<Pid>, lane: (pid: Pid | null) => Pid | typeof OTHERS): SeqRow[] {
  const rows = new Map<string, SeqRow>();
  for (const p of trace.pairs) {
    if (!on.has(p.to) && (p.from === null || !on.has(p.from))) continue;
    const from = lane(p.from);
    const to = lane(p.to);
    const key = `${p.fromUs}|${p.untilUs}|${from}|${to}`;
    const row = rows.get(key);
    const other = from === OTHERS ? p.from : to === OTHERS ? p.to : undefined;
    if (row === undefined) {
      const i = upperBound(trace.events, p.untilUs) - 0.5;
      rows.set(key, { i, t: p.untilUs, fromT: p.fromUs, kind: "counted", from, to, text: "", count: p.count, ...(other !== undefined ? { other } : {}) });
    } else {
      row.count! += p.count;
      // Several processes without a lane: the row says "others".
      if (row.other !== other) delete row.other;
    }
  }
  const out = [...rows.values()];
  for (const r of out) r.text = countedText(r.count!);
  return out.sort((a, b) => a.i - b.i || a.t - b.t);
}

/** "×1,234 messages not detailed". */
export function countedText(count: number): string {
  return `×${count.toLocaleString("en-US")} message${count === 1 ? "" : "s"} not detailed`;
}

function rowOf(
  e: TraceEvent,
  i: number,
  on: Set<Pid>,
  lane: (pid: Pid | null) => Pid | typeof OTHERS,
  trace: TraceStore,
  receives: boolean,
): SeqRow | null {
  const base = { i, t: e.t };
  switch (e.k) {
    case "send": {
      if (!on.has(e.to) && (e.from === null || !on.has(e.from))) return null;
      const other = on.has(e.to) ? e.from : e.to;
      return { ...base, kind: "send", from: lane(e.from), to: lane(e.to), text: e.msg, size: e.size, ...(lane(other) === OTHERS ? { other } : {}) };
    }
    case "receive":
      return receives && on.has(e.pid) ? { ...base, kind: "receive", from: e.pid, text: e.msg } : null;
    case "spawn":
      if (!on.has(e.pid)) return null;
      return { ...base, kind: "spawn", from: lane(e.parent), to: e.pid, text: `spawn ${e.call}`, ...(lane(e.parent) === OTHERS ? { other: e.parent } : {}) };
    case "exit": {
      if (!on.has(e.pid)) return null;
      // A death by another's exit signal: the signal as an arrow, then the mark.
      if (e.from !== undefined) {
        return { ...base, kind: "signal", from: lane(e.from), to: e.pid, text: `${e.link ? "EXIT" : "exit"} ${e.reason}`, ...(lane(e.from) === OTHERS ? { other: e.from } : {}) };
      }
      return { ...base, kind: "exit", from: e.pid, text: `✕ ${e.reason}` };
    }
    case "down":
      if (!on.has(e.to)) return null;
      return { ...base, kind: "down", from: lane(e.pid), to: e.to, text: `DOWN ${e.reason}`, ...(lane(e.pid) === OTHERS ? { other: e.pid } : {}) };
    case "link":
    case "unlink":
      if (!on.has(e.a) && !on.has(e.b)) return null;
      return { ...base, kind: e.k, from: lane(e.a), to: lane(e.b), text: e.k, ...(lane(e.a) === OTHERS ? { other: e.a } : lane(e.b) === OTHERS ? { other: e.b } : {}) };
    case "monitor":
    case "demonitor":
      if (!on.has(e.by) && !on.has(e.pid)) return null;
      return { ...base, kind: e.k, from: lane(e.by), to: lane(e.pid), text: e.k, ...(lane(e.by) === OTHERS ? { other: e.by } : lane(e.pid) === OTHERS ? { other: e.pid } : {}) };
    case "register":
    case "unregister":
      if (!on.has(e.pid)) return null;
      return { ...base, kind: e.k, from: e.pid, text: e.k === "register" ? `registered as ${e.name}` : `unregistered ${e.name}` };
  }
  void trace;
  return null;
}

/** The number of rows whose event is among the first `i` events (rows are in event order). */
export function rowsBefore(rows: readonly SeqRow[], i: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.i < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `#PID<0.12.1>` → a number that orders pids by scheduler, then id. */
export function pidOrder(pid: string): number {
  const m = /<0\.(\d+)\.(\d+)>/.exec(pid);
  return m ? Number(m[2]) * 1e9 + Number(m[1]) : 0;
}

/**
 * The message of send event `i` as a drop fault's coordinates: who sent it to whom, and which
 * of their messages it was (the `nth`, from 1); null when it cannot be told (not a send, sent
 * from outside a process, or the recording counted some messages without keeping them).
 */
export function sendOrdinal(trace: TraceStore, i: number): { from: Pid; to: Pid; nth: number } | null {
  const e = trace.events[i];
  if (e === undefined || e.k !== "send" || e.from === null) return null;
  if (trace.truncatedBeforeUs > 0 || trace.pairs.length > 0 || trace.otherSends > 0) return null;
  let nth = 0;
  for (let k = 0; k <= i; k++) {
    const x = trace.events[k];
    if (x.k === "send" && x.from === e.from && x.to === e.to) nth++;
  }
  return { from: e.from, to: e.to, nth };
}
