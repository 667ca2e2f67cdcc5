/**
 * million — spawn 1,000,000 processes that all stay alive, blocked in `receive`: how
 * long it takes and what it costs in memory.
 *
 * How: `await System.measureMemory()` (a GC first where `gc` is exposed, as both bench
 * harnesses do; on Node this scheduler worker's heap, in Chromium the scheduler workers'
 * heaps measured by the page); the main process spawns
 * 1,000,000 closures that wait in `receive` for `"stop"`, then one more that reports to
 * main. A closure runs on its spawner's scheduler and the run queue is FIFO, so when
 * that last process runs, every earlier one has run into its receive. Times:
 *   spawn_ms — first spawn until the last `spawn` call returned (all exist);
 *   ms       — until all have run into `receive` (the report) — the headline figure.
 * Memory: measure again; bytes_per_process = heap growth / 1,000,000, less the 8-byte slot
 * per pid of the array main keeps to stop them afterwards; total_mb = that in MiB;
 * `precise` false when the host could only estimate (the harness then drops the figure).
 * Single round. The default process limit (1,048,576, as on the BEAM) fits.
 *
 * BEAM twin: bench/beam/million.exs (`:erlang.memory(:processes)` delta).
 */
import { spawn, send, receive, self, System, Process, IO } from "beamlab";
import type { Pid } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(1_000_000 * SCALE));

export default async function main() {
  // Warm up the spawn path a little, as the BEAM twin does.
  for (let i = 0; i < 10_000; i++) spawn(() => {});
  await Process.sleep(10);

  const parent = self();
  const pids: Pid[] = new Array(N);
  const before = await System.measureMemory();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    pids[i] = spawn(async () => {
      await receive("stop");
    });
  }
  const t1 = performance.now();
  spawn(() => send(parent, "all_waiting"));
  await receive("all_waiting");
  const t2 = performance.now();
  const after = await System.measureMemory();
  const bytes = (after.bytes - before.bytes - N * 8) / N;

  for (let i = 0; i < N; i++) send(pids[i], "stop");
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "million",
        ms: +(t2 - t0).toFixed(1),
        spawn_ms: +(t1 - t0).toFixed(1),
        processes: N,
        rate: Math.round((N / (t2 - t0)) * 1000),
        bytes_per_process: Math.round(bytes),
        total_mb: +((bytes * N) / 1048576).toFixed(1),
        gc: typeof (globalThis as { gc?: unknown }).gc === "function",
        precise: before.precise && after.precise,
        scope: after.scope,
        unit: "ms",
      }),
  );
}
