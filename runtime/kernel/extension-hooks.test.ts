import { describe, expect, it } from "vitest";
import { exit, receive } from "./api";
import { onSchedulerCreated } from "./current";
import type { Scheduler } from "./scheduler";
import { cluster } from "../../test/support/cluster";
import type { Pid } from "./term";

// Registered at module load, as runtime extensions do (before any scheduler is made).
const made: Scheduler[] = [];
const got: Array<[number, unknown, number]> = [];
onSchedulerCreated((s) => {
  made.push(s);
  s.onExt("test-ext", (data, from) => got.push([s.index, data, from]));
});

describe("extension hooks", () => {
  it("runs onSchedulerCreated on every scheduler, so ext handlers are there before the first signal", async () => {
    made.length = got.length = 0;
    const c = cluster(3);
    expect(made).toEqual(c.schedulers);
    c.spawn(1, () => c.schedulers[1].broadcastExt("test-ext", "hello"));
    await c.drain();
    expect(got.sort()).toEqual([
      [0, "hello", 1],
      [2, "hello", 1],
    ]);
  });

  it("tells onProcessExit hooks of every local exit, before links and monitors hear of it", async () => {
    const c = cluster(1);
    const s = c.schedulers[0];
    const seen: Array<[Pid, unknown]> = [];
    const order: string[] = [];
    s.onProcessExit((pid, reason) => {
      seen.push([pid, reason]);
      order.push(`hook ${reason}`);
    });
    const doomed = c.spawn(0, async () => {
      await receive("die");
      exit("bye");
    });
    c.spawn(0, async () => {
      s.monitor(doomed);
      s.send(doomed, "die");
      await receive();
      order.push("DOWN seen");
    });
    await c.drain();
    expect(seen.find(([pid]) => pid === doomed)?.[1]).toBe("bye");
    expect(order.indexOf("hook bye")).toBeLessThan(order.indexOf("DOWN seen"));
  });
});
