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
});
