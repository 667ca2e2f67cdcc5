/** The recording's path from worker threads to the host: one clock across workers, and nothing lost at the end. */
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { compile } from "../compile/index";
import type { TraceEvent } from "../kernel/trace";
import { runOnNode } from "./node-host";

const PING_PONG_ACROSS = `
import { Process, receive, self, send, spawnOpt, _ } from "beamlab";
import type { Pid } from "beamlab";

export async function pong() {
  Process.register(self(), "pong");
  for (;;) {
    const [from, n] = await receive([_, _]);
    send(from, ["pong", n]);
    if (n === 4) return;
  }
}

export default async function main() {
  Process.register(self(), "ping");
  const p = spawnOpt(pong, [], { scheduler: 1 });
  for (let n = 0; n < 5; n++) {
    send(p, [self(), n]);
    await receive(["pong", n]);
  }
}
`;

function compiled(source: string): string {
  const c = compile(source, { filename: "program.ts" });
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join("; "));
  return c.code;
}

type Send = Extract<TraceEvent, { k: "send" }>;
type Receive = Extract<TraceEvent, { k: "receive" }>;

describe("the recording on worker threads", () => {
  it("reads one clock in every thread as performance.timeOrigin + performance.now() (what a worker's trace origin is made of)", async () => {
    const here = performance.timeOrigin + performance.now();
    const there = await new Promise<{ origin: number; epoch: number }>((resolve, reject) => {
      const w = new Worker(
        "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ origin: performance.timeOrigin, epoch: performance.timeOrigin + performance.now() });",
        { eval: true },
      );
      w.once("message", (m) => (resolve(m), void w.terminate()));
      w.once("error", reject);
    });
    // Node 20's worker threads share the process's timeOrigin; a browser's workers each have their own.
    // Either way the sum is the same clock, which is what a worker's trace origin uses.
    // The worker read its clock after ours, within the time it took to start (well under a second).
    expect(there.epoch - here).toBeGreaterThanOrEqual(-2);
    expect(there.epoch - here).toBeLessThan(5000);
  });

  it("records ping on scheduler 0 and pong on scheduler 1 on one clock: every message is received after it was sent", async () => {
    const r = await runOnNode(compiled(PING_PONG_ACROSS), { schedulers: 2, timeoutMs: 20_000, trace: true });
    expect(r.status).toBe("normal");
    const store = r.trace!;
    const file = store.toJSON();
    const sends = file.events.filter((e): e is Send => e.k === "send" && (e.msg.startsWith("[#PID") || e.msg.startsWith("{:pong")));
    const receives = file.events.filter((e): e is Receive => e.k === "receive");
    expect(sends.map((e) => [e.s, e.msg.replace(/#PID<[^>]+>/, "pid")])).toEqual(
      [0, 1, 2, 3, 4].flatMap((n) => [
        [0, `[pid, ${n}]`],
        [1, `{:pong, ${n}}`],
      ]),
    );
    for (const s of sends) {
      const got = receives.find((e) => e.pid === s.to && e.msg === s.msg);
      expect(got, `receive of ${s.msg}`).toBeDefined();
      // Across threads: a receive never precedes its send (1 µs of rounding allowed).
      expect(got!.t).toBeGreaterThanOrEqual(s.t - 1);
    }
    expect(new Set(file.processes.map((p) => store.label(p.pid)))).toEqual(new Set(["ping", "pong"]));
    // Times are µs since the run's start, within the run.
    expect(Math.max(...file.events.map((e) => e.t))).toBeLessThanOrEqual(r.ms * 1000);
  });

  it("has the last exits before the run is reported ended, also when the run halts with processes still running", async () => {
    const source = `
import { receive, self, send, spawn, spawnOpt } from "beamlab";
import type { Pid } from "beamlab";
export async function waiter(parent: Pid) { send(parent, "ready"); await receive("never"); }
export default async function main() {
  spawn(waiter, self());
  spawnOpt(waiter, [self()], { scheduler: 1 });
  await receive("ready");
  await receive("ready");
}`;
    const r = await runOnNode(compiled(source), { schedulers: 2, timeoutMs: 20_000, trace: true, haltWhenMainExits: true });
    expect(r.status).toBe("normal");
    const file = r.trace!.toJSON();
    expect(file.processes).toHaveLength(3);
    // main returned (normal); both waiters were killed when the run halted: all three exits recorded.
    expect(file.processes.map((p) => p.reason).sort()).toEqual([":killed", ":killed", ":normal"]);
  });

  it("records nothing unless asked (runOnNode's default: the lessons' checks and the bench)", async () => {
    const r = await runOnNode(compiled(PING_PONG_ACROSS), { schedulers: 2, timeoutMs: 20_000 });
    expect(r.trace).toBeNull();
  });
});
