import { describe, expect, it } from "vitest";
import { Process, receive, send, spawn } from "../kernel/api";
import { cluster } from "../../test/support/cluster";
import type { Pid } from "../kernel/term";
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
