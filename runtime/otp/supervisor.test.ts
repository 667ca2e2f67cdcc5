import { describe, expect, it } from "vitest";
import { IO, Process, exit, monitor, receive, self, send, spawnLink, spawnOpt } from "../kernel/api";
import { _ } from "../kernel/match";
import { cluster } from "../../test/support/cluster";
import { pidScheduler, type Pid } from "../kernel/term";
import { GenServer, type GenServerModule } from "./gen-server";
import { Supervisor, type ChildSpec } from "./supervisor";

/** A worker that says when it starts and stops, traps exits (so terminate runs) and crashes on request. */
const Worker: GenServerModule<string, string> = {
  name: "Worker",
  init: (id) => {
    Process.flag("trap_exit", true);
    IO.puts(`start ${id}`);
    return ["ok", id];
  },
  handleCall: (req, _from, id) => (req === "id" ? ["reply", id, id] : ["reply", "?", id]),
  handleCast: (req, id) => (req === "crash" ? ["stop", "boom", id] : req === "quit" ? ["stop", "normal", id] : ["noreply", id]),
  terminate: (reason, id) => IO.puts(`terminate ${id} ${typeof reason === "string" ? reason : JSON.stringify(reason)}`),
};

const worker = (id: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({
  id,
  start: () => GenServer.startLink(Worker, id),
  ...extra,
});

/** The pid of child `id`. */
async function pidOf(sup: Pid, id: string): Promise<Pid> {
  const row = (await Supervisor.whichChildren(sup)).find((r) => r[0] === id);
  return row![1] as Pid;
}

/** Crash child `id` and wait until it is gone (the supervisor has its EXIT before our next call). */
async function crash(sup: Pid, id: string, how = "crash"): Promise<void> {
  const pid = await pidOf(sup, id);
  const ref = monitor(pid);
  GenServer.cast(pid, how);
  await receive(["DOWN", ref, _, _, _]);
}

const show = (x: unknown) => IO.puts(JSON.stringify(x));

function rows(children: ReadonlyArray<readonly unknown[]>): string {
  return children.map(([id, pid]) => `${id}=${typeof pid === "string" && pid.startsWith("#PID") ? "pid" : String(pid)}`).join(" ");
}

describe("Supervisor", () => {
  it("starts children in order and stops them in reverse order", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [ok, sup] = await Supervisor.start([worker("a"), worker("b"), worker("c")]);
      IO.puts(ok);
      IO.puts(rows(await Supervisor.whichChildren(sup)));
      await Supervisor.stop(sup);
      IO.puts(`alive ${Process.alive(sup)}`);
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "start b", "start c", "ok", "c=pid b=pid a=pid",
      "terminate c shutdown", "terminate b shutdown", "terminate a shutdown", "alive false",
    ]);
  });

  it("one_for_one restarts only the child that crashed, and reports it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a"), worker("b"), worker("c")], { strategy: "one_for_one" });
      const before = await pidOf(sup, "b");
      await crash(sup, "b");
      const after = await pidOf(sup, "b");
      IO.puts(`new pid ${before !== after}`);
      IO.puts(await GenServer.call(after, "id"));
    });
    await c.drain();
    expect(c.out).toEqual(["start a", "start b", "start c", "terminate b boom", "start b", "new pid true", "b"]);
    expect(c.all.some((l) => /^\[error\] Child "b" of Supervisor #PID<.*> terminated\n\*\* \(exit\) "boom"$/.test(l))).toBe(true);
  });

  it("one_for_all stops the others in reverse order, then starts all in order", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a"), worker("b"), worker("c")], { strategy: "one_for_all" });
      IO.puts("--");
      await crash(sup, "b");
      await Supervisor.countChildren(sup);
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "start b", "start c", "--",
      "terminate b boom", "terminate c shutdown", "terminate a shutdown", "start a", "start b", "start c",
    ]);
  });

  it("rest_for_one restarts the crashed child and those started after it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a"), worker("b"), worker("c"), worker("d")], { strategy: "rest_for_one" });
      IO.puts("--");
      await crash(sup, "b");
      await Supervisor.countChildren(sup);
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "start b", "start c", "start d", "--",
      "terminate b boom", "terminate d shutdown", "terminate c shutdown", "start b", "start c", "start d",
    ]);
  });

  it("restarts a transient child only after an abnormal exit, and never a temporary one", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([
        worker("t1", { restart: "transient" }),
        worker("t2", { restart: "transient" }),
        worker("tmp", { restart: "temporary" }),
      ]);
      await crash(sup, "t1", "quit");
      await crash(sup, "t2");
      await crash(sup, "tmp");
      IO.puts(rows(await Supervisor.whichChildren(sup)));
      IO.inspect(await Supervisor.countChildren(sup));
    });
    await c.drain();
    expect(c.out).toEqual([
      "start t1", "start t2", "start tmp",
      "terminate t1 normal", "terminate t2 boom", "start t2", "terminate tmp boom",
      "t2=pid t1=undefined",
      "%{active: 1, specs: 2, supervisors: 0, workers: 2}",
    ]);
  });

  it("exits with shutdown when restarts pass maxRestarts within maxSeconds, stopping the other children", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a"), worker("b")], { maxRestarts: 2, maxSeconds: 5 });
      const ref = monitor(sup);
      await crash(sup, "b");
      await crash(sup, "b");
      await crash(sup, "b");
      const [, , , , reason] = await receive(["DOWN", ref, _, _, _]);
      IO.puts(`supervisor exited: ${reason}`);
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "start b",
      "terminate b boom", "start b", "terminate b boom", "start b", "terminate b boom",
      "terminate a shutdown", "supervisor exited: shutdown",
    ]);
    expect(c.all.some((l) => /Child "b" of Supervisor .* caused shutdown\n\*\* \(exit\) "reached_max_restart_intensity"/.test(l))).toBe(true);
  });

  it("forgets restarts older than maxSeconds (the manual clock moves time)", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a")], { maxRestarts: 1, maxSeconds: 5 });
      await crash(sup, "a");
      await Process.sleep(6000);
      await crash(sup, "a");
      IO.puts(`alive ${Process.alive(sup)}`);
      await Process.sleep(1000);
      await crash(sup, "a");
      await Process.sleep(0);
      IO.puts(`alive ${Process.alive(sup)}`);
    });
    await c.advance(10_000, 100);
    expect(c.out.filter((l) => l.startsWith("alive"))).toEqual(["alive true", "alive false"]);
  });

  it("kills a child that ignores shutdown after its shutdown time, and reports it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const stubborn = async () => {
        Process.flag("trap_exit", true);
        for (;;) IO.puts(`stubborn got ${(await receive())[0]}`);
      };
      const [, sup] = await Supervisor.start([
        { id: "polite", start: () => GenServer.startLink(Worker, "polite") },
        { id: "stubborn", start: () => spawnLink(stubborn), shutdown: 100 },
        { id: "brutal", start: () => spawnLink(stubborn), shutdown: "brutal_kill" },
      ]);
      const t0 = c.clock.now();
      await Supervisor.stop(sup);
      IO.puts(`stopped after ${c.clock.now() - t0} ms`);
    });
    await c.advance(1000, 10);
    expect(c.out).toEqual(["start polite", "stubborn got EXIT", "terminate polite shutdown", "stopped after 100 ms"]);
    expect(c.all.some((l) => /Child "stubborn" of Supervisor .* shutdown abnormally\n\*\* \(exit\) :killed/.test(l))).toBe(true);
    expect(c.all.some((l) => /"brutal".*shutdown abnormally/.test(l))).toBe(false);
  });

  it("fails to start when a child fails, stopping the children already started", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const bad = { id: "bad", start: () => GenServer.startLink({ init: () => ["stop", "bad_init"] as const }, null) };
      const r = await Supervisor.startLink([worker("a"), bad, worker("c")]);
      show(r);
      show((await receive(["EXIT", _, _]))[2]);
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "terminate a shutdown",
      '["error",["shutdown",["failed_to_start_child","bad","bad_init"]]]',
      '["shutdown",["failed_to_start_child","bad","bad_init"]]',
    ]);
    expect(c.all.some((l) => /Child "bad" of Supervisor .* failed to start/.test(l))).toBe(true);
  });

  it("terminates, restarts and deletes children by id", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a"), worker("b")]);
      show(await Supervisor.terminateChild(sup, "a"));
      IO.puts(rows(await Supervisor.whichChildren(sup)));
      show(await Supervisor.countChildren(sup));
      show(await Supervisor.restartChild(sup, "b"));
      show(await Supervisor.deleteChild(sup, "b"));
      show(await Supervisor.terminateChild(sup, "zz"));
      IO.puts((await Supervisor.restartChild(sup, "a"))[0]);
      show(await Supervisor.terminateChild(sup, "a"));
      show(await Supervisor.deleteChild(sup, "a"));
      show(await Supervisor.restartChild(sup, "a"));
      IO.puts(rows(await Supervisor.whichChildren(sup)));
      const [ok] = await Supervisor.startChild(sup, worker("late"));
      IO.puts(ok);
      show(((await Supervisor.startChild(sup, worker("late")))[1] as unknown[])[0]);
      IO.puts(rows(await Supervisor.whichChildren(sup)));
    });
    await c.drain();
    expect(c.out).toEqual([
      "start a", "start b", "terminate a shutdown", '"ok"', "b=pid a=undefined",
      '{"specs":2,"active":1,"supervisors":0,"workers":2}',
      '["error","running"]', '["error","running"]', '["error","not_found"]',
      "start a", "ok", "terminate a shutdown", '"ok"', '"ok"', '["error","not_found"]',
      "b=pid", "start late", "ok", '"already_started"', "late=pid b=pid",
    ]);
  });

  it("shows a child that failed to restart as restarting and retries it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      let attempts = 0;
      const flaky: ChildSpec = {
        id: "flaky",
        start: () => {
          attempts++;
          IO.puts(`attempt ${attempts}`);
          if (attempts === 2) return ["error", "not yet"];
          return spawnLink(async () => {
            await receive("die");
            exit("boom");
          });
        },
      };
      const [, sup] = await Supervisor.start([flaky], { maxRestarts: 5 });
      send(await pidOf(sup, "flaky"), "die");
      await Process.sleep(1);
      IO.puts(rows(await Supervisor.whichChildren(sup)));
    });
    await c.advance(10);
    expect(c.out).toEqual(["attempt 1", "attempt 2", "attempt 3", "flaky=pid"]);
    expect(c.all.some((l) => /Child "flaky" .* failed to start\n\*\* \(exit\) "not yet"/.test(l))).toBe(true);
  });

  it("refuses a second supervisor under the same name and answers calls by name", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, sup] = await Supervisor.start([worker("a")], { name: "MySup" });
      const again = await Supervisor.start([], { name: "MySup" });
      IO.puts(again[0] === "error" && again[1][1] === sup ? "already_started" : "?");
      IO.puts(rows(await Supervisor.whichChildren("MySup")));
    });
    await c.drain();
    expect(c.out).toEqual(["start a", "already_started", "a=pid"]);
  });

  it("stops its children and exits when its parent exits", async () => {
    const c = cluster();
    let sup: Pid | undefined;
    c.spawn(0, async () => {
      const parent = spawnLink(async () => {
        const [, s] = await Supervisor.startLink([worker("a"), worker("b")]);
        sup = s;
        await receive("go");
        exit("bye");
      });
      await Process.sleep(1);
      Process.flag("trap_exit", true);
      const ref = monitor(sup!);
      send(parent, "go");
      IO.puts(`supervisor: ${(await receive(["DOWN", ref, _, _, _]))[4]}`);
    });
    await c.advance(10);
    expect(c.out).toEqual(["start a", "start b", "terminate b shutdown", "terminate a shutdown", "supervisor: bye"]);
  });
});

/** Exported, registered on every scheduler, so a supervisor can start it on scheduler 1. */
export async function remoteWorker(id: string): Promise<void> {
  IO.puts(`start ${id} on ${pidScheduler(self())}`);
  const m = await receive();
  if (m === "crash") exit("boom");
}

describe("Supervisor across schedulers", () => {
  it("supervises children on another scheduler: restarts them there and stops them in reverse order", async () => {
    const c = cluster(2);
    for (const s of c.schedulers) s.setProgram({ remoteWorker });
    c.spawn(0, async () => {
      const remote = (id: string): ChildSpec => ({ id, start: () => spawnOpt(remoteWorker, [id], { scheduler: 1, link: true }) });
      const [, sup] = await Supervisor.start([worker("a"), remote("r1"), remote("r2")], { strategy: "rest_for_one" });
      await Process.sleep(5);
      const r1 = await pidOf(sup, "r1");
      const ref = monitor(r1);
      send(r1, "crash");
      await receive(["DOWN", ref, _, _, _]);
      await Process.sleep(5);
      IO.puts(rows(await Supervisor.whichChildren(sup)));
      IO.puts(`r2 on ${pidScheduler(await pidOf(sup, "r2"))}`);
      await Supervisor.stop(sup);
      IO.puts("stopped");
    });
    await c.advance(50);
    expect(c.out).toEqual([
      "start a", "start r1 on 1", "start r2 on 1",
      "start r1 on 1", "start r2 on 1",
      "r2=pid r1=pid a=pid", "r2 on 1", "terminate a shutdown", "stopped",
    ]);
  });
});
