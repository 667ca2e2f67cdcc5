import { describe, expect, it } from "vitest";
import { IO, Process, exit, monitor, receive, self, send, spawnLink, spawnOpt } from "../kernel/api";
import { _ } from "../kernel/match";
import { cluster } from "../../test/support/cluster";
import { pidScheduler, type Pid } from "../kernel/term";
import { DynamicSupervisor } from "./dynamic-supervisor";
import { GenServer, type GenServerModule } from "./gen-server";
import type { ChildSpec } from "./supervisor";

const Room: GenServerModule<string, string> = {
  name: "Room",
  init: (name) => {
    Process.flag("trap_exit", true);
    IO.puts(`open ${name}`);
    return ["ok", name];
  },
  handleCast: (req, name) => (req === "crash" ? ["stop", "boom", name] : req === "close" ? ["stop", "normal", name] : ["noreply", name]),
  terminate: (reason, name) => IO.puts(`close ${name} ${String(reason)}`),
};

const room = (name: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({ start: () => GenServer.startLink(Room, name), ...extra });
const show = (x: unknown) => IO.puts(JSON.stringify(x));

async function crash(pid: Pid, how = "crash"): Promise<void> {
  const ref = monitor(pid);
  GenServer.cast(pid, how);
  await receive(["DOWN", ref, _, _, _]);
}

describe("DynamicSupervisor", () => {
  it("starts children on demand, lists and counts them, and terminates one by pid", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start();
      const [ok, lobby] = await DynamicSupervisor.startChild(sup, room("lobby"));
      const [, hall] = await DynamicSupervisor.startChild(sup, room("hall"));
      IO.puts(ok);
      const rows = await DynamicSupervisor.whichChildren(sup);
      IO.puts(String(rows.map((r) => r[1]).join() === [lobby, hall].join()));
      show(await DynamicSupervisor.countChildren(sup));
      show(await DynamicSupervisor.terminateChild(sup, lobby as Pid));
      show(await DynamicSupervisor.terminateChild(sup, lobby as Pid));
      show(await DynamicSupervisor.countChildren(sup));
      show(await DynamicSupervisor.startChild(sup, { start: () => "ignore" }));
      show(await DynamicSupervisor.startChild(sup, { start: () => ["error", "no room"] }));
      IO.puts(String(Process.alive(hall as Pid)));
    });
    await c.drain();
    expect(c.out).toEqual([
      "open lobby", "open hall", "ok", "true",
      '{"specs":2,"active":2,"supervisors":0,"workers":2}',
      "close lobby shutdown", '"ok"', '["error","not_found"]',
      '{"specs":1,"active":1,"supervisors":0,"workers":1}',
      '"ignore"', '["error","no room"]', "true",
    ]);
  });

  it("refuses children past maxChildren", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start({ maxChildren: 2 });
      for (const name of ["a", "b", "c"]) show((await DynamicSupervisor.startChild(sup, room(name)))[0]);
      show(await DynamicSupervisor.startChild(sup, room("d")));
    });
    await c.drain();
    expect(c.out).toEqual(["open a", '"ok"', "open b", '"ok"', '"error"', '["error","max_children"]']);
  });

  it("restarts a crashed permanent child alone; forgets transient children that exit normally and temporary ones", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start();
      const [, a] = await DynamicSupervisor.startChild(sup, room("a"));
      const [, b] = await DynamicSupervisor.startChild(sup, room("b", { restart: "transient" }));
      const [, t] = await DynamicSupervisor.startChild(sup, room("t", { restart: "temporary" }));
      await crash(a as Pid);
      await crash(b as Pid, "close");
      await crash(t as Pid);
      const rows = await DynamicSupervisor.whichChildren(sup);
      IO.puts(`${rows.length} child, new pid ${rows[0][1] !== a}`);
    });
    await c.drain();
    expect(c.out).toEqual([
      "open a", "open b", "open t",
      "close a boom", "open a", "close b normal", "close t boom", "1 child, new pid true",
    ]);
    expect(c.all.filter((l) => /^\[error\] Child :undefined of Supervisor .* terminated\n\*\* \(exit\) "boom"$/.test(l))).toHaveLength(2);
  });

  it("exits with shutdown past maxRestarts, stopping the other children", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start({ maxRestarts: 1 });
      const ref = monitor(sup);
      await DynamicSupervisor.startChild(sup, room("stays"));
      const [, x] = await DynamicSupervisor.startChild(sup, room("x"));
      await crash(x as Pid);
      const rows = await DynamicSupervisor.whichChildren(sup);
      await crash(rows[1][1] as Pid);
      IO.puts(`supervisor: ${(await receive(["DOWN", ref, _, _, _]))[4]}`);
    });
    await c.drain();
    expect(c.out).toEqual(["open stays", "open x", "close x boom", "open x", "close x boom", "close stays shutdown", "supervisor: shutdown"]);
  });

  it("stops all children at once when it stops, killing those past their shutdown time", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const stubborn = async (name: string) => {
        Process.flag("trap_exit", true);
        await receive(["EXIT", _, _]);
        IO.puts(`${name} ignores the shutdown`);
        await receive("never");
      };
      const [, sup] = await DynamicSupervisor.start();
      await DynamicSupervisor.startChild(sup, { start: () => spawnLink(stubborn, "slow"), shutdown: 300 });
      await DynamicSupervisor.startChild(sup, { start: () => spawnLink(stubborn, "slower"), shutdown: 500 });
      await DynamicSupervisor.startChild(sup, room("polite"));
      const t0 = c.clock.now();
      await DynamicSupervisor.stop(sup);
      IO.puts(`stopped after ${c.clock.now() - t0} ms`);
    });
    await c.advance(2000, 10);
    expect(c.out).toEqual(["open polite", "slow ignores the shutdown", "slower ignores the shutdown", "close polite shutdown", "stopped after 500 ms"]);
    expect(c.all.filter((l) => /shutdown abnormally\n\*\* \(exit\) :killed/.test(l))).toHaveLength(2);
  });

  it("passes extraArguments first to every child's start", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start({ extraArguments: ["pool-1"] });
      await DynamicSupervisor.startChild(sup, { start: (pool: string) => GenServer.startLink(Room, `${pool}/a`) });
    });
    await c.drain();
    expect(c.out).toEqual(["open pool-1/a"]);
  });
});

/** Exported, registered on every scheduler, so children can be placed on scheduler 1. */
export async function job(n: number): Promise<void> {
  IO.puts(`job ${n} on ${pidScheduler(self())}`);
  if ((await receive()) === "crash") exit("boom");
}

describe("DynamicSupervisor across schedulers", () => {
  it("restarts a child that lives on another scheduler", async () => {
    const c = cluster(2);
    for (const s of c.schedulers) s.setProgram({ job });
    c.spawn(0, async () => {
      const [, sup] = await DynamicSupervisor.start();
      const [, pid] = await DynamicSupervisor.startChild(sup, { start: () => spawnOpt(job, [1], { scheduler: 1, link: true }) });
      await Process.sleep(5);
      const ref = monitor(pid as Pid);
      send(pid as Pid, "crash");
      await receive(["DOWN", ref, _, _, _]);
      await Process.sleep(5);
      const [[, again]] = await DynamicSupervisor.whichChildren(sup);
      IO.puts(`restarted on ${pidScheduler(again as Pid)}, new pid ${again !== pid}`);
      await DynamicSupervisor.stop(sup);
      IO.puts(`stopped; child alive ${await Process.alive(again as Pid)}`);
    });
    await c.advance(50);
    expect(c.out).toEqual(["job 1 on 1", "job 1 on 1", "restarted on 1, new pid true", "stopped; child alive false"]);
  });
});
