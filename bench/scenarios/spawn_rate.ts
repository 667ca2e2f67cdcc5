/**
 * spawn_rate — how fast Beamlab creates short-lived processes: 100,000 spawns.
 *
 * How: the measuring process calls `spawn(() => {})` 100,000 times in a loop; each
 * process ends as soon as it runs. `value` is processes/s from just before the first
 * spawn until the last `spawn` call returned (all created). `all_exited_ms` extends the
 * clock until the last spawned process has run: a closure runs on its spawner's
 * scheduler and the run queue is FIFO, so when the last one (which reports to us) runs,
 * every earlier one has run and finished. One warm-up round, then 5 rounds; median.
 *
 * BEAM twin: bench/beam/spawn_rate.exs (`spawn(fn -> :ok end)` in a loop).
 */
import { spawn, send, receive, self, _, IO } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(100_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

async function round(): Promise<[number, number]> {
  const parent = self();
  const t0 = performance.now();
  for (let i = 1; i < N; i++) spawn(() => {});
  spawn(() => send(parent, ["last_ran", performance.now()]));
  const spawned = performance.now();
  const [, ran] = await receive(["last_ran", _]);
  return [spawned - t0, ran - t0];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function main() {
  await round(); // warm-up
  const results: Array<[number, number]> = [];
  for (let r = 0; r < ROUNDS; r++) results.push(await round());
  const rates = results.map(([ms]) => Math.round((N / ms) * 1000));
  const value = median(rates);
  const [spawnMs, allExitedMs] = results[rates.indexOf(value)];
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "spawn_rate",
        value,
        unit: "processes/s",
        processes: N,
        spawn_ms: +spawnMs.toFixed(2),
        all_exited_ms: +allExitedMs.toFixed(2),
        all_exited_rate: Math.round((N / allExitedMs) * 1000),
        samples: rates,
      }),
  );
}
