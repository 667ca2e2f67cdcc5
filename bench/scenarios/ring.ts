/**
 * ring — Joe Armstrong's ring: a token passed around 10,000 processes for 100 laps
 * (1,000,000 hops).
 *
 * How: 10,000 processes are spawned and each is told its successor (the last one's is
 * the first). The token `["token", hopsLeft]` is injected at the first process; each
 * node forwards it with hopsLeft - 1, and the node that receives 0 reports to the
 * measuring process. Clock: from injecting the token to that report; building the ring
 * is timed separately as `setup_ms`. Every node is a closure, so the ring lives on one
 * scheduler (a token ring is sequential anyway). One warm-up round, then 5 rounds; median.
 *
 * BEAM twin: bench/beam/ring.exs (default placement).
 */
import { spawn, send, receive, self, _, IO } from "beamlab";
import type { Pid } from "beamlab";

const SCALE = 1;
const SIZE = Math.max(100, Math.round(10_000 * SCALE));
const LAPS = 100;
const ROUNDS = SCALE < 1 ? 1 : 5;

async function node(parent: Pid) {
  const [, next] = await receive(["next", _]);
  for (;;) {
    const msg = await receive();
    if (msg === "stop") return;
    const n = (msg as [string, number])[1];
    if (n === 0) send(parent, "done");
    else send(next, ["token", n - 1]);
  }
}

async function round(): Promise<[number, number]> {
  const parent = self();
  const hops = SIZE * LAPS;
  const tSetup = performance.now();
  const pids: Pid[] = [];
  for (let i = 0; i < SIZE; i++) pids.push(spawn(node, parent));
  for (let i = 0; i < SIZE; i++) send(pids[i], ["next", pids[(i + 1) % SIZE]]);
  const t0 = performance.now();
  // The first node performs hop 1, so it is told hops - 1 remain after it.
  send(pids[0], ["token", hops - 1]);
  await receive("done");
  const t1 = performance.now();
  for (const p of pids) send(p, "stop");
  return [t1 - t0, t0 - tSetup];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function main() {
  await round(); // warm-up
  const results: Array<[number, number]> = [];
  for (let r = 0; r < ROUNDS; r++) results.push(await round());
  const rates = results.map(([ms]) => Math.round(((SIZE * LAPS) / ms) * 1000));
  const value = median(rates);
  const [ms, setupMs] = results[rates.indexOf(value)];
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "ring",
        value,
        unit: "hops/s",
        ms: +ms.toFixed(2),
        processes: SIZE,
        laps: LAPS,
        hops: SIZE * LAPS,
        setup_ms: +setupMs.toFixed(2),
        same_scheduler: true,
        samples: rates,
      }),
  );
}
