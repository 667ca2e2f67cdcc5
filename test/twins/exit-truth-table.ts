// The exit-signal truth table (Erlang reference manual, "Receiving Exit Signals"): each reason
// (normal, an abnormal one, kill) from each source (a linked process that exits with it,
// Process.exit from another process, Process.exit(self())), to a process that traps exits and
// to one that does not. The table runs twice: with every process on main's scheduler, then
// with the target on the other one, so every signal but its own crosses schedulers.
// The twin of test/elixir/exit_truth_table.exs; exit-signals.test.ts compares the two.
// Run: npx beamlab run test/twins/exit-truth-table.ts --schedulers 2
import { IO, Process, TIMEOUT, _, demonitor, exit, inspect, receive, self, send, spawnOpt } from "beamlab";
import type { Pid, Ref } from "beamlab";

type Source = "link" | "other" | "self";

export function linked(reason: unknown) {
  exit(reason);
}

// The target: trap exits or not, wait for "go", then (for link and self) bring the signal on
// itself; report the first message it gets within 100 ms and who sent it, or that none came.
export async function target(main: Pid, source: Source, reason: unknown, trapping: boolean) {
  Process.flag("trap_exit", trapping);
  send(main, ["ready", self()]);
  await receive("go");

  let linkedPid: Pid | undefined;
  if (source === "link") linkedPid = spawnOpt(linked, [reason], { link: true, scheduler: 0 });
  if (source === "self") Process.exit(self(), reason);

  const msg = await receive(["EXIT", _, _], { after: 100 });
  if (msg === TIMEOUT) return send(main, "nothing");
  const from = msg[1];
  const who = from === main ? "main" : from === self() ? "itself" : from === linkedPid ? "the linked process" : "?";
  send(main, ["received", msg, who]);
}

// What became of the target: the message it got, or nothing, or its death.
async function outcome(ref: Ref): Promise<string> {
  const m = await receive((m: unknown) => (Array.isArray(m) ? m[0] === "received" || (m[0] === "DOWN" && m[1] === ref) : m === "nothing"));
  if (m === "nothing") return demonitor(ref, { flush: true }) && "nothing happens";
  if (m[0] === "received") return demonitor(ref, { flush: true }) && `gets ${inspect(m[1])} from ${m[2]}`;
  return `dies with ${inspect(m[4])}`;
}

const trappingText = (trapping: boolean) => (trapping ? "trapping" : "not trapping");

async function row(scheduler: number, source: Source, reason: unknown, trapping: boolean) {
  const [, ref] = spawnOpt(target, [self(), source, reason, trapping], { monitor: true, scheduler });
  const [, pid] = await receive(["ready", _]);
  send(pid, "go");
  if (source === "other") Process.exit(pid, reason);
  IO.puts(`${source} ${inspect(reason)}, ${trappingText(trapping)}: ${await outcome(ref)}`);
}

// A process linked to one that another process kills.
export async function linkedToVictim(main: Pid, trapping: boolean) {
  Process.flag("trap_exit", trapping);
  const victim = spawnOpt(() => Process.sleep(Infinity), [], { link: true });
  send(main, ["victim", victim]);
  const msg = await receive(["EXIT", victim, _], { after: 100 });
  send(main, msg === TIMEOUT ? "nothing" : ["received", msg, "the linked process"]);
}

export default async function main() {
  for (const [title, scheduler] of [["== every process on main's scheduler", 0], ["== the target on another scheduler", 1]] as const) {
    IO.puts(title);
    for (const source of ["link", "other", "self"] as const)
      for (const reason of ["normal", "boom", "kill"])
        for (const trapping of [false, true]) await row(scheduler, source, reason, trapping);
  }

  IO.puts("== a linked process killed by another: its links see :killed");
  for (const trapping of [false, true]) {
    const [, ref] = spawnOpt(linkedToVictim, [self(), trapping], { monitor: true, scheduler: 1 });
    const [, victim] = await receive(["victim", _]);
    Process.exit(victim, "kill");
    IO.puts(`link to a killed process, ${trappingText(trapping)}: ${await outcome(ref)}`);
  }
}
