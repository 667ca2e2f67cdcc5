// Code that cannot be preempted (a catastrophic regex, no loop for the compiler to count)
// blocks scheduler 1; the watchdog restarts that worker, and main, on scheduler 0, hears
// that its linked and monitored process was killed. Run with --schedulers 2.
import { IO, Process, receive, spawnOpt, monitor, _ } from "beamlab";

export function backtrack() {
  return /(a+)+$/.test("a".repeat(40) + "b");
}

export default async function main() {
  Process.flag("trap_exit", true);
  const pid = spawnOpt(backtrack, [], { scheduler: 1, link: true });
  const ref = monitor(pid);
  const [, , reason] = await receive(["EXIT", pid, _]);
  IO.puts(`EXIT reason: ${reason}`);
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts(`DOWN reason: ${down[4]}`);
  IO.puts("main is still running");
}
