import { describe, expect, it } from "vitest";
import { IO, Process, receive, send } from "../kernel/api";
import { setActive } from "../kernel/current";
import { _ } from "../kernel/match";
import { cluster, type Cluster } from "../../test/support/cluster";
import { ETS } from "./ets";

/** Run `fn` against scheduler `i`'s replica, from outside any process (what a test can peek at). */
function on<T>(c: Cluster, i: number, fn: () => T): T {
  setActive(c.schedulers[i]);
  try {
    return fn();
  } finally {
    setActive(null);
  }
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
    return "no error";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("ETS tables", () => {
  it("keeps one object per key in a set, many in a bag, duplicates only in a duplicate_bag", async () => {
    const c = cluster();
    c.spawn(0, () => {
      for (const type of ["set", "bag", "duplicate_bag"] as const) {
        const t = ETS.new(type, { type });
        ETS.insert(t, ["k", 1]);
        ETS.insert(t, ["k", 2]);
        ETS.insert(t, ["k", 2]);
        IO.puts(`${type}: ${JSON.stringify(ETS.lookup(t, "k"))} size ${ETS.info(t)!.size}`);
      }
    });
    await c.drain();
    expect(c.out).toEqual([
      'set: [["k",2]] size 1',
      'bag: [["k",1],["k",2]] size 2',
      'duplicate_bag: [["k",1],["k",2],["k",2]] size 3',
    ]);
  });

  it("inserts lists of tuples, finds tuple keys by value, deletes keys and objects, lists the table", async () => {
    const c = cluster();
    c.spawn(0, () => {
      const t = ETS.new("users", { type: "bag" });
      ETS.insert(t, [
        [["user", 1], "ada"],
        [["user", 2], "grace"],
        [["user", 2], "hopper"],
      ]);
      IO.puts(JSON.stringify(ETS.lookup(t, ["user", 1])));
      ETS.deleteObject(t, [["user", 2], "grace"]);
      IO.puts(JSON.stringify(ETS.lookup(t, ["user", 2])));
      ETS.delete(t, ["user", 1]);
      IO.puts(`member ${ETS.member(t, ["user", 1])} ${ETS.member(t, ["user", 2])}`);
      IO.puts(JSON.stringify(ETS.tab2list(t)));
    });
    await c.drain();
    expect(c.out).toEqual(['[[["user",1],"ada"]]', '[[["user",2],"hopper"]]', "member false true", '[[["user",2],"hopper"]]']);
  });

  it("copies objects in and out: changing a tuple never changes the table", async () => {
    const c = cluster();
    c.spawn(0, () => {
      const t = ETS.new("t");
      const row = ["k", { n: 1 }];
      ETS.insert(t, row);
      (row[1] as { n: number }).n = 2;
      const [got] = ETS.lookup(t, "k");
      (got[1] as { n: number }).n = 3;
      IO.puts(JSON.stringify(ETS.lookup(t, "k")));
    });
    await c.drain();
    expect(c.out).toEqual(['[["k",{"n":1}]]']);
  });

  it("refuses a second table under a taken name, and frees the name when the table is deleted", async () => {
    const c = cluster();
    c.spawn(0, () => {
      ETS.new("cache");
      IO.puts(errorOf(() => ETS.new("cache")));
      ETS.deleteTable("cache");
      IO.puts(`${ETS.info("cache")} ${ETS.new("cache")}`);
      IO.puts(errorOf(() => ETS.lookup("nope", 1)));
    });
    await c.drain();
    expect(c.out).toEqual([
      'ETS.new: a table named "cache" already exists (badarg)',
      "undefined cache",
      'ETS.lookup: no table named "nope" (badarg)',
    ]);
  });

  describe.each([1, 2])("on %i scheduler(s)", (n) => {
    const last = n - 1;

    it("lets only the owner write a protected table (badarg for others), and anyone write a public one", async () => {
      const c = cluster(n);
      c.spawn(0, async () => {
        ETS.new("prot");
        ETS.new("pub", { access: "public" });
        ETS.insert("prot", ["owner", true]);
        await receive("never");
      });
      await c.drain();
      c.spawn(last, () => {
        IO.puts(errorOf(() => ETS.insert("prot", ["other", true])).replace(/#PID<[^>]+>/, "PID"));
        IO.puts(errorOf(() => ETS.delete("prot", "owner")).includes("(badarg)") ? "delete: badarg" : "delete allowed?");
        IO.puts(JSON.stringify(ETS.lookup("prot", "owner")));
        ETS.insert("pub", ["other", true]);
        IO.puts(JSON.stringify(ETS.lookup("pub", "other")));
      });
      await c.drain();
      expect(c.out).toEqual([
        'ETS.insert: the table "prot" is protected: only its owner PID may write (create it with access: "public" to share writes) (badarg)',
        "delete: badarg",
        '[["owner",true]]',
        '[["other",true]]',
      ]);
    });

    it("deletes the table on every scheduler when its owner dies", async () => {
      const c = cluster(n);
      const owner = c.spawn(0, async () => {
        ETS.new("mine", { access: "public" });
        ETS.insert("mine", ["k", 1]);
        await receive("stop");
        throw new Error("owner crashed");
      });
      await c.drain();
      expect(c.schedulers.map((_s, i) => on(c, i, () => ETS.info("mine")?.size))).toEqual(new Array(n).fill(1));
      c.spawn(last, () => send(owner, "stop"));
      await c.drain();
      expect(c.schedulers.map((_s, i) => on(c, i, () => ETS.info("mine")))).toEqual(new Array(n).fill(undefined));
      c.spawn(last, () => IO.puts(errorOf(() => ETS.lookup("mine", "k"))));
      await c.drain();
      expect(c.out).toEqual(['ETS.lookup: no table named "mine" (badarg)']);
    });

    it("answers reads at once while the owner is blocked and never receives (no queueing behind a process)", async () => {
      const c = cluster(n);
      c.spawn(0, async () => {
        ETS.new("config");
        ETS.insert("config", ["mode", "fast"]);
        await receive("never comes");
      });
      await c.drain();
      c.spawn(last, () => {
        const r = ETS.lookup("config", "mode"); // synchronous: an array, not a Promise
        IO.puts(`${Array.isArray(r)} ${JSON.stringify(r)}`);
      });
      await c.drain();
      expect(c.out).toEqual(['true [["mode","fast"]]']);
      expect(c.schedulers[0].procs.size).toBe(1); // the owner is still there, blocked
    });

    it("updateCounter from every scheduler at once loses no increment and hands out distinct values", async () => {
      const c = cluster(n);
      const got: number[] = [];
      c.spawn(0, async () => {
        ETS.new("counters", { access: "public" });
        ETS.insert("counters", ["hits", 0]);
        await receive("never");
      });
      await c.drain();
      for (let i = 0; i < n; i++) {
        for (let w = 0; w < 3; w++) {
          c.spawn(i, async () => {
            for (let k = 0; k < 50; k++) {
              got.push(await ETS.updateCounter("counters", "hits", 1));
              if (k % 7 === 0) await Process.sleep(0);
            }
          });
        }
      }
      await c.advance(20);
      const total = n * 3 * 50;
      expect(got.length).toBe(total);
      expect(new Set(got).size).toBe(total);
      expect(Math.max(...got)).toBe(total);
      for (let i = 0; i < n; i++) expect(on(c, i, () => ETS.lookup("counters", "hits"))).toEqual([["hits", total]]);
    });

    it("updateCounter creates a missing counter from a default object, and is badarg without one or on a bag", async () => {
      const c = cluster(n);
      c.spawn(0, async () => {
        ETS.new("c", { access: "public" });
        ETS.new("b", { access: "public", type: "bag" });
        await receive("never");
      });
      await c.drain();
      c.spawn(last, async () => {
        IO.puts(String(await ETS.updateCounter("c", "visits", 5, ["visits", 10, "extra"])));
        IO.puts(JSON.stringify(ETS.lookup("c", "visits")));
        for (const t of ["c", "b"]) {
          try {
            await ETS.updateCounter(t, "missing", 1);
          } catch (e) {
            IO.puts((e as Error).message);
          }
        }
      });
      await c.drain();
      expect(c.out).toEqual([
        "15",
        '[["visits",15,"extra"]]',
        'ETS.updateCounter: no object with key "missing" (pass a default object to create it) (badarg)',
        'ETS.updateCounter: the table "b" is a bag: counters need a set (badarg)',
      ]);
    });
  });

  describe("across two schedulers", () => {
    it("shows a write on scheduler 0 on scheduler 1 once the slice's outbox is flushed, and not before", async () => {
      const c = cluster(2);
      let seenBeforeFlush: unknown = "unset";
      c.spawn(0, async () => {
        ETS.new("t");
        ETS.insert("t", ["k", "v"]);
        seenBeforeFlush = on(c, 1, () => ETS.info("t"));
        setActive(c.schedulers[0]);
        await receive("never"); // the owner stays alive, so its table does too
      });
      await c.drain();
      expect(seenBeforeFlush).toBeUndefined();
      expect(on(c, 1, () => ETS.lookup("t", "k"))).toEqual([["k", "v"]]);
    });

    it("delivers a write before any message the writer sends after it", async () => {
      const c = cluster(2);
      const reader = c.spawn(1, async () => {
        const [, key] = await receive(["written", _]);
        IO.puts(JSON.stringify(ETS.lookup("t", key)));
      });
      c.spawn(0, async () => {
        ETS.new("t");
        ETS.insert("t", ["k", 1]);
        send(reader, ["written", "k"]);
        await receive("never");
      });
      await c.drain();
      expect(c.out).toEqual(['[["k",1]]']);
    });

    it("lets a writer on another scheduler read its own write at once, and makes every replica converge", async () => {
      const c = cluster(2);
      c.spawn(0, async () => {
        ETS.new("shared", { access: "public" });
        await receive("never");
      });
      await c.drain();
      for (let i = 0; i < 2; i++) {
        c.spawn(i, async () => {
          for (let k = 0; k < 40; k++) {
            ETS.insert("shared", ["same", i, k]);
            const [mine] = ETS.lookup("shared", "same");
            if (mine[1] !== i || mine[2] !== k) IO.puts(`sched ${i} lost its own write ${k}: ${JSON.stringify(mine)}`);
            ETS.insert("shared", [`own${i}`, k]);
            if (k % 5 === 0) await Process.sleep(0);
          }
        });
      }
      await c.advance(10);
      expect(c.out).toEqual([]);
      const views = [0, 1].map((i) => on(c, i, () => JSON.stringify(ETS.tab2list("shared").sort())));
      expect(views[0]).toBe(views[1]);
      expect(on(c, 0, () => ETS.lookup("shared", "own1"))).toEqual([["own1", 39]]);
    });

    it("never lets a concurrent write ordered earlier at home hide a writer's own pending write", async () => {
      const c = cluster(2);
      c.spawn(0, async () => {
        ETS.new("race", { access: "public" });
        await receive("never");
      });
      await c.drain();
      // Watch scheduler 1's replica after every batch it receives.
      const seen: string[] = [];
      const s1 = c.schedulers[1];
      const deliver = s1.deliver.bind(s1);
      s1.deliver = (sigs) => {
        deliver(sigs);
        seen.push(JSON.stringify(on(c, 1, () => ETS.lookup("race", "k"))));
      };
      // Both write "k" in the same round: home orders 0's write first, then 1's forwarded one.
      c.spawn(0, () => void ETS.insert("race", ["k", "from 0"]));
      c.spawn(1, () => void ETS.insert("race", ["k", "from 1"]));
      await c.drain();
      expect(seen.length).toBeGreaterThan(1);
      expect(new Set(seen)).toEqual(new Set(['[["k","from 1"]]']));
      expect(on(c, 0, () => ETS.lookup("race", "k"))).toEqual([["k", "from 1"]]);
    });

    it("lets a process on another scheduler delete a public table", async () => {
      const c = cluster(2);
      c.spawn(0, async () => {
        ETS.new("gone", { access: "public" });
        await receive("never");
      });
      await c.drain();
      c.spawn(1, () => ETS.deleteTable("gone"));
      await c.drain();
      expect([0, 1].map((i) => on(c, i, () => ETS.info("gone")))).toEqual([undefined, undefined]);
    });

    it("resolves a name created at the same instant on two schedulers: the lower scheduler wins", async () => {
      const c = cluster(2);
      const owners = [0, 1].map((i) =>
        c.spawn(i, async () => {
          ETS.new("clash", { access: "public" });
          ETS.insert("clash", ["from", i]);
          await receive("never");
        }),
      );
      await c.drain();
      expect([0, 1].map((i) => on(c, i, () => ETS.lookup("clash", "from")))).toEqual([[["from", 0]], [["from", 0]]]);
      expect(c.exits.find(([pid]) => pid === owners[1])?.[1]).toEqual([
        "badarg",
        'ETS.new: the table name "clash" was created at the same time on scheduler 0, which wins',
      ]);
    });
  });
});
