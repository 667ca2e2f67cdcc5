/** The observer's store: rows for the table, bounded queue series for the chart. */
import { describe, expect, it } from "vitest";
import type { DecodedFrame, ProcSample } from "../../../runtime/host/stats";
import { StatsStore } from "./statsStore";

function frame(sched: number, time: number, procs: Array<[number, number]>, names: Array<[number, string]> = []): DecodedFrame {
  const processes: ProcSample[] = procs.map(([id, queue]) => ({ pid: `#PID<0.${id}.${sched}>` as ProcSample["pid"], queue, reductions: 100, status: "waiting", memory: 900 }));
  return { sched, utilization: 0.5, runQueue: 1, procs: procs.length, reductionsPerSec: 0, time, heap: -1, processes, names };
}

describe("StatsStore", () => {
  it("turns frames into table rows with names and reductions per second", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now });
    store.reset();
    store.addFrame(frame(0, 0, [[1, 0], [2, 3]], [[1, "main"], [2, "worker"]]));
    now = 250;
    store.addFrame(frame(0, 250, [[1, 0], [2, 7]]));
    const rows = store.rows();
    expect(rows.map((r) => [r.pid, r.name, r.queue])).toEqual([["#PID<0.1.0>", "main", 0], ["#PID<0.2.0>", "worker", 7]]);
    expect(rows[0]!.reductionsPerSec).toBe(400);
  });

  it("follows the processes with the longest queues, keeping at most maxSeries series", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now, maxSeries: 8 });
    store.reset();
    for (let t = 1; t <= 50; t++) {
      now = t * 250;
      // 10,000 processes; the queue leaders change over time.
      const procs: Array<[number, number]> = [];
      for (let id = 0; id < 10_000; id++) procs.push([id, (id * 7919 + t * 104729) % 10_000 < 10 ? 500 + id : id % 3]);
      store.addFrame(frame(0, now, procs));
    }
    const { keys, data } = store.queueData();
    expect(keys.length).toBeLessThanOrEqual(8);
    expect(data.length).toBe(keys.length + 1);
    expect(data[0].length).toBe(50);
  });

  it("keeps a pinned process's series", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now, maxSeries: 2 });
    store.reset();
    store.togglePin("#PID<0.1.0>");
    for (let t = 1; t <= 10; t++) {
      now = t * 250;
      store.addFrame(frame(0, now, [[1, 0], [2, t], [3, 2 * t], [4, 3 * t]]));
    }
    const { keys, data } = store.queueData();
    expect(keys).toContain("#PID<0.1.0>");
    expect(keys).toContain("#PID<0.4.0>");
    expect(data[1 + keys.indexOf("#PID<0.4.0>")]!.at(-1)).toBe(30);
  });

  it("samples every frame, so a run that sent three frames in 50 ms draws three points", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now });
    store.reset();
    for (const t of [5, 25, 45]) {
      now = t;
      store.addFrame(frame(0, t, [[1, 0], [2, 40 - t / 2]]));
    }
    const { data } = store.queueData();
    expect(data[0].length).toBe(3);
    expect(store.system.data(["procs"])[1]).toEqual([2, 2, 2]);
  });

  it("counts the most processes alive between frames (a burst inside one slice)", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now });
    store.reset();
    store.addFrame({ ...frame(0, 0, []), peakProcs: 2 });
    now = 100;
    store.addFrame({ ...frame(1, 100, [[3, 0]]), peakProcs: 1 });
    expect(store.system.data(["procs"])[1]).toEqual([2, 3]);
  });

  it("labels a process by registered name, else initial call, with its pid; a later name replaces the first", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now });
    store.reset();
    store.addFrame(frame(0, 0, [[1, 0], [2, 3]], [[1, "main"], [2, "GenServer"]]));
    expect(store.label("#PID<0.1.0>")).toBe("main #PID<0.1.0>");
    now = 250;
    store.addFrame(frame(0, 250, [[1, 0], [2, 3]], [[2, "ServerFlood"]]));
    expect(store.label("#PID<0.2.0>")).toBe("ServerFlood #PID<0.2.0>");
    expect(store.rows().find((r) => r.pid === "#PID<0.2.0>")?.name).toBe("ServerFlood");
    expect(store.label("#PID<0.9.1>")).toBe("#PID<0.9.1>");
  });

  it("pins processes by name as they appear, and forgets those pins at the next run", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now, maxSeries: 2 });
    store.reset(["plainRepublish", "Republish"]);
    store.addFrame(frame(0, 0, [[1, 0], [2, 0], [3, 0]], [[1, "main"], [2, "plainRepublish"], [3, "Republish"]]));
    expect([...store.pinned].sort()).toEqual(["#PID<0.2.0>", "#PID<0.3.0>"]);
    expect(store.queueData().series.map((s) => s.key)).toEqual(["#PID<0.2.0>", "#PID<0.3.0>"]);
    store.togglePin("#PID<0.1.0>");
    store.reset();
    expect([...store.pinned]).toEqual(["#PID<0.1.0>"]);
  });

  it("charts a GenStage's buffer and demand beside its mailbox, and finds a stage by its backlog", () => {
    let now = 0;
    const store = new StatsStore({ now: () => now });
    store.reset();
    for (let t = 1; t <= 3; t++) {
      now = t * 250;
      const f = frame(0, now, [[1, 0], [2, 0]]);
      // B's mailbox stays empty; its buffer holds the backlog.
      f.gauges = [
        { pid: "#PID<0.2.0>" as ProcSample["pid"], name: "buffer", value: 100 * t },
        { pid: "#PID<0.2.0>" as ProcSample["pid"], name: "demand", value: 10 },
      ];
      store.addFrame(f);
    }
    const { series, data } = store.queueData();
    expect(series).toEqual([
      { key: "#PID<0.2.0>", pid: "#PID<0.2.0>" },
      { key: "#PID<0.2.0>|buffer", pid: "#PID<0.2.0>", gauge: "buffer" },
      { key: "#PID<0.2.0>|demand", pid: "#PID<0.2.0>", gauge: "demand" },
    ]);
    expect(data[1]).toEqual([0, 0, 0]);
    expect(data[2]).toEqual([100, 200, 300]);
    expect(data[3]).toEqual([10, 10, 10]);
  });
});
