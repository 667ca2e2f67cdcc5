/** How a run's end is judged from worker beats: normal, deadlock, and not fooled by a stale beat. */
import { describe, expect, it } from "vitest";
import type { WorkerEvent } from "./protocol";
import { RunMonitor, type MonitorOptions } from "./run-monitor";

function fakeRun(opts: Partial<MonitorOptions> = {}) {
  const events: Array<(ev: WorkerEvent) => void> = [];
  const run = new RunMonitor(
    {
      start(k) {
        return {
          postMessage() {},
          addEventListener: (_, listener) => (events[k] = (ev) => listener({ data: ev })),
          removeEventListener() {},
          terminate() {},
        };
      },
      channel: () => [{} as MessagePort, {} as MessagePort],
    },
    { schedulers: 2, stuckMs: 60_000, ...opts },
  );
  run.start();
  let settled: string | undefined;
  void run.ended.then((e) => (settled = e.status));
  const beat = (k: number, b: Partial<Extract<WorkerEvent, { t: "beat" }>> = {}) =>
    events[k]({ t: "beat", sched: k, procs: 1, timers: 0, sent: 0, received: 0, busy: false, ...b });
  const status = async () => (await new Promise((r) => setTimeout(r, 0)), settled);
  return { run, events, beat, status };
}

describe("run end detection", () => {
  it("ends normally once main has ended and two full rounds of beats show nothing left", async () => {
    const { events, beat, status } = fakeRun();
    events[0]({ t: "main-exit", reason: "normal", crashed: false });
    beat(0, { procs: 0 });
    beat(1, { procs: 0 });
    expect(await status()).toBeUndefined();
    beat(0, { procs: 0 });
    beat(1, { procs: 0 });
    expect(await status()).toBe("normal");
  });

  it("reports a deadlock after three quiet rounds while main still waits", async () => {
    const { beat, status } = fakeRun();
    for (let round = 0; round < 3; round++) {
      expect(await status()).toBeUndefined();
      beat(0);
      beat(1);
    }
    expect(await status()).toBe("deadlock");
  });

  it("is not fooled by a worker whose last beat is stale (starved of CPU): no verdict until it beats again", async () => {
    const { beat, status } = fakeRun();
    beat(1); // worker 1 beats once, then goes silent (busy, or starved)
    for (let i = 0; i < 10; i++) beat(0);
    expect(await status()).toBeUndefined();
  });

  it("keeps a stalled run going on the page and says so once, so the learner can Kill or Stop", async () => {
    const { run, beat, status } = fakeRun({ endOnDeadlock: false });
    for (let round = 0; round < 6; round++) {
      beat(0);
      beat(1);
    }
    expect(await status()).toBeUndefined();
    expect(run.output.filter((l) => l.text.includes("deadlock"))).toHaveLength(1);
    run.end({ status: "stopped" });
  });
});
