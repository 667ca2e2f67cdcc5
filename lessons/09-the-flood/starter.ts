/**
 * Lesson 09 — The flood (starter).
 * A flooder casts `"process"` to a GenServer every 10 ms; each cast costs the server 40 ms of
 * CPU. The flood is already here, but nobody is watching the server's mailbox.
 * TODO (in `flood`): every 10 casts, ask Process.info about the server and print its
 * message_queue_len as `{:message_queue_len, n}`, like the talk's log.
 */
import { GenServer, Process, IO, Exit, spawnOpt, self, send, receive, _, type Pid } from "beamlab";

export default async function main() {
  const [, server] = await start();
  // The flooder runs on the other scheduler, so the server's busy CPU cannot slow it down
  // (on the BEAM, the schedulers would have spread them out by themselves).
  spawnOpt(flood, [server as Pid, self(), 50], { scheduler: 1 });
  await receive(["flood_over", _]);

  const ahead = (await Process.info(server as Pid))!.messageQueueLen;
  try {
    await GenServer.call(server as Pid, "ping", 1000);
    IO.puts("ping answered");
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    IO.puts(`ping timed out after 1000 ms: ${ahead} casts were ahead of it`);
  }
  Process.exit(server as Pid, "kill");
}

// Client

function start() {
  return GenServer.start(ServerFlood, null, { name: "ServerFlood" });
}

/** Cast `"process"` n times, 10 ms apart (faster than the server can handle them); report as we go (TODO). */
export async function flood(server: Pid, parent: Pid, n: number) {
  for (let i = 1; i <= n; i++) {
    GenServer.cast(server, "process");
    // TODO: every 10 casts, print the server's queue length as {:message_queue_len, n}.
    //       (Process.info about the server is a Promise: it lives on the other scheduler.)
    await Process.sleep(10);
  }
  IO.puts(`flood over: ${n} casts sent`);
  send(parent, ["flood_over", n]);
}

// Server (callbacks)

const ServerFlood = {
  init: () => ["ok", null] as const,

  handleCast: async (_req: "process", state: null) => {
    await work(40);
    return ["noreply", state] as const;
  },

  handleCall: (_req: "ping", _from: unknown, state: null) => ["reply", "pong", state] as const,
};

/** 40 ms of CPU per message: the talk's Enum.map(1..100_000, &:rand.uniform/1), made steady. */
async function work(ms: number) {
  const until = Date.now() + ms;
  let x = 0;
  while (Date.now() < until) x += Math.random();
  return x;
}
