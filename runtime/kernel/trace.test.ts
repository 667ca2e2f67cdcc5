import { describe, expect, it } from "vitest";
import { cluster } from "../../test/support/cluster";
import { Process, exit, link, receive, self, send, spawn, spawnLink } from "./api";
import { _ } from "./match";
import type { TraceChunk, TraceEvent } from "./trace";

function drainAll(c: ReturnType<typeof cluster>, budget?: number): TraceChunk[] {
  return c.schedulers.map((s) => s.tracer!.drain(budget));
}
function events(chunks: TraceChunk[]): TraceEvent[] {
  return chunks.flatMap((ch) => ch.events).sort((a, b) => a.t - b.t);
}

async function pingPong(): Promise<void> {
  Process.register(self(), "ping");
  const pong = spawn(async () => {
    Process.register(self(), "pong");
    for (let i = 0; i < 5; i++) {
      const [, n] = (await receive(["ping", _])) as [string, number];
      send("ping", ["pong", n]);
    }
  });
  await Process.sleep(1);
  for (let i = 0; i < 5; i++) {
    send(pong, ["ping", i]);
    await receive(["pong", i]);
  }
}

describe("the run's recording", () => {
  it("records ping and pong: spawns, names, 10 messages in order with previews, receives and exits", async () => {
    const c = cluster(1, { trace: {} });
    c.spawn(0, pingPong);
    await c.advance(10);
    const ev = events(drainAll(c));
    const kinds = ev.map((e) => e.k);
    expect(kinds.filter((k) => k === "spawn")).toHaveLength(2);
    expect(ev.filter((e) => e.k === "register").map((e) => (e as { name: string }).name).sort()).toEqual(["ping", "pong"]);
    const sends = ev.filter((e) => e.k === "send") as Extract<TraceEvent, { k: "send" }>[];
    expect(sends.map((e) => e.msg)).toEqual(["{:ping, 0}", "{:pong, 0}", "{:ping, 1}", "{:pong, 1}", "{:ping, 2}", "{:pong, 2}", "{:ping, 3}", "{:pong, 3}", "{:ping, 4}", "{:pong, 4}"]);
    expect(sends.every((e) => e.size > 0)).toBe(true);
    expect(ev.filter((e) => e.k === "receive")).toHaveLength(10);
    expect(ev.filter((e) => e.k === "exit").map((e) => (e as { reason: string }).reason)).toEqual([":normal", ":normal"]);
    // Time never runs backwards and is in µs since the run started.
    expect(ev.every((e, i) => i === 0 || e.t >= ev[i - 1].t)).toBe(true);
  });

  it("records a link's exit signal with its cause, across schedulers", async () => {
    const c = cluster(2, { trace: {} });
    for (const s of c.schedulers) s.setProgram({ crasher });
    c.spawn(0, async () => {
      spawnLink(async () => {
        await Process.sleep(1);
        exit("boom");
      });
      await receive("never");
    });
    await c.advance(10);
    const ev = events(drainAll(c));
    const exits = ev.filter((e) => e.k === "exit") as Extract<TraceEvent, { k: "exit" }>[];
    expect(exits.map((e) => [e.reason, e.link ?? false])).toEqual([['"boom"', false], ['"boom"', true]]);
    expect(exits[1].from).toBe(exits[0].pid);
    expect(ev.filter((e) => e.k === "link")).toHaveLength(1);
  });

  it("keeps a flood's detail within the budget and counts the rest per pair, so a drain stays small", async () => {
    const c = cluster(1, { trace: { maxMessages: 100 } });
    c.spawn(0, async () => {
      const sink = spawn(async () => {
        for (;;) await receive();
      });
      for (let i = 0; i < 3000; i++) send(sink, i);
      link(sink);
    });
    await c.advance(5);
    const [chunk] = drainAll(c, 100);
    const sends = chunk.events.filter((e) => e.k === "send");
    expect(chunk.receives).toBeGreaterThan(0); // the sink's receives past the budget are counted
    expect(sends.length + chunk.pairs.reduce((n, p) => n + p.count, 0)).toBe(3000);
    expect(chunk.events.filter((e) => e.k === "send" || e.k === "receive")).toHaveLength(100);
    expect(chunk.events.filter((e) => e.k === "spawn" || e.k === "link")).toHaveLength(3); // main, sink, the link: lifecycle is always kept
  });

  it("counts a flood past the budget per pair, however much bigger than the ring it is: every send accounted for, none lost", async () => {
    const c = cluster(1, { trace: { capacity: 1000, maxMessages: 100 } });
    c.spawn(0, async () => {
      const a = spawn(async () => {
        await receive("never");
      });
      const b = spawn(async () => {
        await receive("never");
      });
      for (let i = 0; i < 5000; i++) send(i % 5 === 0 ? b : a, i);
    });
    await c.advance(5);
    const [chunk] = drainAll(c);
    const sends = chunk.events.filter((e) => e.k === "send") as Extract<TraceEvent, { k: "send" }>[];
    expect(sends).toHaveLength(100);
    expect(chunk.lost).toBe(0);
    const [a, b] = chunk.events.filter((e) => e.k === "spawn").slice(1).map((e) => (e as { pid: string }).pid);
    const counted = (to: string) => chunk.pairs.filter((p) => p.to === to).reduce((n, p) => n + p.count, 0);
    expect(counted(a) + sends.filter((e) => e.to === a).length).toBe(4000);
    expect(counted(b) + sends.filter((e) => e.to === b).length).toBe(1000);
    // The next interval starts from nothing: the counts went with the chunk.
    expect(c.schedulers[0].tracer!.drain().pairs).toEqual([]);
  });

  it("counts the sends of more senders than a chunk has pairs for together, and starts each interval afresh", async () => {
    const c = cluster(1, { trace: { maxMessages: 0 } });
    c.spawn(0, async () => {
      const sink = spawn(async () => {
        await receive("never");
      });
      for (let i = 0; i < 1500; i++) {
        spawn(async () => {
          for (let k = 0; k < 3; k++) send(sink, k);
          await receive("go");
          send(sink, "again");
        });
      }
    });
    await c.advance(5);
    const tracer = c.schedulers[0].tracer!;
    // The next interval keeps its first 3,000 messages in detail: main's 1,500 "go" and their receives.
    const first = tracer.drain(3000);
    expect(first.pairs).toHaveLength(1000);
    expect(first.pairs.every((p) => p.count === 3)).toBe(true);
    expect(first.pairs.reduce((n, p) => n + p.count, 0) + first.otherSends!).toBe(4500);
    // The next interval: every sender counted again from zero (its record's count went with the chunk).
    const senders = first.events.filter((e) => e.k === "spawn").map((e) => (e as { pid: string }).pid).slice(2);
    expect(senders).toHaveLength(1500);
    c.spawn(0, async () => {
      for (const p of senders) send(p, "go");
    });
    await c.advance(5);
    const next = tracer.drain(0);
    const again = next.pairs.filter((p) => senders.includes(p.from!));
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((p) => p.count === 1)).toBe(true);
    const detailed = next.events.filter((e) => e.k === "send" && e.msg === '"again"').length;
    expect(detailed + again.length + (next.otherSends ?? 0)).toBe(1500);
  });

  it("counts events a flood of detailed messages pushes out of the ring before they are drained", async () => {
    const c = cluster(1, { trace: { capacity: 1000, maxMessages: 10_000 } });
    c.spawn(0, async () => {
      const sink = spawn(async () => {
        await receive("never");
      });
      for (let i = 0; i < 5000; i++) send(sink, i);
    });
    await c.advance(5);
    const [chunk] = drainAll(c, 10_000);
    const sends = chunk.events.filter((e) => e.k === "send").length + chunk.pairs.reduce((n, p) => n + p.count, 0);
    expect(chunk.lost + sends).toBe(5000);
    expect(chunk.lost).toBeGreaterThan(0);
    // Lifecycle events live apart from the ring: the flood cannot push out the spawns.
    expect(chunk.events.filter((e) => e.k === "spawn")).toHaveLength(2);
    expect(chunk.events[0].k).toBe("spawn");
  });

  it("records nothing and costs nothing when the run is not recorded", async () => {
    const c = cluster(1);
    c.spawn(0, pingPong);
    await c.advance(10);
    expect(c.schedulers[0].tracer).toBeNull();
  });
});

export async function crasher(): Promise<void> {
  exit("boom");
}
