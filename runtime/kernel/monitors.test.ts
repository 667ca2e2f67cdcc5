import { describe, expect, it } from "vitest";
import { IO, Process, demonitor, exit, makeRef, monitor, receive, self, send, spawn, spawnOpt } from "./api";
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
    // demonitor answers true even though the monitor already fired (Erlang's demonitor/1); the DOWN is flushed.
    expect(c.out).toEqual(["true", '"after"', ":timeout"]);
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


describe("monitor by name", () => {
  it("delivers DOWN noproc at once, naming [name, node], when nobody holds the name", async () => {
    const c = cluster(2);
    c.spawn(0, async () => {
      const ref = monitor("nobody");
      const [tag, r, kind, who, reason] = (await receive(_, { after: 0 })) as unknown[];
      IO.inspect([tag, r === ref, kind, who, reason]);
    });
    await c.advance(10);
    expect(c.out).toEqual(["{:DOWN, true, :process, {:nobody, :nonode@nohost}, :noproc}"]);
  });

  it("names the process as [name, node] in its DOWN, across schedulers", async () => {
    const c = cluster(2);
    for (const sch of c.schedulers) sch.setProgram({ namedWorker });
    c.spawn(0, async () => {
      const worker = spawnOpt(namedWorker, [], { scheduler: 1 });
      await Process.sleep(5);
      const ref = monitor("worker");
      send(worker, "stop");
      const [, r, , who, reason] = (await receive(["DOWN", _, _, _, _])) as unknown[];
      IO.inspect(["down", r === ref, who, reason]);
    });
    await c.advance(50);
    expect(c.out).toEqual(['{:down, true, {:worker, :nonode@nohost}, "bye"}']);
  });
});

describe("demonitor", () => {
  it("answers true for a ref that was never a monitor", async () => {
    const c = cluster(1);
    c.spawn(0, () => IO.inspect(demonitor(makeRef())));
    await c.drain();
    expect(c.out).toEqual(["true"]);
  });
});

async function namedWorker() {
  Process.register(self(), "worker");
  await receive("stop");
  exit("bye");
}
