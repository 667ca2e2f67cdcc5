/**
 * Questions a process asks the host (Scheduler.askHost, System.measureMemory): the asker
 * waits like a receive and the host's answer wakes it through the run queue.
 */
import { describe, expect, it } from "vitest";
import { IO, System } from "./api";
import type { HostQuery, MemoryMeasurement } from "./protocol";
import { cluster } from "../../test/support/cluster";

describe("host questions", () => {
  it("park the asking process as waiting until the host answers, then resume it with the answer", async () => {
    const asked: Array<[number, HostQuery]> = [];
    const c = cluster(1, { hostQuery: (id, q) => asked.push([id, q]) });
    const s = c.schedulers[0];
    const pid = c.spawn(0, async () => {
      const v = await s.askHost({ kind: "memory" });
      IO.puts(`answer ${v}`);
    });
    await c.drain();
    expect(asked).toEqual([[expect.any(Number), { kind: "memory" }]]);
    expect(s.localInfo(pid)?.status).toBe("waiting");
    expect(c.out).toEqual([]);

    s.hostAnswer(asked[0][0], 42);
    expect(s.localInfo(pid)?.status).toBe("runnable");
    expect(c.out).toEqual([]);
    await c.drain();
    expect(c.out).toEqual(["answer 42"]);
    expect(s.procs.has(pid)).toBe(false);
  });

  it("take an answer given at once from inside the hook", async () => {
    const c = cluster(1, { hostQuery: (id) => c.schedulers[0].hostAnswer(id, "now") });
    c.spawn(0, async () => IO.puts(`got ${await c.schedulers[0].askHost({ kind: "memory" })}`));
    await c.drain();
    expect(c.out).toEqual(["got now"]);
  });

  it("drop an answer that comes after the asker died, and wake nobody else", async () => {
    const asked: number[] = [];
    const c = cluster(1, { hostQuery: (id) => asked.push(id) });
    const s = c.schedulers[0];
    const doomed = c.spawn(0, async () => {
      await s.askHost({ kind: "memory" });
      IO.puts("doomed woke");
    });
    const other = c.spawn(0, async () => {
      await s.receive("never");
      IO.puts("other woke");
    });
    await c.drain();
    c.spawn(0, () => s.exitPid(doomed, "kill"));
    await c.drain();
    s.hostAnswer(asked[0], 1);
    await c.drain();
    expect(c.out).toEqual([]);
    expect(s.localInfo(other)?.status).toBe("waiting");
  });

  it("System.measureMemory without a host measures this thread's heap on Node", async () => {
    const c = cluster(1);
    let m: MemoryMeasurement | undefined;
    c.spawn(0, async () => {
      m = await System.measureMemory();
    });
    await c.drain();
    expect(m).toMatchObject({ scope: "worker", precise: true });
    expect(m!.bytes).toBeGreaterThan(1_000_000);
  });
});
