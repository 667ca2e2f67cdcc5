/**
 * genserver_call — synchronous GenServer.call round trips.
 *
 * How: a GenServer whose handleCall("ping") replies "pong" with no state change. A client
 * process (not main) makes 200,000 sequential `GenServer.call(server, "ping")` calls (each:
 * monitor + send + a marker receive of the reply + demonitor, as OTP does it). Clock in the
 * client, from before the first call to after the last reply. One warm-up round, then 5
 * rounds; median.
 *
 * BEAM twin: bench/beam/genserver_call.exs.
 */
import { GenServer, IO, receive, self, send, spawn, _ } from "beamlab";
import type { GenServerModule, Pid } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(200_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

const Trivial: GenServerModule<null, null> = {
  name: "Trivial",
  init: () => ["ok", null],
  handleCall: (_req, _from, state) => ["reply", "pong", state],
};

async function round(): Promise<number> {
  const [, server] = await GenServer.start(Trivial, null);
  const parent = self();
  spawn(async (server: Pid) => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await GenServer.call(server, "ping");
    send(parent, ["done", performance.now() - t0]);
  }, server as Pid);
  const [, ms] = await receive(["done", _]);
  await GenServer.stop(server as Pid);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function main() {
  await round(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) times.push(await round());
  const rates = times.map((ms) => Math.round((N / ms) * 1000));
  const value = median(rates);
  IO.puts(
    "BENCH " +
      JSON.stringify({ key: "genserver_call", value, unit: "calls/s", calls: N, ms: +times[rates.indexOf(value)].toFixed(2), samples: rates }),
  );
}
