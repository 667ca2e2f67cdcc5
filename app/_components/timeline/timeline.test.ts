/**
 * The timeline's views as specifications, on recordings made by hand (chunks as the workers
 * send them): the sequence diagram's lanes and rows, the tree's restarts, the process table
 * at a moment and after the end.
 */
import { describe, expect, it } from "vitest";
import type { Pid } from "../../../runtime/index";
import { TraceStore, type TraceEvent } from "../../../runtime/host/trace-store";
import { tableAt } from "./processesAt";
import { RunTimeline } from "./runTimeline";
import { OTHERS, buildRows, chooseLanes, rowKey, rowsBefore } from "./sequence";
import { buildTree } from "./tree";

const pid = (id: number, s = 0) => `#PID<0.${id}.${s}>` as Pid;
const MAIN = pid(1);
const PING = pid(2);
const PONG = pid(3);

/** main spawns ping and pong; they exchange 5 messages each way; both exit. */
function pingPongEvents(): TraceEvent[] {
  const ev: TraceEvent[] = [
    { t: 0, s: 0, k: "spawn", pid: MAIN, parent: null, call: "main" },
    { t: 10, s: 0, k: "spawn", pid: PING, parent: MAIN, call: "ping" },
    { t: 11, s: 0, k: "register", pid: PING, name: "ping" },
    { t: 12, s: 0, k: "spawn", pid: PONG, parent: MAIN, call: "pong" },
    { t: 13, s: 0, k: "register", pid: PONG, name: "pong" },
  ];
  let t = 20;
  for (let n = 0; n < 5; n++) {
    ev.push({ t: t++, s: 0, k: "send", from: PING, to: PONG, msg: `{:ping, ${n}}`, size: 40 });
    ev.push({ t: t++, s: 0, k: "receive", pid: PONG, msg: `{:ping, ${n}}` });
    ev.push({ t: t++, s: 0, k: "send", from: PONG, to: PING, msg: `{:pong, ${n}}`, size: 40 });
    ev.push({ t: t++, s: 0, k: "receive", pid: PING, msg: `{:pong, ${n}}` });
  }
  ev.push({ t: 60, s: 0, k: "exit", pid: PONG, reason: ":normal" });
  ev.push({ t: 61, s: 0, k: "exit", pid: PING, reason: ":normal" });
  ev.push({ t: 62, s: 0, k: "exit", pid: MAIN, reason: ":normal" });
  return ev;
}

function store(events: TraceEvent[], until = 70): TraceStore {
  const s = new TraceStore();
  s.add({ sched: 0, from: 0, until, events, pairs: [], receives: 0, lost: 0 });
  return s;
}

describe("sequence diagram", () => {
  it("gives the busiest talkers lanes, in spawn order, labelled by name", () => {
    const tr = store(pingPongEvents());
    const lanes = chooseLanes(tr, [], new Set(), 2);
    expect(lanes.map((p) => tr.label(p))).toEqual(["ping", "pong"]);
  });

  it("draws the 10 messages between ping and pong in order", () => {
    const tr = store(pingPongEvents());
    const rows = buildRows(tr, [PING, PONG]).filter((r) => r.kind === "send");
    expect(rows.map((r) => `${tr.label(r.from as Pid)}>${tr.label(r.to as Pid)} ${r.text}`)).toEqual(
      [0, 1, 2, 3, 4].flatMap((n) => [`ping>pong {:ping, ${n}}`, `pong>ping {:pong, ${n}}`]),
    );
  });

  it("keeps a pinned lane and drops a hidden one; a process without a lane is 'others'", () => {
    const tr = store(pingPongEvents());
    const lanes = chooseLanes(tr, [MAIN], new Set([PONG]), 2);
    expect(lanes).toEqual([MAIN, PING]);
    const rows = buildRows(tr, lanes, { receives: false });
    const firstSend = rows.find((r) => r.kind === "send")!;
    expect(firstSend).toMatchObject({ from: PING, to: OTHERS, other: PONG });
  });

  it("draws the messages a flood had only counted as one row per pair and quarter second, after that bucket's events", () => {
    const OTHER1 = pid(7);
    const OTHER2 = pid(8);
    const tr = new TraceStore();
    const ev = pingPongEvents();
    tr.add({ sched: 0, from: 0, until: 30, events: ev.filter((e) => e.t <= 30), pairs: [{ from: PING, to: PONG, count: 1234 }], receives: 1234, lost: 0 });
    tr.add({
      sched: 0,
      from: 30,
      until: 70,
      events: ev.filter((e) => e.t > 30),
      pairs: [
        { from: PING, to: PONG, count: 5 },
        { from: OTHER1, to: PING, count: 40 },
        { from: OTHER2, to: PING, count: 2 },
        { from: OTHER1, to: OTHER2, count: 99 }, // no lane at either end: not drawn
      ],
      receives: 0,
      lost: 0,
    });
    const rows = buildRows(tr, [PING, PONG]);
    const counted = rows.filter((r) => r.kind === "counted");
    expect(counted.map((r) => [r.from === OTHERS ? "others" : tr.label(r.from as Pid), tr.label(r.to as Pid), r.count, r.fromT, r.t])).toEqual([
      ["ping", "pong", 1234, 0, 30],
      ["ping", "pong", 5, 30, 70],
      ["others", "ping", 42, 30, 70],
    ]);
    expect(counted[0]!.text).toBe("×1,234 messages not detailed");
    expect(counted[2]!.other).toBeUndefined(); // two processes without a lane: "others", not one of them
    // In order: the first bucket's row after the events up to t = 30 and before the next one.
    const at = rows.indexOf(counted[0]!);
    expect(rows[at - 1]!.t).toBeLessThanOrEqual(30);
    expect(rows[at + 1]!.t).toBeGreaterThan(30);
    // Scrubbed to t = 30 (every event up to it shown) the bucket is behind the cursor, just before it not.
    const upTo30 = tr.events.filter((e) => e.t <= 30).length;
    expect(rowsBefore(rows, upTo30)).toBe(at + 1);
    expect(rows[at - 1]!.i).toBe(upTo30 - 1);
    expect(rowsBefore(rows, upTo30 - 1)).toBe(at - 1);
    // Every row has its own key, so the diagram can select one.
    expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
  });

  it("places the cursor after the rows of the events before it", () => {
    const tr = store(pingPongEvents());
    const rows = buildRows(tr, [PING, PONG]);
    const sends = rows.filter((r) => r.kind === "send");
    expect(rowsBefore(sends, sends[5]!.i)).toBe(5);
  });
});

describe("process table at a moment", () => {
  it("lists the processes alive then by name, and none once the run ended", () => {
    const tl = new RunTimeline(() => 0);
    tl.begin(store(pingPongEvents()));
    const fifth = tl.trace!.events.filter((e) => e.k === "send")[4]!;
    tl.seek(fifth.t);
    expect(tableAt(tl)!.rows.map((r) => r.name).sort()).toEqual(["main", "ping", "pong"]);
    tl.follow();
    expect(tableAt(tl)).toBeNull(); // live: the stats are the truth
    tl.end();
    expect(tableAt(tl)!.rows).toEqual([]);
    expect(tableAt(tl)!.note).toMatch(/The run ended/);
    tl.dispose();
  });

  it("steps event by event with the arrow keys' steps", () => {
    const tl = new RunTimeline(() => 0);
    tl.begin(store(pingPongEvents()));
    tl.end();
    tl.seek(0, 0);
    tl.step(1);
    tl.step(1);
    expect(tl.at()).toMatchObject({ i: 2, t: 10, live: false });
    tl.step(-1);
    expect(tl.at()).toMatchObject({ i: 1, t: 0 });
  });
});

describe("process tree", () => {
  it("shows a supervisor's restarted child beside the killed one it replaced", () => {
    const SUP = pid(4);
    const W1 = pid(5);
    const W2 = pid(6);
    const tr = store([
      { t: 0, s: 0, k: "spawn", pid: MAIN, parent: null, call: "main" },
      { t: 5, s: 0, k: "spawn", pid: SUP, parent: MAIN, call: "Supervisor" },
      { t: 6, s: 0, k: "spawn", pid: W1, parent: SUP, call: "anonymous" },
      { t: 6, s: 0, k: "link", a: SUP, b: W1 },
      { t: 7, s: 0, k: "register", pid: W1, name: "mailer" },
      { t: 20, s: 0, k: "exit", pid: W1, reason: ":killed", from: MAIN, link: false },
      { t: 21, s: 0, k: "spawn", pid: W2, parent: SUP, call: "anonymous" },
      { t: 21, s: 0, k: "link", a: SUP, b: W2 },
      { t: 22, s: 0, k: "register", pid: W2, name: "mailer" },
    ]);
    const tree = buildTree(tr, 30);
    const rows = tree.rows.map((r) => `${"  ".repeat(r.depth)}${r.label}${r.killed ? " killed" : ""}${r.replacedBy ? " replaced" : ""}${r.restartOf ? " restarted" : ""}`);
    expect(rows).toEqual(["main", "  Supervisor", "    mailer killed replaced", "    mailer restarted"]);
    expect(tree.rows.find((r) => r.pid === SUP)!.supervisor).toBe(true);
    // Before the kill: one mailer, alive.
    expect(buildTree(tr, 10).rows.filter((r) => r.label === "mailer").map((r) => r.alive)).toEqual([true]);
  });
});

describe("sendOrdinal (a drop fault's coordinates)", () => {
  it("counts which of its sender's messages to that receiver a send was; nothing for other events or a counted flood", async () => {
    const { TraceStore } = await import("../../../runtime/host/trace-store");
    const { sendOrdinal } = await import("./sequence");
    const a = "#PID<0.2.0>" as never;
    const b = "#PID<0.4.1>" as never;
    const send = (t: number, from: unknown, to: unknown) => ({ t, s: 0, k: "send" as const, from, to, msg: "m", size: 8 });
    const store = new TraceStore({ schedulers: 2 });
    store.add({ sched: 0, from: 0, until: 10, events: [send(1, a, b), send(2, b, a), send(3, a, b), send(4, a, b)] as never, pairs: [], receives: 0, lost: 0 });
    expect(sendOrdinal(store, 0)).toEqual({ from: a, to: b, nth: 1 });
    expect(sendOrdinal(store, 1)).toEqual({ from: b, to: a, nth: 1 });
    expect(sendOrdinal(store, 3)).toEqual({ from: a, to: b, nth: 3 });
    expect(sendOrdinal(store, 9)).toBeNull();
    store.add({ sched: 0, from: 10, until: 20, events: [], pairs: [{ from: a, to: b, count: 5000 }] as never, receives: 0, lost: 0 });
    expect(sendOrdinal(store, 3)).toBeNull();
  });
});
