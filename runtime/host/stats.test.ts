import { describe, expect, it } from "vitest";
import { Process, receive, self, send, spawn } from "../kernel/api";
import { cluster } from "../../test/support/cluster";
import type { Pid } from "../kernel/term";
import { ETS, GenStage } from "../index";
import { FULL_FRAME_LIMIT, StatsSampler, TOP_K, decodeFrame } from "./stats";

describe("stats frames", () => {
  it("describes every process of a small run: queue length, status and names once", async () => {
    const c = cluster();
    let sink!: Pid;
    c.spawn(0, async () => {
      sink = spawn(async function sink() {
        await Process.sleep(1000);
      });
      for (let i = 0; i < 7; i++) send(sink, i);
      await receive();
    });
    await c.drain();
    const sampler = new StatsSampler(c.schedulers[0]);
    const first = sampler.sample();
    const frame = decodeFrame(first.buffer);
    expect(frame.procs).toBe(2);
    expect(frame.queued).toBe(7);
    expect(frame.processes.find((p) => p.pid === sink)).toMatchObject({ queue: 7, status: "waiting" });
    expect(first.names.map(([, n]) => n)).toContain("sink");
    expect(sampler.sample().names).toEqual([]);
  });

  it("keeps a frame small with many processes: the top by queue length and the pinned ones, counting all", async () => {
    const c = cluster();
    const n = FULL_FRAME_LIMIT * 4;
    const pids: Pid[] = [];
    c.spawn(0, async () => {
      for (let i = 0; i < n; i++) pids.push(spawn(() => receive("never")));
      await Process.sleep(1);
      send(pids[1234], "a");
      send(pids[1234], "b");
      send(pids[42], "c");
      await receive();
    });
    await c.advance(5);
    const sampler = new StatsSampler(c.schedulers[0]);
    sampler.pinned.add(pids[7]);
    const frame = decodeFrame(sampler.sample().buffer);
    expect(frame.procs).toBe(n + 1);
    expect(frame.queued).toBe(3);
    expect(frame.processes.length).toBeLessThanOrEqual(2 * TOP_K + 1);
    expect(frame.processes[0]).toMatchObject({ pid: pids[1234], queue: 2 });
    expect(frame.processes.map((p) => p.pid)).toEqual(expect.arrayContaining([pids[42], pids[7]]));
  });
});

describe("gauges in stats frames", () => {
  it("carries a GenStage's buffered events and outstanding demand, and an ETS table's size, and drops them when the process exits", async () => {
    const c = cluster();
    let producer!: Pid;
    let consumer!: Pid;
    let owner!: Pid;
    let main!: Pid;
    const sampler = new StatsSampler(c.schedulers[0]);
    const gauges = () => {
      const f = sampler.sample();
      return decodeFrame(f.buffer, f.gauges).gauges!.map((g) => [g.pid, g.name, g.value]);
    };
    c.spawn(0, async () => {
      main = self();
      // A producer that makes nothing on demand, but dispatches (or buffers) what it is cast.
      [, producer] = (await GenStage.start(
        {
          init: () => ["producer", null],
          handleDemand: (_n: number, s: null) => ["noreply", [], s],
          handleCast: (events: number[], s: null) => ["noreply", events, s],
        },
        null,
      )) as [string, Pid];
      GenStage.cast(producer, [1, 2, 3, 4, 5, 6, 7]);
      owner = spawn(async () => {
        ETS.new("cache");
        ETS.insert("cache", [["a", 1], ["b", 2], ["c", 3]]);
        await receive("stop");
      });
      await receive("subscribe");
      [, consumer] = (await GenStage.start(
        {
          init: () => ["consumer", null],
          handleEvents: (_e: unknown[], _from: unknown, s: null) => ["noreply", [], s],
        },
        null,
      )) as [string, Pid];
      await GenStage.syncSubscribe(consumer, { to: producer, maxDemand: 5, minDemand: 1 });
      await receive("never");
    });
    await c.advance(10);
    // Nobody has asked yet: the seven events wait in the producer's buffer.
    expect(gauges()).toEqual([
      [producer, "buffer", 7],
      [producer, "demand", 0],
      [owner, "ets:cache", 3],
    ]);
    c.spawn(0, () => void send(main, "subscribe"));
    await c.advance(10);
    // The consumer took them all and asks for more: its demand is what the producer owes it.
    const g = gauges();
    expect(g).toContainEqual([producer, "buffer", 0]);
    const owed = g.find(([pid, name]) => pid === producer && name === "demand")![2];
    expect(owed).toBeGreaterThan(0);
    expect(g).toContainEqual([consumer, "demand", owed]);
    c.spawn(0, () => void send(owner, "stop"));
    await c.advance(10);
    expect(gauges().filter(([pid]) => pid === owner)).toEqual([]);
  });
});
