// Links, monitors and names across two schedulers (run with --schedulers 2).
import { IO, Process, monitor, receive, self, send, spawnOpt, _ } from "beamlab";
import type { Pid } from "beamlab";

export async function echo(parent: Pid) {
  Process.register(self(), "echo");
  // The name's broadcast and this message travel the same ordered channel: once main has
  // "ready", it can resolve the name.
  send(parent, "ready");
  for (;;) {
    const msg = await receive();
    if (msg === "crash") throw new Error("echo was told to crash");
    const [from, text] = msg;
    send(from, ["echo", text, (await Process.info(self()))!.scheduler]);
  }
}

export default async function main() {
  Process.flag("trap_exit", true);
  const pid = spawnOpt(echo, [self()], { scheduler: 1, link: true });
  const ref = monitor(pid);
  await receive("ready");
  IO.puts(`whereis echo: ${Process.whereis("echo") === pid}`);
  send("echo", [self(), "hello"]);
  const [, text, sched] = await receive(["echo", _, _]);
  IO.puts(`echo said ${text} from scheduler ${sched}`);
  IO.puts(`main runs on scheduler ${(await Process.info(self()))!.scheduler}`);
  send(pid, "crash");
  const [, from, reason] = await receive(["EXIT", _, _]);
  IO.puts(`EXIT from echo: ${from === pid}, reason: ${reason[1]}`);
  // The name is released before the exit signals go out, on the same channel.
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts(`DOWN: ${down[4][0]}`);
  IO.puts(`whereis echo after death: ${Process.whereis("echo")}`);
  const alive = await Process.alive(pid);
  IO.puts(`alive: ${alive}`);
}
