import { describe, expect, it } from "vitest";
import { IO, Process, receive, self, send, spawn, spawnMonitor } from "../kernel/api";
import { _ } from "../kernel/match";
import { cluster } from "../../test/support/cluster";
import { Exit } from "../kernel/term";
import { Task } from "./task";

describe("Task", () => {
  it("runs work in parallel processes and collects results in order", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t0 = c.clock.now();
      const tasks = [30, 10, 20].map((ms) =>
        Task.async(async () => {
          await Process.sleep(ms);
          return ms * 2;
        }),
      );
      IO.inspect(await Task.awaitMany(tasks));
      IO.puts(`took ${c.clock.now() - t0} ms`);
    });
    await c.drain();
    await c.advance(40);
    expect(c.out).toEqual(["[60, 20, 40]", "took 30 ms"]);
  });

  it("exits the caller past the timeout, which also ends the linked task", async () => {
    const c = cluster();
    let taskPid: string | undefined;
    c.spawn(0, async () => {
      const [caller, ref] = spawnMonitor(async () => {
        const t = Task.async(() => Process.sleep(1000));
        taskPid = t.pid;
        await Task.await(t, 50);
      });
      const down = await receive(["DOWN", ref, _, caller, _]);
      IO.puts(JSON.stringify(down[4]?.[0]));
      await Process.sleep(1);
      IO.puts(`task alive: ${Process.alive(taskPid as never)}`);
    });
    await c.drain();
    await c.advance(100);
    expect(c.out).toEqual(['"timeout"', "task alive: false"]);
  });

  it("exits the caller with the task's reason when the task crashes (they are linked)", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const t = Task.async(() => {
        throw new Error("task failed");
      });
      try {
        await Task.await(t);
      } catch (e) {
        IO.puts(`caught exit: ${((e as Exit).reason as unknown[][])[0][1]}`);
      }
    });
    await c.drain();
    expect(c.out).toEqual(["caught exit: task failed"]);
  });

  it("yields null while running, then the result", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t = Task.async(async () => {
        await Process.sleep(100);
        return "done";
      });
      IO.inspect(await Task.yield(t, 10));
      IO.inspect(await Task.yield(t, 200));
    });
    await c.drain();
    await c.advance(150);
    expect(c.out).toEqual(["nil", '{:ok, "done"}']);
  });

  it("asyncStream keeps at most maxConcurrency tasks running and emits in input order", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      let running = 0;
      let peak = 0;
      const out: number[] = [];
      for await (const [, v] of Task.asyncStream(
        [50, 10, 40, 20, 30],
        async (ms: number) => {
          peak = Math.max(peak, ++running);
          await Process.sleep(ms);
          running--;
          return ms;
        },
        { maxConcurrency: 2 },
      )) {
        out.push(v);
      }
      IO.puts(`${out.join(",")} peak=${peak}`);
    });
    await c.drain();
    await c.advance(200);
    expect(c.out).toEqual(["50,10,40,20,30 peak=2"]);
  });

  it("asyncStream with ordered: false emits results as they finish", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const out: number[] = [];
      for await (const [, v] of Task.asyncStream([30, 10, 20], async (ms: number) => (await Process.sleep(ms), ms), {
        maxConcurrency: 3,
        ordered: false,
      })) {
        out.push(v);
      }
      IO.puts(out.join(","));
    });
    await c.drain();
    await c.advance(50);
    expect(c.out).toEqual(["10,20,30"]);
  });

  it("only the owner can await a task", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t = Task.async(() => 1);
      const me = self();
      spawn(async () => {
        try {
          await Task.await(t);
        } catch (e) {
          send(me, ["err", ((e as Exit).reason as unknown[])[0]]);
        }
      });
      IO.puts((await receive(["err", _]))[1]);
      IO.puts(String(await Task.await(t)));
    });
    await c.drain();
    expect(c.out).toEqual(["not_owner", "1"]);
  });
});

describe("Task.asyncStream ordered", () => {
  it("keeps maxConcurrency tasks busy while holding back results that finish early (as Elixir)", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t0 = c.clock.now();
      const seen: string[] = [];
      for await (const [, v] of Task.asyncStream([100, 20, 20, 20], async (ms: number) => (await Process.sleep(ms), ms), {
        maxConcurrency: 2,
      })) {
        seen.push(`${v}@${c.clock.now() - t0}`);
      }
      IO.puts(seen.join(" "));
    });
    await c.drain();
    await c.advance(200);
    // b, c, d run one after another beside a (20, 40, 60 ms); all are emitted after a at 100.
    expect(c.out).toEqual(["100@100 20@100 20@100 20@100"]);
  });
});

/** An "exported" CPU-bound task body: reports where it ran. */
async function crunch(n: number): Promise<[number, number]> {
  let x = 0;
  for (let i = 0; i < 1000; i++) x += i % 7;
  return [n * 2 + (x > 0 ? 0 : 1), pidSchedulerOf()];
}
function pidSchedulerOf(): number {
  return Number(self().slice(self().lastIndexOf(".") + 1, -1));
}

describe("Task.async with an exported function", () => {
  it("spreads tasks over the schedulers once the caller's is busy, and still replies to the owner", async () => {
    const c = cluster(2);
    for (const s of c.schedulers) s.setProgram({ crunch });
    c.spawn(0, async () => {
      const tasks = Array.from({ length: 40 }, (_, i) => Task.async(crunch, i));
      const results = await Task.awaitMany(tasks);
      IO.puts(`results ok: ${results.every(([v], i) => v === i * 2)}`);
      IO.puts(`ran on: ${[...new Set(results.map(([, s]) => s))].sort().join(",")}`);
    });
    await c.drain();
    expect(c.out).toEqual(["results ok: true", "ran on: 0,1"]);
  });

  it("exits the owner with the task's reason when a remote task crashes", async () => {
    const c = cluster(2);
    async function boom(): Promise<never> {
      throw new Error("remote task failed");
    }
    for (const s of c.schedulers) s.setProgram({ boom });
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      for (let i = 0; i < 3; i++) spawn(() => receive()); // keep the caller's run queue busy
      const tasks = Array.from({ length: 6 }, () => Task.async(boom));
      const reasons = new Set<string>();
      for (const t of tasks) {
        try {
          await Task.await(t);
        } catch (e) {
          reasons.add(String(((e as Exit).reason as unknown[][])[0][1]));
        }
      }
      IO.puts([...reasons].join(","));
    });
    await c.drain();
    expect(c.out).toEqual(["remote task failed"]);
  });
});

describe("Task: a reply that comes after the caller gave up is never delivered", () => {
  it("drops the late reply after Task.await and Task.awaitMany time out and the exit is caught", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const slow = (ms: number, v: string) => Task.async(async () => (await Process.sleep(ms), v));
      try {
        await Task.await(slow(20, "late"), 10);
      } catch (e) {
        IO.inspect(((e as Exit).reason as unknown[])[0], { label: "await exited" });
      }
      try {
        await Task.awaitMany([slow(5, "quick"), slow(30, "late too")], 10);
      } catch (e) {
        IO.inspect(((e as Exit).reason as unknown[])[0], { label: "awaitMany exited" });
      }
      await Process.sleep(50);
      IO.inspect(await receive(_, { after: 0 }), { label: "mailbox" });
    });
    await c.advance(100);
    expect(c.out).toEqual(["await exited: :timeout", "awaitMany exited: :timeout", "mailbox: :timeout"]);
  });

  it("keeps a reply after Task.yield gives null (the task runs on), and Task.shutdown then returns it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const t = Task.async(async () => (await Process.sleep(20), "done"));
      IO.inspect(await Task.yield(t, 10), { label: "yield" });
      await Process.sleep(20);
      IO.inspect(await Task.shutdown(t), { label: "shutdown" });
      IO.inspect(await receive(_, { after: 0 }), { label: "mailbox" });
    });
    await c.advance(100);
    expect(c.out).toEqual(["yield: nil", 'shutdown: {:ok, "done"}', "mailbox: :timeout"]);
  });
});
