// Racing for a name (#10 item 1): two processes on different schedulers take the same name at
// the same moment, 20 rounds each way. A name has exactly one owner: of two GenServer.start
// calls one gets ["ok", pid] and the other ["error", ["already_started", pid]]; of two
// Process.register calls one holds the name and the other dies of badarg.
// The twin of test/elixir/name_races.exs; name-races.test.ts compares the two.
// Run: npx beamlab run test/twins/name-races.ts --schedulers 2
import { GenServer, IO, Process, TIMEOUT, _, receive, self, send, spawnOpt } from "beamlab";
import type { GenServerModule, Pid, Ref } from "beamlab";

const ROUNDS = 20;

const Named: GenServerModule<null, null> = { init: () => ["ok", null] };

// Racers wait for "go", so main can start them at the same moment.
export async function startRacer(main: Pid) {
  await receive("go");
  send(main, ["started", await GenServer.start(Named, null, { name: "shared" })]);
}

export async function registerRacer(main: Pid) {
  await receive("go");
  Process.register(self(), "taken");
  send(main, "registered");
  await receive("stop");
}

const count = <T>(results: T[], f: (r: T) => boolean) => results.filter(f).length;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function startRound(): Promise<[boolean, boolean, boolean]> {
  const racers = [0, 1].map((scheduler) => spawnOpt(startRacer, [self()], { scheduler }));
  for (const r of racers) send(r, "go");
  const results: unknown[] = [];
  for (const _r of racers) results.push((await receive(["started", _]))[1]);
  const winner = (results.find((r) => (r as unknown[])[0] === "ok") as [string, Pid] | undefined)?.[1];
  const oks = count(results, (r) => (r as unknown[])[0] === "ok");
  const told = count(results, (r) => same(r, ["error", ["already_started", winner]]));
  const whereis = Process.whereis("shared") === winner;
  if (winner) await GenServer.stop(winner);
  return [oks === 1, told === 1, whereis];
}

// A badarg exit: killed with badarg, or the exception raised by register on its own line.
const isBadarg = (reason: unknown) =>
  reason === "badarg" || (Array.isArray(reason) && reason[0] === "error" && String(reason[1]).endsWith("(badarg)"));

async function registerRound(): Promise<[boolean, boolean]> {
  const racers = [0, 1].map((scheduler) => spawnOpt(registerRacer, [self()], { scheduler, monitor: true })) as [Pid, Ref][];
  for (const [r] of racers) send(r, "go");
  // The loser dies; the winner lives on, holding the name.
  const down = await receive(["DOWN", _, "process", _, _], { after: 500 });
  await Process.sleep(20);
  const holder = Process.whereis("taken");
  const oneHolder = holder !== undefined && racers.some(([r]) => r === holder) && (await Process.alive(holder));
  const badarg = down !== TIMEOUT && isBadarg(down[4]);
  for (const [r, ref] of racers) {
    if (r !== holder) continue;
    send(r, "stop");
    await receive(["DOWN", ref, _, _, _]);
  }
  while ((await receive(_, { after: 0 })) !== TIMEOUT);
  return [oneHolder, badarg];
}

export default async function main() {
  const starts: [boolean, boolean, boolean][] = [];
  for (let i = 0; i < ROUNDS; i++) starts.push(await startRound());
  IO.puts(`GenServer.start, two racers, ${ROUNDS} rounds`);
  IO.puts(`  exactly one {:ok, pid}: ${count(starts, (r) => r[0])}`);
  IO.puts(`  the other {:error, {:already_started, pid}} with the winner's pid: ${count(starts, (r) => r[1])}`);
  IO.puts(`  whereis gives the winner: ${count(starts, (r) => r[2])}`);

  const registers: [boolean, boolean][] = [];
  for (let i = 0; i < ROUNDS; i++) registers.push(await registerRound());
  IO.puts(`Process.register, two racers, ${ROUNDS} rounds`);
  IO.puts(`  exactly one racer holds the name: ${count(registers, (r) => r[0])}`);
  IO.puts(`  the other died of badarg: ${count(registers, (r) => r[1])}`);
}
