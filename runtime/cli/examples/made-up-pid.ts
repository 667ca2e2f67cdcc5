// A pid of a scheduler the run does not have is badarg at the call, and leaves nothing behind:
// `beamlab run made-up-pid.ts --schedulers 2` prints four errors, then "done", and exits 0.
import { IO, Process, link, monitor, send, type Pid } from "beamlab";

export default async function main() {
  const fake = "#PID<0.5.7>" as Pid;
  const calls: Array<[string, () => unknown]> = [
    ["send", () => send(fake, "hi")],
    ["link", () => link(fake)],
    ["monitor", () => monitor(fake)],
    ["exit", () => Process.exit(fake, "kill")],
  ];
  for (const [what, call] of calls) {
    try {
      call();
      IO.puts(`${what}: no error`);
    } catch (e) {
      IO.puts((e as Error).message);
    }
  }
  IO.puts("done");
}
