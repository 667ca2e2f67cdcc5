// The Beamlab twin of test/elixir/supervisor_trace.exs: the same supervision scenario, printing
// the same trace lines (pids normalized to "pid"). supervisor-trace.test.ts runs both and
// compares them line by line. Run: npx beamlab run test/twins/supervisor-trace.ts
import { DynamicSupervisor, GenServer, IO, Process, Supervisor, _, monitor, receive } from "beamlab";
import type { ChildSpec, GenServerModule, Pid, RestartType } from "beamlab";

/** Terms as plain text: atoms and strings bare, pids as "pid", tuples in braces, maps sorted. */
function fmt(x: unknown): string {
  if (typeof x === "string") return x.startsWith("#PID<") ? "pid" : x;
  if (x === undefined) return "undefined";
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  if (Array.isArray(x)) return `{${x.map(fmt).join(", ")}}`;
  const o = x as Record<string, unknown>;
  return `%{${Object.keys(o).sort().map((k) => `${k}: ${fmt(o[k])}`).join(", ")}}`;
}

async function children(sup: Pid): Promise<string> {
  return `children: ${(await Supervisor.whichChildren(sup)).map(([id, pid]) => `${id}=${fmt(pid)}`).join(" ")}`;
}

async function pidOf(sup: Pid, id: string): Promise<Pid> {
  return (await Supervisor.whichChildren(sup)).find((row) => row[0] === id)![1] as Pid;
}

/** Make child `id` stop (crash: reason "boom"; quit: "normal") and wait until the supervisor has handled it. */
async function stopChild(sup: Pid, id: string, how: "crash" | "quit"): Promise<void> {
  const pid = await pidOf(sup, id);
  const ref = monitor(pid);
  GenServer.cast(pid, how);
  await receive(["DOWN", ref, "process", _, _]);
  await Process.sleep(10);
}

const Worker: GenServerModule<string, string> = {
  name: "Worker",
  init: (id) => {
    if (id === "bad") return ["stop", "bad_init"];
    Process.flag("trap_exit", true);
    IO.puts(`start ${id}`);
    return ["ok", id];
  },
  handleCast: (req, id) => (req === "crash" ? ["stop", "boom", id] : ["stop", "normal", id]),
  terminate: (reason, id) => IO.puts(`terminate ${id} ${fmt(reason)}`),
};

const spec = (id: string, restart: RestartType = "permanent"): ChildSpec => ({
  id,
  start: () => GenServer.startLink(Worker, id),
  restart,
});

export default async function main() {
  const abc = [spec("a"), spec("b"), spec("c")];
  Process.flag("trap_exit", true);

  IO.puts("== one_for_one: b crashes twice");
  let [, sup] = (await Supervisor.startLink(abc, { strategy: "one_for_one" })) as ["ok", Pid];
  IO.puts(await children(sup));
  const b1 = await pidOf(sup, "b");
  await stopChild(sup, "b", "crash");
  const b2 = await pidOf(sup, "b");
  await stopChild(sup, "b", "crash");
  const b3 = await pidOf(sup, "b");
  IO.puts(`b has a new pid each time: ${b1 !== b2 && b2 !== b3 && b1 !== b3}`);
  IO.puts(await children(sup));
  IO.puts(`count: ${fmt(await Supervisor.countChildren(sup))}`);
  IO.puts(`terminate_child b: ${fmt(await Supervisor.terminateChild(sup, "b"))}`);
  IO.puts(await children(sup));
  IO.puts(`count: ${fmt(await Supervisor.countChildren(sup))}`);
  IO.puts(`restart_child a: ${fmt(await Supervisor.restartChild(sup, "a"))}`);
  IO.puts(`delete_child a: ${fmt(await Supervisor.deleteChild(sup, "a"))}`);
  IO.puts(`restart_child b: ${fmt(await Supervisor.restartChild(sup, "b"))}`);
  IO.puts(`terminate_child zz: ${fmt(await Supervisor.terminateChild(sup, "zz"))}`);
  IO.puts(`restart_child zz: ${fmt(await Supervisor.restartChild(sup, "zz"))}`);
  IO.puts(`stop: ${fmt(await Supervisor.stop(sup))}`);

  IO.puts("== rest_for_one: b crashes");
  [, sup] = (await Supervisor.startLink(abc, { strategy: "rest_for_one" })) as ["ok", Pid];
  await stopChild(sup, "b", "crash");
  IO.puts(await children(sup));
  IO.puts(`stop: ${fmt(await Supervisor.stop(sup))}`);

  IO.puts("== one_for_all: b crashes");
  [, sup] = (await Supervisor.startLink(abc, { strategy: "one_for_all" })) as ["ok", Pid];
  await stopChild(sup, "b", "crash");
  IO.puts(`stop: ${fmt(await Supervisor.stop(sup))}`);

  IO.puts("== transient and temporary");
  [, sup] = (await Supervisor.startLink([spec("w"), spec("t", "transient"), spec("p", "temporary")], {
    strategy: "one_for_one",
  })) as ["ok", Pid];
  await stopChild(sup, "t", "crash");
  await stopChild(sup, "t", "quit");
  await stopChild(sup, "p", "crash");
  IO.puts(await children(sup));
  IO.puts(`count: ${fmt(await Supervisor.countChildren(sup))}`);
  IO.puts(`restart_child t: ${fmt(await Supervisor.restartChild(sup, "t"))}`);
  IO.puts(`restart_child p: ${fmt(await Supervisor.restartChild(sup, "p"))}`);
  IO.puts(`stop: ${fmt(await Supervisor.stop(sup))}`);

  IO.puts("== intensity: 3 crashes, max_restarts 2 in 5 s");
  [, sup] = (await Supervisor.startLink([spec("a"), spec("b")], { strategy: "one_for_one", maxRestarts: 2, maxSeconds: 5 })) as [
    "ok",
    Pid,
  ];
  const ref = monitor(sup);
  await stopChild(sup, "b", "crash");
  await stopChild(sup, "b", "crash");
  GenServer.cast(await pidOf(sup, "b"), "crash");
  const [, , , , reason] = await receive(["DOWN", ref, "process", _, _]);
  IO.puts(`supervisor exited: ${fmt(reason)}`);

  IO.puts("== a child fails to start");
  const r = await Supervisor.startLink([spec("a"), spec("bad"), spec("c")], { strategy: "one_for_one" });
  IO.puts(`start_link: ${fmt(r)}`);

  IO.puts("== dynamic supervisor, max_children 2");
  const [, dyn] = (await DynamicSupervisor.startLink({ strategy: "one_for_one", maxChildren: 2 })) as ["ok", Pid];
  const [, x] = (await DynamicSupervisor.startChild(dyn, spec("x"))) as ["ok", Pid];
  await DynamicSupervisor.startChild(dyn, spec("y"));
  IO.puts(`third child: ${fmt(await DynamicSupervisor.startChild(dyn, spec("z")))}`);
  const xref = monitor(x);
  GenServer.cast(x, "crash");
  await receive(["DOWN", xref, "process", _, _]);
  await Process.sleep(10);
  IO.puts(`count: ${fmt(await DynamicSupervisor.countChildren(dyn))}`);
  IO.puts(`terminate_child x (old pid): ${fmt(await DynamicSupervisor.terminateChild(dyn, x))}`);
  const [[, newer]] = (await DynamicSupervisor.whichChildren(dyn)).reverse();
  IO.puts(`terminate_child newest: ${fmt(await DynamicSupervisor.terminateChild(dyn, newer as Pid))}`);
  IO.puts(`count: ${fmt(await DynamicSupervisor.countChildren(dyn))}`);
  IO.puts(`stop: ${fmt(await DynamicSupervisor.stop(dyn))}`);
}
