import { describe, expect, it } from "vitest";
import { IO, Process, receive, self } from "../kernel/api";
import { setActive } from "../kernel/current";
import { cluster, type Cluster } from "../../test/support/cluster";
import { Exit, type Pid } from "../kernel/term";
import { GenServer, type GenServerModule } from "./gen-server";
import { Registry } from "./registry";

/** Run `fn` against scheduler `i` from outside any process. */
function on<T>(c: Cluster, i: number, fn: () => T): T {
  setActive(c.schedulers[i]);
  try {
    return fn();
  } finally {
    setActive(null);
  }
}

/** A process that registers under `key` with `value`, reports, and then waits for "stop". */
function registrant(reg: string, key: unknown, value: unknown, report: unknown[]) {
  return async () => {
    report.push([self(), await Registry.register(reg, key, value)]);
    await receive("stop");
  };
}

/** A counter server for via-name tests. */
const Counter: GenServerModule<number, number> = {
  name: "Counter",
  init: (n) => ["ok", n],
  handleCall: (req, _from, n) => (req === "next" ? ["reply", n + 1, n + 1] : ["reply", n, n]),
};

async function startRegistry(c: Cluster, keys: "unique" | "duplicate", name = "Reg"): Promise<Pid> {
  let pid: Pid | undefined;
  c.spawn(0, async () => {
    const r = await Registry.start({ keys, name });
    pid = r[1] as Pid;
    await receive("never"); // the registry is not linked; keep the test's starter around anyway
  });
  await c.drain();
  return pid!;
}

describe("Registry", () => {
  describe.each([1, 2])("on %i scheduler(s)", (n) => {
    const last = n - 1;

    it("gives a unique key to the first registrant and tells the next who holds it", async () => {
      const c = cluster(n);
      const reg = await startRegistry(c, "unique");
      const got: unknown[] = [];
      const first = c.spawn(last, registrant("Reg", "room", "first", got));
      await c.drain();
      const second = c.spawn(0, registrant("Reg", "room", "second", got));
      await c.drain();
      expect(got).toEqual([
        [first, ["ok", reg]],
        [second, ["error", ["already_registered", first]]],
      ]);
      for (let i = 0; i < n; i++) {
        expect(on(c, i, () => Registry.lookup("Reg", "room"))).toEqual([[first, "first"]]);
        expect(on(c, i, () => Registry.count("Reg"))).toBe(1);
      }
    });

    it("keeps every registrant of a duplicate key, and lists a pid's keys", async () => {
      const c = cluster(n);
      await startRegistry(c, "duplicate");
      const got: unknown[] = [];
      const a = c.spawn(0, registrant("Reg", "topic", "a", got));
      const b = c.spawn(last, registrant("Reg", "topic", "b", got));
      await c.drain();
      c.spawn(last, async () => {
        await Registry.register("Reg", "other", 1);
        IO.puts(JSON.stringify(Registry.keys("Reg", self())));
      });
      await c.drain();
      for (let i = 0; i < n; i++) {
        const found = on(c, i, () => Registry.lookup("Reg", "topic"));
        expect(new Set(found.map(([pid, v]) => `${pid}=${v}`))).toEqual(new Set([`${a}=a`, `${b}=b`]));
        expect(on(c, i, () => Registry.keys("Reg", a))).toEqual(["topic"]);
      }
      expect(c.out).toEqual(['["other"]']);
    });

    it("unregisters the caller's key", async () => {
      const c = cluster(n);
      await startRegistry(c, "unique");
      c.spawn(last, async () => {
        await Registry.register("Reg", "k", 1);
        IO.puts(await Registry.unregister("Reg", "k"));
        IO.puts(JSON.stringify([Registry.lookup("Reg", "k"), Registry.keys("Reg", self()), Registry.count("Reg")]));
        IO.puts(JSON.stringify((await Registry.register("Reg", "k", 2))[0]));
        await receive("never");
      });
      await c.drain();
      expect(c.out).toEqual(["ok", "[[],[],0]", '"ok"']);
    });

    it("removes a registrant's entries on every scheduler when it dies", async () => {
      const c = cluster(n);
      await startRegistry(c, "duplicate");
      const got: unknown[] = [];
      const doomed = c.spawn(last, registrant("Reg", "k", "doomed", got));
      const stays = c.spawn(0, registrant("Reg", "k", "stays", got));
      await c.drain();
      expect(on(c, 0, () => Registry.count("Reg"))).toBe(2);
      c.spawn(0, () => Process.exit(doomed, "kill"));
      await c.drain();
      for (let i = 0; i < n; i++) {
        expect(on(c, i, () => Registry.lookup("Reg", "k"))).toEqual([[stays, "stays"]]);
        expect(on(c, i, () => Registry.keys("Reg", doomed))).toEqual([]);
      }
    });

    it("names a GenServer by via-name: start, call from anywhere, already_started, released on death", async () => {
      const c = cluster(n);
      await startRegistry(c, "unique");
      const name = { via: ["Reg", ["counter", 1]] as const };
      let server: Pid | undefined;
      c.spawn(last, async () => {
        const [ok, pid] = await GenServer.start(Counter, 10, { name });
        server = pid as Pid;
        IO.puts(`${ok} ${await GenServer.call(name, "next")}`); // at once, from the starting scheduler
        const again = await GenServer.start(Counter, 0, { name });
        IO.puts(JSON.stringify(again) === JSON.stringify(["error", ["already_started", pid]]) ? "already_started" : JSON.stringify(again));
        await receive("never");
      });
      await c.drain();
      c.spawn(0, async () => {
        IO.puts(`from 0: ${await GenServer.call(name, "next")}`);
        IO.puts(`whereis: ${GenServer.whereis(name) === server}`);
        await GenServer.stop(name);
      });
      await c.drain();
      for (let i = 0; i < n; i++) expect(on(c, i, () => Registry.lookup("Reg", ["counter", 1]))).toEqual([]);
      c.spawn(last, async () => {
        const [ok, pid] = await GenServer.start(Counter, 100, { name });
        IO.puts(`restarted ${ok} ${pid !== server} ${await GenServer.call(name, "next")}`);
        await receive("never");
      });
      await c.drain();
      expect(c.out).toEqual(["ok 11", "already_started", "from 0: 12", "whereis: true", "restarted ok true 101"]);
    });

    it("answers lookups without involving the registry process (its mailbox and reductions do not move)", async () => {
      const c = cluster(n);
      const reg = await startRegistry(c, "unique");
      c.spawn(last, async () => {
        await Registry.register("Reg", "hot", 42);
        await receive("never");
      });
      await c.drain();
      const proc = c.schedulers[0].procs.get(reg)!;
      const before = proc.reductions;
      c.spawn(last, () => {
        let sum = 0;
        for (let i = 0; i < 1000; i++) sum += Registry.lookup("Reg", "hot")[0][1] as number;
        IO.puts(String(sum));
      });
      await c.drain();
      expect(c.out).toEqual(["42000"]);
      expect(proc.reductions).toBe(before);
      expect(proc.mailbox.length).toBe(0);
    });
  });

  it("exits a GenServer call with noproc for a via-name nobody holds, and says which registry is unknown", async () => {
    const c = cluster();
    await startRegistry(c, "unique");
    c.spawn(0, async () => {
      try {
        await GenServer.call({ via: ["Reg", "nobody"] }, "hi");
      } catch (e) {
        IO.puts(JSON.stringify(((e as Exit).reason as unknown[])[0]));
      }
      try {
        Registry.lookup("Nope", 1);
      } catch (e) {
        IO.puts((e as Error).message.split(" (")[0]);
      }
    });
    await c.drain();
    expect(c.out).toEqual(['"noproc"', 'Registry.lookup: unknown registry "Nope"']);
  });

  it("decides a via-name registered at the same instant on two schedulers in one place: the latecomer exits", async () => {
    const c = cluster(2);
    await startRegistry(c, "unique");
    const name = { via: ["Reg", "single"] as const };
    for (const i of [1, 0]) {
      c.spawn(i, async () => {
        await GenServer.start(Counter, i, { name });
        await receive("never");
      });
    }
    await c.drain();
    // Scheduler 0 holds the registry's home table: its start is decided exactly and wins;
    // scheduler 1 reserved the name locally and is refused by the registry process.
    const holder = on(c, 1, () => Registry.lookup("Reg", "single"))[0][0];
    expect(on(c, 0, () => Registry.lookup("Reg", "single"))).toEqual([[holder, null]]);
    expect(holder.endsWith(".0>")).toBe(true);
    const loser = c.exits.find(([, r]) => Array.isArray(r) && r[0] === "already_registered");
    expect(loser?.[1]).toEqual(["already_registered", holder]);
    expect(loser?.[0].endsWith(".1>")).toBe(true);
    c.spawn(1, async () => IO.puts(String(await GenServer.call(name, "get"))));
    await c.drain();
    expect(c.out).toEqual(["0"]);
  });
});
