/**
 * idle_memory — heap cost of one idle process: 100,000 processes blocked in `receive`.
 *
 * How: `await System.measureMemory()` (on Node this scheduler worker's heap; in
 * Chromium the page measures the scheduler workers with measureUserAgentSpecificMemory),
 * which collects garbage first where `gc` is exposed (both bench harnesses expose it),
 * spawn 100,000 closures that each wait in `receive` for `"stop"`, let them all reach the
 * receive, measure again, and divide the heap growth by the count. The spawner keeps the
 * pids in an array so it can stop them afterwards; that array (8 bytes a slot) is
 * subtracted from the figure. Three rounds, median reported, in bytes per process;
 * `precise` is false when the host could only estimate (the harness then drops the figure).
 *
 * BEAM twin: bench/beam/idle_memory.exs (`:erlang.memory(:processes)` delta / 100,000).
 */
import { spawn, send, receive, Process, System, IO } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(100_000 * SCALE));
const ROUNDS = 3;

let precise = true;
let scope = "worker";

async function heap(): Promise<number> {
  const m = await System.measureMemory();
  precise = precise && m.precise;
  scope = m.scope;
  return m.bytes;
}

async function round(): Promise<number> {
  await Process.sleep(5);
  const before = await heap();
  const pids = new Array(N);
  for (let i = 0; i < N; i++) {
    pids[i] = spawn(async () => {
      await receive("stop");
    });
  }
  // Let every new process run into its receive (each runs once, FIFO after us).
  await Process.sleep(20);
  const after = await heap();
  for (let i = 0; i < N; i++) send(pids[i], "stop");
  await Process.sleep(20);
  return (after - before - N * 8) / N;
}

export default async function main() {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(Math.round(await round()));
  const sorted = [...samples].sort((a, b) => a - b);
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "idle_memory",
        value: sorted[Math.floor(sorted.length / 2)],
        unit: "bytes/process",
        processes: N,
        gc: typeof (globalThis as { gc?: unknown }).gc === "function",
        precise,
        scope,
        samples,
      }),
  );
}
