import { describe, expect, it } from "vitest";
import { cluster } from "../../test/support/cluster";
import { Process, exit, receive, self, send, spawn, spawnLink } from "../kernel/api";
import { _ } from "../kernel/match";
import type { Pid } from "../kernel/term";
import type { TraceChunk, TraceEvent } from "../kernel/trace";
import { mermaid } from "./mermaid";
import { TraceStore } from "./trace-store";

async function pingPong(): Promise<void> {
  Process.register(self(), "ping");
  const pong = spawn(async () => {
    Process.register(self(), "pong");
    for (let i = 0; i < 5; i++) {
      const [, n] = (await receive(["ping", _])) as [string, number];
      await Process.sleep(1);
      send("ping", ["pong", n]);
    }
  });
  for (let i = 0; i < 5; i++) {
    send(pong, ["ping", i]);
    await receive(["pong", i]);
  }
}

async function record(n: number, main: () => unknown, ms: number): Promise<TraceStore> {
  const c = cluster(n, { trace: {} });
  c.spawn(0, main);
  const store = new TraceStore({ schedulers: n });
  for (let t = 0; t < ms; t += 2) {
    await c.advance(2);
    for (const s of c.schedulers) store.add(s.tracer!.drain());
  }
  return store;
}

describe("TraceStore", () => {
  it("answers who was alive, under which name, at any moment of a recorded run", async () => {
    const store = await record(1, pingPong, 20);
    const sends = store.events.filter((e) => e.k === "send");
    expect(sends).toHaveLength(10);
    const mid = sends[4].t;
    expect(store.alive(mid).map((p) => store.label(p.pid, mid)).sort()).toEqual(["ping", "pong"]);
    expect(store.alive(store.endUs)).toEqual([]);
    expect([...store.processes().values()].map((p) => p.reason)).toEqual([":normal", ":normal"]);
    expect(store.between(0, mid).filter((e) => e.k === "send")).toHaveLength(5);
    expect(store.messageCount()).toBe(10);
  });

  it("merges chunks from several schedulers by time, keeping each scheduler's own order", () => {
    const ev = (t: number, s: number, msg: string): TraceEvent => ({ t, s, k: "send", from: "#PID<0.1.0>" as Pid, to: "#PID<0.2.0>" as Pid, msg, size: 8 });
    const chunk = (sched: number, events: TraceEvent[]): TraceChunk => ({ sched, from: 0, until: 100, events, pairs: [], receives: 0, lost: 0 });
    const store = new TraceStore({ schedulers: 2 });
    store.add(chunk(0, [ev(10, 0, "a"), ev(30, 0, "c"), ev(30, 0, "d")]));
    store.add(chunk(1, [ev(20, 1, "b"), ev(30, 1, "e"), ev(40, 1, "f")]));
    expect(store.events.map((e) => (e as { msg: string }).msg)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("knows links and exits caused through them, and the tree's parents", async () => {
    const store = await record(2, async () => {
      Process.register(self(), "parent");
      Process.flag("trap_exit", true);
      spawnLink(async () => {
        Process.register(self(), "child");
        await Process.sleep(3);
        exit("boom");
      });
      await receive(["EXIT", _, _]);
    }, 10);
    const child = [...store.processes().values()].find((p) => store.nameAt(p.pid) === "child")!;
    expect(child.reason).toBe('"boom"');
    expect(store.label(child.parent!)).toBe("parent");
    expect(store.links(child.spawnedAt + 1)).toHaveLength(1);
    expect(store.links()).toHaveLength(0);
  });

  it("stays within maxEvents on a flood: old messages become per-pair counts, nothing is miscounted", () => {
    const store = new TraceStore({ maxEvents: 1000 });
    const spawnEv: TraceEvent = { t: 0, s: 0, k: "spawn", pid: "#PID<0.1.0>" as Pid, parent: null, call: "main" };
    store.add({ sched: 0, from: 0, until: 1, events: [spawnEv], pairs: [], receives: 0, lost: 0 });
    let t = 1;
    for (let round = 0; round < 50; round++) {
      const events: TraceEvent[] = [];
      for (let i = 0; i < 100; i++) events.push({ t: t++, s: 0, k: "send", from: "#PID<0.1.0>" as Pid, to: "#PID<0.2.0>" as Pid, msg: "x", size: 10 });
      store.add({ sched: 0, from: t - 100, until: t, events, pairs: [], receives: 0, lost: 0 });
    }
    expect(store.events.length).toBeLessThanOrEqual(1000);
    expect(store.messageCount()).toBe(5000);
    expect(store.truncatedBeforeUs).toBeGreaterThan(0);
    expect(store.process("#PID<0.1.0>" as Pid)?.call).toBe("main"); // a live process keeps its spawn
  });

  it("keeps the counted buckets of a long flood within maxPairs, every message still counted per pair", () => {
    const store = new TraceStore({ maxPairs: 100 });
    const a = "#PID<0.1.0>" as Pid;
    const b = "#PID<0.2.0>" as Pid;
    const c = "#PID<0.3.0>" as Pid;
    // 10 minutes of a flood a -> b (and b -> c), a chunk of counts every 250 ms.
    for (let k = 0; k < 2400; k++) {
      const from = k * 250_000;
      store.add({ sched: 0, from, until: from + 250_000, events: [], pairs: [{ from: a, to: b, count: 1000 }, { from: b, to: c, count: 10 }], receives: 0, lost: 0 });
    }
    expect(store.pairs.length).toBeLessThanOrEqual(100);
    const count = (from: Pid, to: Pid) => store.pairs.filter((p) => p.from === from && p.to === to).reduce((n, p) => n + p.count, 0);
    expect(count(a, b)).toBe(2_400_000);
    expect(count(b, c)).toBe(24_000);
    expect(store.messageCount()).toBe(2_424_000);
    // The newest buckets keep their quarter second; the merged ones cover the time before, in order.
    const last = store.pairs[store.pairs.length - 1]!;
    expect(last.untilUs - last.fromUs).toBe(250_000);
    expect(store.pairs.map((p) => p.untilUs)).toEqual([...store.pairs.map((p) => p.untilUs)].sort((x, y) => x - y));
    expect(Math.min(...store.pairs.map((p) => p.fromUs))).toBe(0);
  });

  it("round-trips through its JSON file", async () => {
    const store = await record(1, pingPong, 20);
    const back = TraceStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));
    expect(back.events).toEqual(store.events);
    const firstSend = back.events.find((e) => e.k === "send") as Extract<TraceEvent, { k: "send" }>;
    expect(back.label(firstSend.from)).toBe("ping");
    expect(() => TraceStore.fromJSON({ format: "other" } as never)).toThrow(/not a beamlab trace/);
  });
});

describe("mermaid", () => {
  it("draws ping and pong as a sequence diagram, messages in order, exits as notes", async () => {
    const store = await record(1, pingPong, 20);
    const text = mermaid(store.toJSON(), { only: ["ping", "pong"] });
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("sequenceDiagram");
    expect(lines[1]).toMatch(/^ {2}participant P1 as ping #35;PID<0\.\d+\.0>$/);
    expect(lines[2]).toMatch(/^ {2}participant P2 as pong #35;PID<0\.\d+\.0>$/);
    const arrows = lines.filter((l) => l.includes("->>"));
    expect(arrows.slice(1)).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`  P1->>P2: {:ping, ${i}}`, `  P2->>P1: {:pong, ${i}}`]));
    expect(arrows[0]).toBe("  P1-->>P2: spawn");
    expect(lines.filter((l) => l.startsWith("  Note over"))).toEqual(["  Note over P2: exit :normal", "  Note over P1: exit :normal"]);
  });
});
