/**
 * Lesson 03 — Lightweight processes (starter).
 * Spawn 100,000 processes that each wait in receive, and measure what they cost.
 */
import { spawn, send, receive, IO, Process, System, type Pid } from "beamlab";

const N = 100_000;

// A process that does nothing but wait for one message.
async function sleeper() {
  await receive("stop");
}

export default async function main() {
  const countBefore = (await Process.list()).length;
  const memBefore = await System.measureMemory();

  const pids: Pid[] = [];
  // TODO: spawn N sleepers and keep their pids in `pids`, so that main can stop them at the end.
  await Process.sleep(100); // let every one of them start and block in receive

  const mem = await System.measureMemory();
  const bytes = mem.bytes - memBefore.bytes;
  IO.puts(`new processes alive: ${(await Process.list()).length - countBefore}`);
  IO.puts(`memory for ${N} processes: ${(bytes / 1_000_000).toFixed(1)} MB`);
  IO.puts(`per process: ${Math.round(bytes / N)} bytes`);
  if (!mem.precise) IO.puts("(an estimate from process counts, not a measurement of the heap)");

  // A run lasts while any process is alive: let them all finish.
  for (const pid of pids) send(pid, "stop");
}
