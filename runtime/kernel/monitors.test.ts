import { describe, expect, it } from "vitest";
import { IO, Process, demonitor, exit, monitor, receive, self, send, spawn } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";

describe("demonitor", () => {
  it("with flush removes a DOWN that already arrived, and leaves other messages", async () => {
    const c = cluster(2);
    c.spawn(0, async () => {
      const child = spawn(async () => exit("boom"));
      const ref = monitor(child);
      await Process.sleep(10); // the DOWN is queued now
      send(self(), "after");
      IO.inspect(demonitor(ref, { flush: true }));
      IO.inspect(await receive(_, { after: 0 }));
      IO.inspect(await receive(_, { after: 0 }));
    });
    await c.advance(50);
    // demonitor answers false: the monitor was already gone (it fired); the DOWN is flushed.
    expect(c.out).toEqual(["false", '"after"', ":timeout"]);
  });

  it("without flush leaves the DOWN in the mailbox", async () => {
    const c = cluster(1);
    c.spawn(0, async () => {
      const child = spawn(async () => exit("boom"));
      const ref = monitor(child);
      await Process.sleep(10);
      demonitor(ref);
      const [tag, r, , , reason] = (await receive(_, { after: 0 })) as unknown[];
      IO.inspect([tag, r === ref, reason]);
    });
    await c.advance(50);
    expect(c.out).toEqual(['{:DOWN, true, "boom"}']);
  });

  it("with flush on a live monitor stops the DOWN from ever arriving (a monitor across schedulers)", async () => {
    const c = cluster(2);
    c.spawn(0, async () => {
      const child = spawn(async () => {
        await receive("go");
        exit("boom");
      });
      const ref = monitor(child);
      IO.inspect(demonitor(ref, { flush: true }));
      send(child, "go");
      IO.inspect(await receive(_, { after: 20 }));
    });
    await c.advance(50);
    expect(c.out).toEqual(["true", ":timeout"]);
  });
});

