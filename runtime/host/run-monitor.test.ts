/** How a run's end is judged from worker beats: normal, deadlock, and not fooled by a stale beat. */
import { describe, expect, it } from "vitest";
import type { Pid } from "../kernel/term";
import type { WorkerEvent } from "./protocol";
import { describeRunEnd, RunMonitor, type MainExit, type MonitorOptions } from "./run-monitor";

function fakeRun(opts: Partial<MonitorOptions> = {}) {
  const events: Array<(ev: WorkerEvent) => void> = [];
  const commands: Array<[number, string]> = [];
  const run = new RunMonitor(
    {
      start(k) {
        return {
          postMessage: (cmd: { t: string }) => commands.push([k, cmd.t]),
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
  return { run, events, commands, beat, status };
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

describe("when main returns", () => {
  it("ends the run at once with haltWhenMainExits (the runner, as elixir script.exs), stopping what still runs", async () => {
    const { run, events, beat, commands, status } = fakeRun({ haltWhenMainExits: true });
    beat(0, { procs: 3, busy: true });
    beat(1, { procs: 2, timers: 1 });
    events[0]({ t: "main-exit", reason: "normal", crashed: false });
    expect(await status()).toBe("normal");
    const result = await run.finish();
    expect(result.status).toBe("normal");
    expect(result.message).toBeUndefined();
    expect(commands.filter(([, t]) => t === "stop").map(([k]) => k)).toEqual([0, 1]);
  });

  it("goes on while other processes run without it (the page, lessons' checks, --no-halt), and tells the host main ended", async () => {
    const heard: MainExit[] = [];
    const { run, events, beat, status } = fakeRun({ onMainExit: (e) => heard.push(e) });
    events[0]({ t: "main-exit", reason: "normal", crashed: false });
    for (let round = 0; round < 4; round++) beat(0, { procs: 1, timers: 1 }), beat(1, { procs: 0 });
    expect(await status()).toBeUndefined();
    expect(heard).toEqual([{ reason: "normal", crashed: false, cause: undefined }]);
    run.end({ status: "stopped" });
  });
});

describe("the report of main's end", () => {
  const boom = ["error", "boom", "program.ts:5: <anonymous>"];

  it("says main exited because a linked process exited, naming it and its reason", async () => {
    const { run, events, status } = fakeRun();
    events[0]({ t: "main-exit", reason: boom, crashed: true, cause: { from: "#PID<0.4.1>" as Pid, link: true } });
    expect(await status()).toBe("crashed");
    const end = await run.finish();
    expect(describeRunEnd(end)).toBe("** main exited because linked #PID<0.4.1> exited with an exception: boom");
  });

  it("prints a reason that is not an exception as Elixir does", () => {
    expect(describeRunEnd({ status: "crashed", reason: "killed", cause: { from: "#PID<0.4.0>" as Pid, link: true } })).toBe(
      "** main exited because linked #PID<0.4.0> exited with :killed",
    );
  });

  it("names the sender of an exit signal that was not a link", () => {
    expect(describeRunEnd({ status: "crashed", reason: "bye", cause: { from: "#PID<0.5.0>" as Pid, link: false } })).toBe(
      '** main exited with "bye", an exit signal from #PID<0.5.0> (Process.exit)',
    );
  });

  it("still says main crashed when main itself raised", () => {
    expect(describeRunEnd({ status: "crashed", reason: boom })).toBe("** main crashed: boom");
  });
});

describe("the watchdog", () => {
  it("does not take a worker that is still booting for a stuck one; once it has spoken, its silence counts", async () => {
    const { run, events, commands } = fakeRun({ stuckMs: 50 });
    run.load("/* program */");
    await new Promise((r) => setTimeout(r, 400)); // neither worker has said anything yet: booting
    expect(commands.filter(([, t]) => t === "init")).toHaveLength(2); // no restart (a restart inits again)
    events[0]({ t: "ready", sched: 0 });
    events[1]({ t: "ready", sched: 1 });
    await new Promise((r) => setTimeout(r, 400)); // now both are silent past stuckMs
    expect(commands.filter(([, t]) => t === "init").length).toBeGreaterThan(2);
    run.stop();
  });
});

