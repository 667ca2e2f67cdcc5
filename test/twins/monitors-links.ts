// Monitors by name, demonitor, and link to a dead process. The name section runs twice: with
// the named process on main's scheduler, then on another one. (A link to a dead process on
// another scheduler is link-dead-remote.ts.)
// The twin of test/elixir/monitors_links.exs; monitors-links.test.ts compares the two.
// Messages print on one line (width: Infinity): refs differ in length between the two sides.
// Run: npx beamlab run test/twins/monitors-links.ts --schedulers 2
import { IO, Process, TIMEOUT, _, demonitor, exit, inspect, link, makeRef, monitor, receive, self, send, spawn, spawnOpt } from "beamlab";
import type { Pid } from "beamlab";

const show = (msg: unknown) => inspect(msg, { width: Infinity });

// The first message in the mailbox, or "empty".
async function mailbox(): Promise<string> {
  const msg = await receive(_, { after: 0 });
  return msg === TIMEOUT ? "empty" : show(msg);
}

export async function worker(main: Pid) {
  Process.register(self(), "worker");
  send(main, "registered");
  exit(await receive());
}

export function quit() {}

export async function linkThenReport(main: Pid, dead: Pid) {
  link(dead);
  send(main, "after_link");
  await Process.sleep(100);
}

async function names(scheduler: number) {
  const ref = monitor("nobody");
  const down = await receive(["DOWN", ref, _, _, _], { after: 0 });
  IO.puts(down === TIMEOUT ? "monitor :nobody: no DOWN at once" : `monitor :nobody: ${show(down)}`);

  for (const reason of ["normal", "boom"]) {
    const pid = spawnOpt(worker, [self()], { scheduler });
    await receive("registered");
    const ref = monitor("worker");
    send(pid, reason);
    const down = await receive(["DOWN", ref, _, _, _]);
    IO.puts(`monitor :worker, it exits ${show(reason)}: ${show(down)}`);
  }
}

async function links() {
  const [dead, ref] = spawnOpt(quit, [], { monitor: true });
  await receive(["DOWN", ref, _, _, _]);

  let result: string;
  try {
    link(dead);
    result = "link returned";
  } catch (e) {
    if (!(e instanceof Error && e.message.endsWith("(noproc)"))) throw e;
    result = "raised noproc";
  }
  IO.puts(`link to a dead pid, not trapping: ${result}`);

  const [, ref2] = spawnOpt(linkThenReport, [self(), dead], { monitor: true });
  const m = await receive((m: unknown) => m === "after_link" || (Array.isArray(m) && m[0] === "DOWN" && m[1] === ref2));
  IO.puts(m === "after_link" ? "uncaught: the line after link ran" : "uncaught: died before the line after link");
  demonitor(ref2, { flush: true });
  await Process.sleep(150);
  IO.puts(`mailbox: ${await mailbox()}`);

  Process.flag("trap_exit", true);
  IO.puts(`link to a dead pid, trapping: ${show(link(dead))}`);
  const exitMsg = await receive(["EXIT", _, _], { after: 100 });
  IO.puts(exitMsg === TIMEOUT ? "then no EXIT" : `then EXIT ${show(exitMsg[2])} from the dead pid: ${exitMsg[1] === dead}`);
  Process.flag("trap_exit", false);
}

async function demonitors() {
  const pid = spawn(() => Process.sleep(50));
  IO.puts(`demonitor a live monitor: ${demonitor(monitor(pid))}`);
  IO.puts(`demonitor a made ref: ${demonitor(makeRef())}`);

  let ref = monitor(pid);
  await Process.sleep(100);
  IO.puts(`demonitor after the DOWN came: ${demonitor(ref)}`);
  IO.puts(`mailbox: ${await mailbox()}`);

  ref = monitor(spawn(() => {}));
  await Process.sleep(50);
  IO.puts(`demonitor with flush after the DOWN came: ${demonitor(ref, { flush: true })}`);
  IO.puts(`mailbox: ${await mailbox()}`);
}

export default async function main() {
  for (const [title, scheduler] of [["beside main", 0], ["on another scheduler", 1]] as const) {
    IO.puts(`== monitor by name, the process ${title}`);
    await names(scheduler);
  }
  IO.puts("== link to a dead process");
  await links();
  IO.puts("== demonitor");
  await demonitors();
}
