/**
 * The page's side of System.measureMemory: picking the scheduler workers out of Chromium's
 * measureUserAgentSpecificMemory breakdown, and the run monitor's request/answer round.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { promptly, workerBytes, type UserAgentMemory } from "./page-memory";
import type { HostCommand, WorkerEvent } from "./protocol";
import { RunMonitor } from "./run-monitor";

const URL_ = "http://localhost:3000/_next/static/chunks/scheduler.worker.js";
const worker = (bytes: number, url = URL_) => ({ bytes, attribution: [{ scope: "DedicatedWorkerGlobalScope", url }], types: ["JavaScript"] });

/** Shaped like Chromium 156's answer on a page with two scheduler workers (recorded). */
const TWO_WORKERS: UserAgentMemory = {
  bytes: 54_227_357,
  breakdown: [
    { bytes: 169_381, attribution: [], types: ["Shared"] },
    { bytes: 257_996, attribution: [{ scope: "Window", url: "http://localhost:3000/lab/" }], types: ["JavaScript"] },
    worker(277_518),
    { bytes: 0, attribution: [], types: [] },
    worker(53_497_022),
    { bytes: 25_440, attribution: [], types: ["DOM"] },
  ],
};

describe("workerBytes", () => {
  it("sums every worker running the scheduler script, as the page's scope, leaving out the window and shared heaps", () => {
    expect(workerBytes(TWO_WORKERS, URL_)).toEqual({ bytes: 277_518 + 53_497_022, scope: "page", precise: true });
  });

  it("reports the worker's own heap when only one worker runs that script", () => {
    const m: UserAgentMemory = { bytes: 0, breakdown: [worker(1000), worker(5000, "http://localhost:3000/editor.worker.js")] };
    expect(workerBytes(m, URL_)).toEqual({ bytes: 1000, scope: "worker", precise: true });
  });

  it("is null when no worker of that script is listed", () => {
    expect(workerBytes({ bytes: 0, breakdown: [TWO_WORKERS.breakdown[1]] }, URL_)).toBeNull();
  });
});

describe("promptly (the browser answers at its next GC, 20-35 s away, unless forced eager)", () => {
  afterEach(() => vi.useRealTimers());

  /** A measurement the test resolves by hand, counting how often it was asked. */
  function browser() {
    const pending: Array<(v: string) => void> = [];
    const measure = () => new Promise<string>((resolve) => pending.push(resolve));
    return { measure, pending };
  }

  it("gives the browser's answer when it comes within the wait", async () => {
    vi.useFakeTimers();
    const b = browser();
    const ask = promptly(b.measure, 750);
    const answer = ask();
    await vi.advanceTimersByTimeAsync(100);
    b.pending[0]("measured");
    expect(await answer).toBe("measured");
  });

  it("answers null after the wait, and at once while the late answer is still pending, without asking again", async () => {
    vi.useFakeTimers();
    const b = browser();
    const ask = promptly(b.measure, 750);
    const first = ask();
    let settled: string | null | undefined;
    void first.then((v) => (settled = v));
    await vi.advanceTimersByTimeAsync(749);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeNull();

    // Asked again before the GC: no second request piles up, and no second wait.
    let second: string | null | undefined;
    void ask().then((v) => (second = v));
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBeNull();
    expect(b.pending).toHaveLength(1);

    // Once the late answer lands, the next ask measures (and waits) again.
    b.pending[0]("late");
    await vi.advanceTimersByTimeAsync(0);
    const third = ask();
    expect(b.pending).toHaveLength(2);
    b.pending[1]("fresh");
    expect(await third).toBe("fresh");
  });

  it("answers null when the browser refuses", async () => {
    const ask = promptly(() => Promise.reject(new DOMException("not isolated", "SecurityError")), 750);
    expect(await ask()).toBeNull();
  });
});

describe("run monitor memory requests", () => {
  /** A monitor over fake workers: returns the commands each got and a way to send events. */
  function fakeRun(measureMemory?: (url: string | undefined) => Promise<{ bytes: number; scope: "page"; precise: true } | null>) {
    const commands: HostCommand[][] = [];
    const events: Array<(ev: WorkerEvent) => void> = [];
    const run = new RunMonitor(
      {
        start(k) {
          commands[k] = [];
          return {
            postMessage: (cmd) => commands[k].push(cmd as HostCommand),
            addEventListener: (_, listener) => (events[k] = (ev) => listener({ data: ev })),
            removeEventListener() {},
            terminate() {},
          };
        },
        channel: () => [{} as MessagePort, {} as MessagePort],
      },
      { schedulers: 2, measureMemory },
    );
    run.start();
    return { run, commands, events };
  }
  const answers = (cmds: HostCommand[]) => cmds.filter((c) => c.t === "memory-answer");

  it("measure for the asking worker's script and answer that worker with the question's id", async () => {
    const urls: Array<string | undefined> = [];
    const { run, commands, events } = fakeRun(async (url) => (urls.push(url), { bytes: 1234, scope: "page", precise: true }));
    events[1]({ t: "memory-request", id: 9, url: URL_ });
    await new Promise((r) => setTimeout(r, 0));
    expect(urls).toEqual([URL_]);
    expect(answers(commands[1])).toEqual([{ t: "memory-answer", id: 9, bytes: 1234, scope: "page", precise: true }]);
    expect(answers(commands[0])).toEqual([]);
    run.end({ status: "stopped" });
  });

  it("answer null (the worker estimates) when the host cannot measure", async () => {
    const { run, commands, events } = fakeRun();
    events[0]({ t: "memory-request", id: 3 });
    await new Promise((r) => setTimeout(r, 0));
    expect(answers(commands[0])).toEqual([{ t: "memory-answer", id: 3, bytes: null, scope: "worker", precise: false }]);
    run.end({ status: "stopped" });
  });
});
