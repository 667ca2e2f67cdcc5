/**
 * Lesson 05 — Fault tolerance (starter).
 * A crash ends only the process it happens in; others can be told about it, with a monitor
 * (a DOWN message) or with a link (an exit signal, a message when the receiver traps exits).
 */
import { spawn, spawnLink, spawnMonitor, receive, _, IO, Process, type Pid } from "beamlab";

// A worker that doubles a number, and crashes on anything else.
function work(input: string): number {
  const n = Number(input);
  if (Number.isNaN(n)) throw new Error(`bad input: ${input}`);
  return n * 2;
}

// What an exit reason says, in a line: a crash's reason is ["error", message, stack].
function why(reason: unknown): string {
  return Array.isArray(reason) && reason[0] === "error" ? `error: ${reason[1]}` : String(reason);
}

export default async function main() {
  // 1. Isolation: the worker crashes (a crash report is printed), main carries on.
  const worker = spawn(() => work("forty-two"));
  await Process.sleep(50);
  IO.puts(`isolation: worker alive? ${await Process.alive(worker)}; main carries on`);

  // 2. A monitor: one-way. The watcher gets a DOWN message; it is never killed.
  const [pid, ref] = spawnMonitor(() => work("forty-two"));
  const [, , , , reason] = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts(`monitor: DOWN, reason ${why(reason)}`);

  // 3. A link, trapped: the exit signal arrives as an ["EXIT", pid, reason] message.
  // TODO: main is linked to this worker, so the worker's crash kills main too: run it and
  //       see. Make main trap exits before it links, so that the exit signal arrives as a
  //       message instead.
  const linked: Pid = spawnLink(() => work("forty-two"));
  const [, , linkReason] = await receive(["EXIT", linked, _]);
  IO.puts(`link + trap_exit: EXIT, reason ${why(linkReason)}`);
  IO.puts("main survived its linked worker's crash");

  // 4. A normal exit does not kill links; a trapping process still hears of it.
  const done = spawnLink(() => work("21"));
  const [, , normal] = await receive(["EXIT", done, _]);
  IO.puts(`normal exit: EXIT, reason ${why(normal)}`);
}
