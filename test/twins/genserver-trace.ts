/**
 * GenServer twin trace: the same scenario as test/elixir/genserver_trace.exs, printing the
 * same lines — call results, the exits a caller sees (noproc, timeout, a crash), init
 * results, deferred replies, and the order of terminate and replies when stopping. Run it
 * with `npx beamlab run test/twins/genserver-trace.ts`; genserver-trace.test.ts compares it
 * with the BEAM's output.
 */
import { Exit, GenServer, IO, Process, _, inspect, receive, self, send, spawn } from "beamlab";
import type { From, GenServerModule } from "beamlab";

type Item = unknown;

/** An exception reason prints as "error: message" on both sides. */
function fmt(reason: unknown): string {
  return Array.isArray(reason) && reason[0] === "error" ? `error: ${reason[1]}` : inspect(reason);
}

const Stack: GenServerModule<Item[], Item[] | "fail" | "ignore"> = {
  init: (arg) => (arg === "fail" ? ["stop", "no config"] : arg === "ignore" ? "ignore" : ["ok", arg]),
  handleCall: async (req, from: From, items) => {
    if (req === "pop") return items.length ? ["reply", items[0], items.slice(1)] : ["reply", "empty", []];
    if (req === "size") return ["reply", items.length, items];
    if (Array.isArray(req) && req[0] === "slow") {
      await Process.sleep(req[1]);
      return ["reply", "slow_done", items];
    }
    if (req === "crash") throw new Error("asked to crash");
    if (req === "stop_me") return ["stop", "normal", "stopping", items];
    if (Array.isArray(req) && req[0] === "wait") return ["noreply", [["waiter", from], ...items]];
    // release
    const waiters = items.filter((i) => Array.isArray(i) && i[0] === "waiter") as Array<[string, From]>;
    for (const [, f] of waiters) GenServer.reply(f, "released");
    return ["reply", waiters.length, items.filter((i) => !(Array.isArray(i) && i[0] === "waiter"))];
  },
  handleCast: (req, items) => (Array.isArray(req) && req[0] === "push" ? ["noreply", [req[1], ...items]] : ["stop", "shutdown", items]),
  handleInfo: (msg, items) => ["noreply", [["info", msg], ...items]],
  terminate: (reason) => IO.puts(`terminate ${fmt(reason)}`),
};

async function exitReason(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return "no exit";
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    const [reason, [, call]] = e.reason as [unknown, [string, string]];
    return `exit ${fmt(reason)} from ${call}`;
  }
}

export default async function main() {
  Process.flag("trap_exit", true);
  IO.puts("== calls, casts and infos");
  const [, pid] = await GenServer.start(Stack, ["a", "b"]);
  GenServer.cast(pid, ["push", "x"]);
  IO.puts(`pop ${inspect(await GenServer.call(pid, "pop"))}`);
  send(pid, ["tick", 1]);
  IO.puts(`pop ${inspect(await GenServer.call(pid, "pop"))}`);
  IO.puts(`size ${await GenServer.call(pid, "size")}`);

  IO.puts("== names");
  const [, named] = await GenServer.start(Stack, [], { name: "stack" });
  const again = await GenServer.start(Stack, [], { name: "stack" });
  IO.puts(`already_started same pid: ${again !== "ignore" && again[0] === "error" && again[1][1] === named}`);
  GenServer.cast("stack", ["push", 1]);
  IO.puts(`pop by name ${inspect(await GenServer.call("stack", "pop"))}`);
  IO.puts(`whereis matches: ${GenServer.whereis("stack") === named}`);

  IO.puts("== exits seen by the caller");
  IO.puts(await exitReason(() => GenServer.call("nobody", "pop")));
  IO.puts(await exitReason(() => GenServer.call(pid, ["slow", 200], 50)));
  IO.puts(await exitReason(() => GenServer.call(pid, "crash")));
  IO.puts(`alive after crash: ${Process.alive(pid)}`);

  IO.puts("== init results");
  IO.puts(`start fail: ${inspect(await GenServer.start(Stack, "fail"))}`);
  IO.puts(`start ignore: ${await GenServer.start(Stack, "ignore")}`);

  IO.puts("== deferred replies");
  const [, d] = await GenServer.start(Stack, []);
  const me = self();
  for (let i = 1; i <= 3; i++) spawn(async () => send(me, ["got", i, await GenServer.call(d, ["wait", i])]));
  await Process.sleep(50);
  IO.puts(`released ${await GenServer.call(d, "release")}`);
  for (let i = 0; i < 3; i++) IO.puts(`waiter got ${(await receive(["got", _, _]))[2]}`);

  IO.puts("== stopping");
  IO.puts(`stop_me replies ${await GenServer.call(d, "stop_me")}`);
  await Process.sleep(20);
  IO.puts(`stop: ${inspect(await GenServer.stop(named, "shutdown"))}`);
  IO.puts(await exitReason(() => GenServer.stop(named)));
  const [, l] = await GenServer.startLink(Stack, []);
  GenServer.cast(l, "die");
  const [, , reason] = await receive(["EXIT", l, _]);
  IO.puts(`linked server exited ${inspect(reason)}`);
}
