import { describe, expect, it } from "vitest";
import { IO, Process, TIMEOUT, exit, link, monitor, receive, self, send, spawn, spawnLink, spawnMonitor } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";
import type { Pid } from "./term";

describe("spawn, send and receive", () => {
  it("runs the API.md example: a child computes fib and sends it back", async () => {
    const c = cluster();
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    c.spawn(0, async () => {
      const parent = self();
      spawn(async () => send(parent, ["fib", fib(20)]));
      const [, x] = await receive(["fib", _]);
      IO.inspect(x, { label: "fib(20)" });
    });
    await c.drain();
    expect(c.out).toEqual(["fib(20): 6765"]);
  });

  it("delivers messages between two processes in the order they were sent", async () => {
    const c = cluster();
    const got: number[] = [];
    const rx = c.spawn(0, async () => {
      for (let i = 0; i < 100; i++) got.push(await receive());
    });
    c.spawn(0, () => {
      for (let i = 0; i < 100; i++) send(rx, i);
    });
    await c.drain();
    expect(got).toEqual([...Array(100).keys()]);
  });

  it("takes the oldest matching message and leaves the rest in order (selective receive)", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const me = self();
      send(me, ["a", 1]);
      send(me, ["b", 2]);
      send(me, ["a", 3]);
      IO.inspect(await receive(["b", _]));
      IO.inspect(await receive());
      IO.inspect(await receive());
    });
    await c.drain();
    expect(c.out).toEqual(["{:b, 2}", "{:a, 1}", "{:a, 3}"]);
  });

  it("wakes a receive only for a matching message, keeping non-matching ones queued", async () => {
    const c = cluster();
    let rx!: Pid;
    c.spawn(0, async () => {
      rx = spawn(async () => {
        const m = await receive((m: unknown) => m === "wanted");
        const info = Process.info(self()) as { messageQueueLen: number };
        IO.puts(`${m} with ${info.messageQueueLen} left`);
      });
      for (let i = 0; i < 5; i++) send(rx, "noise");
      await Process.sleep(10);
      send(rx, "wanted");
    });
    await c.advance(20);
    expect(c.out).toEqual(["wanted with 5 left"]);
  });

  it("gives a copy to the receiver: later mutation by the sender is not seen", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const me = self();
      const msg = { items: [1, 2] };
      send(me, msg);
      msg.items.push(3);
      IO.inspect((await receive()).items.length);
    });
    await c.drain();
    expect(c.out).toEqual(["2"]);
  });

  it("resolves to TIMEOUT when nothing matches in time, and polls with after: 0", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      IO.inspect((await receive("x", { after: 0 })) === TIMEOUT);
      const r = await receive("x", { after: 50 });
      IO.puts(r === TIMEOUT ? "timeout" : "message");
    });
    await c.drain();
    expect(c.out).toEqual(["true"]);
    await c.advance(49);
    expect(c.out).toEqual(["true"]);
    await c.advance(2);
    expect(c.out).toEqual(["true", "timeout"]);
  });

  it("cancels the receive timer when a message arrives first", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const me = self();
      Process.sendAfter(me, "hi", 10);
      IO.puts(String(await receive("hi", { after: 100 })));
      IO.puts(String((await receive(_, { after: 200 })) === TIMEOUT));
    });
    await c.advance(400, 5);
    expect(c.out).toEqual(["hi", "true"]);
    expect(c.schedulers[0].timers.size).toBe(0);
  });

  it("sleeps for the given time", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      await Process.sleep(100);
      IO.puts(`woke at ${c.clock.now()}`);
    });
    await c.drain();
    await c.advance(150, 10);
    expect(c.out).toEqual(["woke at 100"]);
  });

  it("cancels a sendAfter timer and reports the time left", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t = Process.sendAfter(self(), "late", 100);
      await Process.sleep(30);
      IO.inspect(Process.cancelTimer(t));
      IO.inspect(Process.cancelTimer(t));
      IO.inspect((await receive(_, { after: 200 })) === TIMEOUT);
    });
    await c.advance(300, 10);
    expect(c.out).toEqual(["70", "false", "true"]);
  });

  it("sends to a registered name and throws badarg for an unknown one", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const pid = spawn(async () => IO.puts(await receive()));
      Process.register(pid, "echo");
      send("echo", "via name");
      try {
        send("nobody", 1);
      } catch (e) {
        IO.puts((e as Error).message);
      }
    });
    await c.drain();
    expect(c.out).toContain("via name");
    expect(c.out.some((l) => l.includes('no process is registered as "nobody" (badarg)'))).toBe(true);
  });

  it("ignores a send to a dead pid", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const pid = spawn(() => {});
      await Process.sleep(1);
      send(pid, "anyone?");
      IO.puts(`alive: ${Process.alive(pid)}`);
    });
    await c.advance(5);
    expect(c.out).toEqual(["alive: false"]);
  });
});

describe("preemption", () => {
  it("lets other processes run while one yields from a long async loop", async () => {
    const c = cluster(1, { budget: 100 });
    const order: string[] = [];
    c.spawn(0, async () => {
      const bl = c.schedulers[0].bl;
      for (let i = 0; i < 1000; i++) {
        if (--bl.r < 0) await bl.y(); // what the compiler inserts at a loop back-edge
      }
      order.push("hog done");
    });
    c.spawn(0, () => order.push("other ran"));
    await c.drain();
    expect(order).toEqual(["other ran", "hog done"]);
  });

  it("kills a sync runaway after the time limit with a clear reason", async () => {
    const c = cluster(1, { syncLimitMs: 50, budget: 10 });
    const s = c.schedulers[0];
    c.spawn(0, () => {
      for (;;) {
        c.clock.advance(1); // time passes as the loop runs
        if (--s.bl.r < 0) s.bl.s();
      }
    });
    c.spawn(0, () => IO.puts("still serving"));
    await c.drain();
    expect(c.all.some((l) => l.includes("ms of synchronous code without yielding"))).toBe(true);
    expect(c.out).toContain("still serving");
    expect(s.procs.size).toBe(0);
  });

  it("ends a process that awaits a promise from outside beamlab, with a reason saying so", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      await new Promise(() => {}); // never settles; like awaiting setTimeout
    });
    c.spawn(0, async () => {
      await Process.sleep(1);
      IO.puts("others go on");
    });
    await c.advance(5);
    expect(c.all.some((l) => l.includes("awaited a promise that does not come from beamlab"))).toBe(true);
    expect(c.out).toContain("others go on");
  });
});

describe("exit signals", () => {
  async function scenario(opts: { trap: boolean; reason: unknown; how: "link" | "exit" }) {
    const c = cluster();
    c.spawn(0, async () => {
      const observer = spawn(async () => {
        if (opts.trap) Process.flag("trap_exit", true);
        const victim = await receive();
        if (opts.how === "link") link(victim);
        send(victim, "go");
        const m = await receive(_, { after: 100 });
        IO.puts(m === TIMEOUT ? "observer alive, no message" : `observer got ${JSON.stringify(m[2])}`);
      });
      const mon = monitor(observer);
      const victim = spawn(async (o: Pid) => {
        await receive("go");
        if (opts.how === "link") exit(opts.reason);
        else Process.exit(o, opts.reason);
        await receive();
      }, observer);
      send(observer, victim);
      const down = await receive(["DOWN", mon, _, _, _], { after: 500 });
      IO.puts(down === TIMEOUT ? "observer survived" : `observer died: ${JSON.stringify(down[4])}`);
    });
    await c.advance(600, 5);
    return c.out;
  }

  it.each([
    // [how, trap, reason, expected observer line]
    ["link", false, "normal", "observer alive, no message"],
    ["link", false, "boom", 'observer died: "boom"'],
    ["link", true, "boom", 'observer got "boom"'],
    ["link", true, "normal", 'observer got "normal"'],
    ["link", false, "kill", 'observer died: "kill"'],
    ["exit", false, "kill", 'observer died: "killed"'],
    ["exit", true, "kill", 'observer died: "killed"'],
    ["exit", false, "normal", "observer alive, no message"],
    ["exit", true, "shutdown", 'observer got "shutdown"'],
    ["exit", false, "shutdown", 'observer died: "shutdown"'],
  ] as const)("%s with trap_exit=%s and reason %s: %s", async (how, trap, reason, expected) => {
    const out = await scenario({ how, trap, reason });
    expect(out.join("\n")).toContain(expected);
  });

  it("delivers noproc when linking to a dead process", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const dead = spawn(() => {});
      await Process.sleep(1);
      link(dead);
      IO.inspect(await receive());
    });
    await c.advance(5);
    expect(c.out[0]).toMatch(/^\{:EXIT, #PID<0\.\d+\.0>, :noproc\}$/);
  });

  it("sends DOWN with noproc when monitoring a dead process, and the reason otherwise", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      const ref = monitor(dead);
      const [tag, r, , , reason] = await receive();
      IO.puts(`${tag} ${r === ref} ${reason}`);
      const [pid, ref2] = spawnMonitor(() => exit("bye"));
      const down = await receive(["DOWN", ref2, "process", pid, _]);
      IO.puts(String(down[4]));
    });
    await c.advance(5);
    expect(c.out).toEqual(["DOWN true noproc", "bye"]);
  });

  it("prints a crash report for an uncaught exception and keeps other processes running", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [pid, ref] = spawnMonitor(() => {
        throw new Error("boom");
      });
      const down = await receive(["DOWN", ref, _, pid, _]);
      IO.puts(`reason: ${down[4][0]} ${down[4][1]}`);
    });
    await c.drain();
    expect(c.lines.some((l) => l.kind === "crash" && l.text.includes("boom"))).toBe(true);
    expect(c.out).toContain("reason: error boom");
  });

  it("propagates an abnormal exit down a chain of 20,000 linked processes without overflowing the stack", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      let prev = self();
      let first!: Pid;
      for (let i = 0; i < 20000; i++) {
        const p: Pid = spawn(async (up: Pid) => {
          link(up);
          await receive();
        }, prev);
        if (i === 0) first = p;
        prev = p;
      }
      await Process.sleep(1);
      Process.exit(prev, "boom");
      const [tag, from, reason] = await receive(["EXIT", _, _]);
      IO.puts(`${tag} from first=${from === first} ${reason}`);
    });
    await c.advance(10);
    expect(c.out).toEqual(["EXIT from first=true boom"]);
    expect(c.schedulers[0].procs.size).toBe(0);
  });

  it("kills a flooded process when its mailbox passes the limit", async () => {
    const c = cluster(1, { maxMailbox: 1000 });
    c.spawn(0, async () => {
      const [slow, ref] = spawnMonitor(async () => {
        await Process.sleep(1000);
      });
      for (let i = 0; i < 2000; i++) send(slow, i);
      const down = await receive(["DOWN", ref, _, _, _]);
      IO.inspect(down[4]);
    });
    await c.drain();
    expect(c.out.at(-1)).toBe("{:mailbox_limit, 1000}");
    expect(c.all.some((l) => l.includes("mailbox passed the limit of 1000"))).toBe(true);
  });

  it("refuses to spawn past the process limit with a system_limit exit", async () => {
    const c = cluster(1, { maxProcesses: 10 });
    c.spawn(0, async () => {
      try {
        for (let i = 0; i < 20; i++) spawn(() => receive());
      } catch (e) {
        IO.puts(String((e as { reason: unknown[] }).reason[0]));
      }
    });
    await c.drain();
    expect(c.out).toEqual(["system_limit"]);
  });
});

describe("spawnLink", () => {
  it("kills the parent when a linked child crashes", async () => {
    const c = cluster();
    const parent = c.spawn(0, async () => {
      spawnLink(() => {
        throw new Error("child crash");
      });
      await receive();
    });
    await c.drain();
    expect(c.exits.find(([p]) => p === parent)?.[1]).toEqual(["error", "child crash", expect.any(String)]);
  });
});

describe("message-driven processes", () => {
  it("calls the handler once per message, in order, keeping no frame between messages", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const seen: unknown[] = [];
      const pid = spawn(() => {
        c.schedulers[0].setHandler((m) => {
          seen.push(m);
          if (m === "stop") c.schedulers[0].setHandler(null);
        }, "Collector");
      });
      const [, ref] = [pid, monitor(pid)];
      for (const m of [1, 2, 3, "stop", 4]) send(pid, m);
      await receive(["DOWN", ref, _, _, _]);
      IO.puts(JSON.stringify(seen));
    });
    await c.drain();
    expect(c.out).toEqual(['[1,2,3,"stop"]']);
  });

  it("waits for an async handler to settle before the next message, and may receive inside it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const me = self();
      const pid = spawn(() => {
        c.schedulers[0].setHandler(async (m) => {
          send(me, ["start", m]);
          const reply = await receive(["reply", _]);
          send(me, ["done", m, reply[1]]);
        });
      });
      send(pid, "a");
      send(pid, "b");
      IO.puts(JSON.stringify(await receive(["start", _])));
      send(pid, ["reply", 1]);
      IO.puts(JSON.stringify(await receive(["done", _, _])));
      IO.puts(JSON.stringify(await receive(["start", _])));
      send(pid, ["reply", 2]);
      IO.puts(JSON.stringify(await receive(["done", _, _])));
      Process.exit(pid, "kill");
    });
    await c.drain();
    expect(c.out).toEqual(['["start","a"]', '["done","a",1]', '["start","b"]', '["done","b",2]']);
  });

  it("ends with the handler's exception as reason", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [pid, ref] = spawnMonitor(() => {
        c.schedulers[0].setHandler(() => {
          throw new Error("bad message");
        });
      });
      send(pid, "x");
      const down = await receive(["DOWN", ref, _, _, _]);
      IO.puts(down[4][1]);
    });
    await c.drain();
    expect(c.out).toEqual(["bad message"]);
  });

  it("yields to other processes under a flood of messages", async () => {
    const c = cluster(1, { budget: 50 });
    const order: string[] = [];
    c.spawn(0, async () => {
      let n = 0;
      const pid = spawn(() => {
        c.schedulers[0].setHandler(() => {
          if (++n === 1000) order.push("flood handled");
        });
      });
      for (let i = 0; i < 1000; i++) send(pid, i);
      spawn(() => order.push("other ran"));
      await Process.sleep(1);
      Process.exit(pid, "kill");
    });
    await c.advance(5);
    expect(order).toEqual(["other ran", "flood handled"]);
  });
});

describe("crash reports", () => {
  it("are printed for the process that raised, not for a linked process its exit signal killed", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [watcher, ref] = spawnMonitor(async () => {
        spawnLink(() => {
          throw new Error("boom in child");
        });
        await receive();
      });
      await receive(["DOWN", ref, _, watcher, _]);
    });
    await c.drain();
    const reports = c.lines.filter((l) => l.kind === "crash");
    expect(reports).toHaveLength(1);
    expect(reports[0].text).toContain("boom in child");
  });
});

describe("timers beside a CPU-bound process", () => {
  it("wake a sleeper within one reduction budget, not at the end of a long slice", async () => {
    const c = cluster(1, { budget: 100, sliceMs: 50 });
    const bl = c.schedulers[0].bl;
    let woke = -1;
    c.spawn(0, async () => {
      for (let i = 0; i < 200_000 && woke < 0; i++) {
        c.clock.advance(0.01); // 100 reductions ≈ 1 ms of "work"
        if (--bl.r < 0) await bl.y();
      }
    });
    c.spawn(0, async () => {
      const t0 = c.clock.now();
      await Process.sleep(10);
      woke = c.clock.now() - t0;
    });
    await c.drain();
    // Due at 10 ms; the hog's step that is running then ends within ~1 ms (one budget).
    expect(woke).toBeGreaterThanOrEqual(10);
    expect(woke).toBeLessThan(11.5);
  });
});
