// A function cannot cross schedulers: Agent.get with a function, on an agent that lives on
// another scheduler, is an error at the call; earlier output and other messages are kept.
// `beamlab run unsendable.ts --schedulers 2` exits 0.
import { Agent, IO, receive, self, send, spawnOpt, _, type Pid } from "beamlab";

export async function keeper(parent: Pid) {
  const [, agent] = (await Agent.start(() => 41)) as ["ok", Pid];
  send(parent, ["agent", agent, self()]);
  for (;;) {
    const [from, n] = (await receive()) as [Pid, number];
    send(from, ["plus one", n + 1]);
  }
}

export default async function main() {
  IO.puts("before");
  spawnOpt(keeper, [self()], { scheduler: 1 });
  const [, agent, keeperPid] = await receive(["agent", _, _]);
  try {
    await Agent.get(agent, (n: number) => n + 1);
  } catch (e) {
    IO.puts((e as Error).message);
  }
  send(keeperPid, [self(), 41]);
  const [, n] = await receive(["plus one", _]);
  IO.puts(`after: the keeper on scheduler 1 still answers ${n}`);
}
