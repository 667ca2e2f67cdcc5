// Exits inside a GenServer's callbacks: exit(reason) in handleCall, handleCast or handleInfo
// runs terminate(reason, state) and then ends the server with that reason; GenServer.call(self(), ...)
// exits at once with calling_self, in a plain process or inside a callback.
// The twin of test/elixir/genserver_exits.exs; genserver-exits.test.ts compares the two.
// Run: npx beamlab run test/twins/genserver-exits.ts
import { Exit, GenServer, IO, _, exit, inspect, monitor, receive, send, self } from "beamlab";
import type { GenServerModule, Pid } from "beamlab";

// The request (or cast, or message) is the reason to exit with; the state names the callback.
const Quitter: GenServerModule<string, string> = {
  init: (state) => ["ok", state],
  handleCall: async (req, _from, state) => {
    if (req === "ask myself") return ["reply", await GenServer.call(self(), "ping"), state];
    exit(req);
  },
  handleCast: (reason) => exit(reason),
  handleInfo: (reason) => exit(reason),
  terminate: (reason, state) => IO.puts(`terminate ${inspect(reason)} in ${state}`),
};

// What a call did: returned, or exited with [reason, ["GenServer", "call", args]].
async function caught(f: () => Promise<unknown>): Promise<string> {
  try {
    return `returned ${inspect(await f())}`;
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    const [reason, call] = e.reason as [unknown, unknown];
    return `exit ${inspect(reason)} from ${inspect(call)}`;
  }
}

// The whole reason a call exited with (for calling_self, which is the reason itself).
async function exitReason(f: () => Promise<unknown>): Promise<string> {
  try {
    return `returned ${inspect(await f())}`;
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    return `exit ${inspect(e.reason)}`;
  }
}

// Start a server, make one of its callbacks exit (the request is the reason), and say what
// the caller and a monitor saw.
async function exitIn(callback: string, reason: unknown) {
  const [, pid] = (await GenServer.start(Quitter, callback)) as ["ok", Pid];
  const ref = monitor(pid);
  if (callback === "handle_call") IO.puts(`caller: ${await caught(() => GenServer.call(pid, reason))}`);
  if (callback === "handle_cast") GenServer.cast(pid, reason);
  if (callback === "handle_info") send(pid, reason);
  const [, , , , why] = await receive(["DOWN", ref, "process", _, _]);
  IO.puts(`server exited with ${inspect(why)}`);
}

export default async function main() {
  IO.puts("== exit(reason) in a callback runs terminate, then the server exits with it");
  await exitIn("handle_call", "boom");
  await exitIn("handle_cast", "normal");
  await exitIn("handle_info", "shutdown");
  await exitIn("handle_cast", ["shutdown", "done"]);
  await exitIn("handle_call", "kill");

  IO.puts("== GenServer.call(self(), ...) exits at once");
  const started = Date.now();
  IO.puts(`main: ${await exitReason(() => GenServer.call(self(), "ping"))}`);
  IO.puts(`at once: ${Date.now() - started < 1000}`);

  const [, pid] = (await GenServer.start(Quitter, "a server that calls itself")) as ["ok", Pid];
  const ref = monitor(pid);
  IO.puts(`caller: ${await caught(() => GenServer.call(pid, "ask myself"))}`);
  const [, , , , why] = await receive(["DOWN", ref, "process", _, _]);
  IO.puts(`server exited with ${inspect(why)}`);
}
