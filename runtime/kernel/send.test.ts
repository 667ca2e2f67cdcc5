import { describe, expect, it } from "vitest";
import { IO, Process, TIMEOUT, link, monitor, receive, self, send, spawn, spawnOpt } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";
import { makePid, pidScheduler, type Pid } from "./term";

async function sink(): Promise<void> {
  for (;;) IO.inspect(await receive(), { label: `sink on ${pidScheduler(self())} got` });
}

function twoSchedulers() {
  const c = cluster(2);
  for (const s of c.schedulers) s.setProgram({ sink });
  return c;
}

describe("send across schedulers", () => {
  it("refuses a function at the send, naming where it sits, and loses nothing else", async () => {
    const c = twoSchedulers();
    let far: Pid | undefined;
    c.spawn(0, async () => {
      far = spawnOpt(sink, [], { scheduler: 1 });
      send(far, "before");
      try {
        send(far, ["run", (x: number) => x + 1]);
      } catch (e) {
        IO.puts((e as Error).message);
      }
      send(far, "after");
    });
    await c.drain();
    expect(c.out).toEqual([
      `cannot send a function to ${far} on another scheduler: messages are plain data (found at msg[1])`,
      'sink on 1 got: "before"',
      'sink on 1 got: "after"',
    ]);
  });

  it("refuses a symbol or a Promise the same way", async () => {
    const c = twoSchedulers();
    let far: Pid | undefined;
    c.spawn(0, async () => {
      far = spawnOpt(sink, [], { scheduler: 1 });
      for (const msg of [{ tag: Symbol("s") }, [1, [Promise.resolve(1)]]]) {
        try {
          send(far, msg);
        } catch (e) {
          IO.puts((e as Error).message);
        }
      }
    });
    await c.drain();
    expect(c.out).toEqual([
      `cannot send a symbol (s) to ${far} on another scheduler: messages are plain data (found at msg.tag)`,
      `cannot send an instance of Promise to ${far} on another scheduler: messages are plain data (found at msg[1][0])`,
    ]);
  });

  it("refuses a function among spawn's arguments for another scheduler, before any process starts", async () => {
    const c = twoSchedulers();
    let main: Pid | undefined;
    c.spawn(0, async () => {
      main = self();
      try {
        spawnOpt(sink as (f: unknown) => Promise<void>, [() => 1], { scheduler: 1 });
      } catch (e) {
        IO.puts((e as Error).message);
      }
      IO.inspect(await Process.list());
    });
    await c.drain();
    expect(c.out[0]).toBe("cannot send a function to scheduler 1 as an argument of spawn: messages are plain data (found at msg[0])");
    expect(c.out[1]).toBe(`[${main}]`); // no process was started, here or on scheduler 1
  });

  it("keeps a function sent on one scheduler by reference (the README says so)", async () => {
    const c = cluster(1);
    const fn = () => 1;
    let got: unknown;
    c.spawn(0, async () => {
      const me = self();
      spawn(() => send(me, ["fn", fn]));
      got = (await receive(["fn", _]))[1];
    });
    await c.drain();
    expect(got).toBe(fn);
  });
});

describe("a pid this run cannot have", () => {
  it("is badarg at send, link, monitor, Process.exit and Process.register, and leaves nothing behind", async () => {
    const c = cluster(2);
    const fake = "#PID<0.5.7>" as Pid;
    const main = c.spawn(0, async () => {
      const calls: Array<[string, () => unknown]> = [
        ["send", () => send(fake, "hi")],
        ["link", () => link(fake)],
        ["monitor", () => monitor(fake)],
        ["exit", () => Process.exit(fake, "kill")],
        ["register", () => Process.register(fake, "ghost")],
        ["info", () => Process.info(fake)],
        ["garbled", () => link("#PID<nonsense>" as Pid)],
      ];
      for (const [what, call] of calls) {
        try {
          call();
          IO.puts(`${what}: no error`);
        } catch (e) {
          IO.puts(`${what}: ${(e as Error).message}`);
        }
      }
    });
    await c.drain();
    expect(c.out).toHaveLength(7);
    for (const line of c.out.slice(0, 6)) expect(line).toMatch(/#PID<0\.5\.7> names scheduler 7, but this run has 2 \(0\.\.1\).*\(badarg\)$/);
    expect(c.out[6]).toBe('garbled: link: expected a pid, got #PID<nonsense> (badarg)');
    // main ended normally with nothing left over: no link or monitor half pointing at scheduler 7.
    expect(c.exits).toEqual([[main, "normal"]]);
    expect(c.all.filter((l) => l.includes("[error]"))).toEqual([]);
  });

  it("does not keep messages for a made-up pid of another scheduler's range forever; a link to it is noproc", async () => {
    const c = cluster(2);
    // Ids are allocated id % schedulers = the spawner: 1001 would be scheduler 1's, for a process on 0.
    const madeUp = makePid(0, 1001);
    c.spawn(1, async () => {
      Process.flag("trap_exit", true);
      for (let i = 0; i < 100; i++) send(madeUp, ["flood", i]);
      link(madeUp);
      const ref = monitor(madeUp);
      IO.inspect(await receive(["EXIT", madeUp, _], { after: 1000 }));
      IO.inspect(await receive(["DOWN", ref, _, _, _], { after: 1000 }));
    });
    await c.drain();
    await c.advance(1000);
    expect(c.out).toEqual(['{:EXIT, #PID<0.1001.0>, :noproc}', expect.stringMatching(/^\{:DOWN, #Reference<[^>]+>, :process, #PID<0\.1001\.0>, :noproc\}$/)]);
    expect(c.out.some((l) => l === String(TIMEOUT))).toBe(false);
    expect(c.schedulers[0].early.size).toBe(0);
  });
});
