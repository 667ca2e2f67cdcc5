// Links, monitors and names across two schedulers (run with --schedulers 2).
import { IO, Process, monitor, receive, self, send, spawnOpt, _ } from "beamlab";

export async function echo() {
  Process.register(self(), "echo");
  for (;;) {
    const msg = await receive();
    if (msg === "crash") throw new Error("echo was told to crash");
    const [from, text] = msg;
    send(from, ["echo", text, (await Process.info(self()))!.scheduler]);
  }
}

export default async function main() {
  Process.flag("trap_exit", true);
  const pid = spawnOpt(echo, [], { scheduler: 1, link: true });
  const ref = monitor(pid);
  await Process.sleep(20);
  IO.puts(`whereis echo: ${Process.whereis("echo") === pid}`);
  send("echo", [self(), "hello"]);
  const [, text, sched] = await receive(["echo", _, _]);
  IO.puts(`echo said ${text} from scheduler ${sched}`);
  IO.puts(`main runs on scheduler ${(await Process.info(self()))!.scheduler}`);
  send(pid, "crash");
  const [, from, reason] = await receive(["EXIT", _, _]);
  IO.puts(`EXIT from echo: ${from === pid}, reason: ${reason[1]}`);
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts(`DOWN: ${down[4][0]}`);
  await Process.sleep(20);
  IO.puts(`whereis echo after death: ${Process.whereis("echo")}`);
  const alive = await (Process.alive(pid) as Promise<boolean>);
  IO.puts(`alive: ${alive}`);
}
