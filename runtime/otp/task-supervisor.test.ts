import { describe, expect, it } from "vitest";
import { IO, Process, exit, monitor, receive, self } from "../kernel/api";
import { _ } from "../kernel/match";
import { cluster } from "../../test/support/cluster";
import { Exit, type Pid } from "../kernel/term";
import { DynamicSupervisor } from "./dynamic-supervisor";
import { Task } from "./task";
import { TaskSupervisor } from "./task-supervisor";

const show = (x: unknown) => IO.puts(JSON.stringify(x));

describe("Task.Supervisor", () => {
  it("runs startChild tasks for their side effects and does not restart one that crashes", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await TaskSupervisor.start();
      const [ok, pid] = await TaskSupervisor.startChild(sup, async () => {
        IO.puts("working");
        await receive("go");
        exit("boom");
      });
      IO.puts(ok);
      show(await DynamicSupervisor.countChildren(sup));
      const ref = monitor(pid as Pid);
      Process.exit(pid as Pid, "boom");
      IO.puts(`task: ${(await receive(["DOWN", ref, _, _, _]))[4]}`);
      show(await DynamicSupervisor.countChildren(sup));
      IO.puts(`supervisor alive ${Process.alive(sup)}`);
    });
    await c.drain();
    expect(c.out).toEqual([
      "working", "ok",
      '{"specs":1,"active":1,"supervisors":0,"workers":1}',
      "task: boom",
      '{"specs":0,"active":0,"supervisors":0,"workers":0}',
      "supervisor alive true",
    ]);
  });

  it("asyncNolink: Task.await returns the result", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await TaskSupervisor.start();
      const task = await TaskSupervisor.asyncNolink(sup, async () => {
        await Process.sleep(10);
        return 6 * 7;
      });
      IO.puts(`owner is me ${task.owner === self()}`);
      IO.puts(String(await Task.await(task)));
      show(await TaskSupervisor.children(sup));
    });
    await c.advance(50);
    expect(c.out).toEqual(["owner is me true", "42", "[]"]);
  });

  it("asyncNolink: a crashing task does not crash the caller; yield gives the exit, await exits with the reason", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await TaskSupervisor.start();
      const t1 = await TaskSupervisor.asyncNolink(sup, () => exit("boom"));
      show(await Task.yield(t1, 100));
      const t2 = await TaskSupervisor.asyncNolink(sup, () => {
        throw new Error("bad input");
      });
      try {
        await Task.await(t2);
        IO.puts("no exit");
      } catch (e) {
        const [reason, where] = (e as Exit).reason as [unknown[], unknown[]];
        IO.puts(`caller caught exit: ${reason[0]} ${reason[1]} in ${where[0]}.${where[1]}`);
      }
      IO.puts(`caller alive, supervisor alive ${Process.alive(sup)}`);
    });
    await c.advance(50);
    expect(c.out).toEqual(['["exit","boom"]', "caller caught exit: error bad input in Task.await", "caller alive, supervisor alive true"]);
    expect(c.lines.some((l) => l.kind === "crash" && l.text.includes("bad input"))).toBe(true);
  });

  it("async (linked) takes the caller down with the task, as Task.async does", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const [, sup] = await TaskSupervisor.start();
      const t = await TaskSupervisor.async(sup, () => exit("boom"));
      const [tag, from, reason] = await receive(["EXIT", _, _]);
      IO.puts(`${tag} from task ${from === t.pid}: ${reason}`);
    });
    await c.drain();
    expect(c.out).toEqual(["EXIT from task true: boom"]);
  });

  it("raises when maxChildren tasks are already running", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await TaskSupervisor.start({ maxChildren: 1 });
      await TaskSupervisor.asyncNolink(sup, () => receive("never"));
      try {
        await TaskSupervisor.asyncNolink(sup, () => 1);
      } catch (e) {
        IO.puts((e as Error).message.slice(0, 39));
      }
      show(await TaskSupervisor.startChild(sup, () => 1));
    });
    await c.drain();
    expect(c.out).toEqual(["reached the maximum number of tasks for", '["error","max_children"]']);
  });

  it("stops its running tasks when it stops", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await TaskSupervisor.start();
      const t = await TaskSupervisor.asyncNolink(sup, () => receive("never"));
      await TaskSupervisor.stop(sup);
      show(await Task.yield(t, 10));
    });
    await c.advance(50);
    expect(c.out).toEqual(['["exit","shutdown"]']);
  });
});

describe("Task.Supervisor as learners reach it", () => {
  it("is mounted on Task: Task.Supervisor.asyncNolink + Task.await, as in Elixir", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Task.Supervisor.start();
      const t = await Task.Supervisor.asyncNolink(sup, () => 21 * 2);
      IO.puts(String(await Task.await(t)));
    });
    await c.drain();
    expect(c.out).toEqual(["42"]);
  });
});
