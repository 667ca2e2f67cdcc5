// Link to a process that is already dead, the dead process on another scheduler: link should
// raise noproc at once when the caller does not trap exits (the next line does not run); when
// it traps exits, link returns true and ["EXIT", pid, "noproc"] arrives. Each case runs in a
// caller process on main's scheduler, so that main can report what became of it.
// The twin of test/elixir/link_dead_remote.exs; link-dead-remote.test.ts compares the two.
// Run: npx beamlab run test/twins/link-dead-remote.ts --schedulers 2
import { IO, Process, TIMEOUT, _, demonitor, inspect, link, receive, send, self, spawnMonitor, spawnOpt } from "beamlab";
import type { Pid } from "beamlab";

export function quit() {}

async function deadPid(): Promise<Pid> {
  const [dead, ref] = spawnOpt(quit, [], { monitor: true, scheduler: 1 });
  await receive(["DOWN", ref, _, _, _]);
  return dead;
}

// Run `caller` in a process; print what it told main, then whether it lived on (a caller
// sleeps 300 ms after it speaks).
async function caseOf(title: string, caller: (main: Pid) => Promise<unknown>) {
  const [, ref] = spawnMonitor(caller, self());
  const m = await receive((m: unknown) => Array.isArray(m) && (m[0] === "said" || (m[0] === "DOWN" && m[1] === ref)));
  if (m[0] === "DOWN") return IO.puts(`${title}: died before the line after link`);
  const down = await receive(["DOWN", ref, _, _, _], { after: 200 });
  IO.puts(down === TIMEOUT ? `${title}: ${m[1]}, then lived on` : `${title}: ${m[1]}, then died with ${inspect(down[4])}`);
  demonitor(ref, { flush: true });
}

export default async function main() {
  const dead = await deadPid();

  await caseOf("not trapping, caught", async (main) => {
    try {
      link(dead);
      send(main, ["said", "link returned"]);
    } catch (e) {
      if (!(e instanceof Error && e.message.endsWith("(noproc)"))) throw e;
      send(main, ["said", "raised noproc"]);
    }
    await Process.sleep(300);
  });

  await caseOf("not trapping, uncaught", async (main) => {
    link(dead);
    send(main, ["said", "the line after link ran"]);
    await Process.sleep(300);
  });

  await caseOf("trapping", async (main) => {
    Process.flag("trap_exit", true);
    link(dead);
    const msg = await receive(["EXIT", dead, _], { after: 100 });
    send(main, ["said", msg === TIMEOUT ? "link returned true, then no EXIT" : `link returned true, then EXIT ${inspect(msg[2])}`]);
    await Process.sleep(300);
  });
}
