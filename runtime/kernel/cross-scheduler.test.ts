import { describe, expect, it } from "vitest";
import { IO, Process, TIMEOUT, link, monitor, receive, self, send, spawnOpt } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";
import { pidScheduler, type Pid } from "./term";

/** An "exported" worker function, registered with every scheduler as the program's exports. */
async function echo(): Promise<void> {
  for (;;) {
    const [from, m] = await receive();
    send(from, ["echo", m, pidScheduler(self())]);
  }
}
async function crasher(): Promise<void> {
  await receive("crash");
  throw new Error("remote boom");
}
async function counter(n: number): Promise<void> {
  const got: number[] = [];
  for (let i = 0; i < n; i++) got.push(await receive());
  IO.puts(`ordered=${got.every((v, i) => v === i)} count=${got.length}`);
}

function twoSchedulers() {
  const c = cluster(2);
  for (const s of c.schedulers) s.setProgram({ echo, crasher, counter });
  return c;
}

describe("across schedulers", () => {
  it("spawns an exported function on another scheduler and talks to it", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      const pid = spawnOpt(echo, [], { scheduler: 1 });
      send(pid, [self(), "hi"]);
      IO.inspect(await receive());
    });
    await c.drain();
    expect(c.out).toEqual(['{:echo, "hi", 1}']);
  });

  it("refuses to place a closure on another scheduler, saying why", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      try {
        spawnOpt(async () => {}, [], { scheduler: 1 });
      } catch (e) {
        IO.puts((e as Error).message);
      }
    });
    await c.drain();
    expect(c.out[0]).toMatch(/closure.*Export it from the program's top level/);
  });

  it("keeps order between two processes on different schedulers (100k messages)", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      const rx = spawnOpt(counter, [100_000], { scheduler: 1 });
      for (let i = 0; i < 100_000; i++) send(rx, i);
    });
    await c.drain();
    expect(c.out).toEqual(["ordered=true count=100000"]);
  });

  it("propagates a crash over a link to another scheduler", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const pid = spawnOpt(crasher, [], { scheduler: 1, link: true });
      send(pid, "crash");
      const [tag, from, reason] = await receive(["EXIT", _, _]);
      IO.puts(`${tag} ${from === pid} ${reason[1]}`);
    });
    await c.drain();
    expect(c.out).toEqual(["EXIT true remote boom"]);
  });

  it("monitors a process on another scheduler, and gets noproc for a dead one", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      const pid = spawnOpt(crasher, [], { scheduler: 1 });
      const ref = monitor(pid);
      send(pid, "crash");
      const down = await receive(["DOWN", ref, "process", pid, _]);
      IO.puts(`down ${down[4][0]}`);
      const ref2 = monitor(pid);
      const again = await receive(["DOWN", ref2, _, _, _]);
      IO.puts(`again ${again[4]}`);
    });
    await c.drain();
    expect(c.out).toEqual(["down error", "again noproc"]);
  });

  it("links to a process on another scheduler after it was spawned", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const pid = spawnOpt(crasher, [], { scheduler: 1 });
      link(pid);
      send(pid, "crash");
      const m = await receive(["EXIT", pid, _], { after: 100 });
      IO.puts(m === TIMEOUT ? "no exit" : "exit arrived");
    });
    await c.advance(200, 10);
    expect(c.out).toEqual(["exit arrived"]);
  });

  it("resolves a name registered on another scheduler and answers Process.info across", async () => {
    const c = twoSchedulers();
    c.spawn(1, async () => {
      Process.register(self(), "svc");
      const [from] = await receive();
      send(from, "pong");
      await receive();
    });
    c.spawn(0, async () => {
      await Process.sleep(5);
      const svc = Process.whereis("svc") as Pid;
      send("svc", [self()]);
      IO.puts(await receive());
      const info = await Process.info(svc);
      IO.puts(`${info?.registeredName} on ${info?.scheduler}`);
      IO.puts(`alive ${await Process.alive(svc)}`);
      IO.puts(`listed ${(await Process.list()).includes(svc)}`);
      Process.exit(svc, "kill");
    });
    await c.advance(20);
    expect(c.out).toEqual(["pong", "svc on 1", "alive true", "listed true"]);
  });

  it("tells linked processes elsewhere when a scheduler is lost", async () => {
    const c = twoSchedulers();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const pid = spawnOpt(echo, [], { scheduler: 1, link: true });
      const ref = monitor(pid);
      IO.inspect(await receive(["EXIT", pid, _]));
      IO.inspect((await receive(["DOWN", ref, _, _, _]))[4]);
    });
    await c.drain();
    c.schedulers[1].killAll();
    c.schedulers[0].lostScheduler(1);
    await c.drain();
    expect(c.out[0]).toMatch(/\{:EXIT, #PID<0\.\d+\.1>, :killed\}/);
    expect(c.out[1]).toBe(":killed");
  });
});
