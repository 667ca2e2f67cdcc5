/**
 * Lesson 12 — Caching (starter).
 * The same cache of 1000 prices two ways: in an Agent, where every read is a message to one
 * process and waits its turn, and in an ETS table, where a read is a lookup that waits for
 * nobody. Measured with 50 concurrent readers, and while the cache's owner is busy.
 * TODO: `etsGet` still asks the table's owner for every price, so it queues like the Agent.
 * Make it read the table itself.
 */
import { Agent, ETS, GenServer, Task, IO, Process, type Pid } from "beamlab";

const KEYS = 1000;
const READERS = 50;
const READS = 300;

export default async function main() {
  // 1. An Agent holds the prices.
  const [, agent] = await Agent.start(() => new Map(Array.from({ length: KEYS }, (_, k) => [k, price(k)])));
  const agentGet = (k: number) => Agent.get(agent as Pid, (m: Map<number, number>) => m.get(k));

  // 2. An ETS table holds the same prices; a process owns it (and is the only writer).
  const [, owner] = await GenServer.start(PriceTable, null);
  // TODO: read the table itself instead of calling its owner.
  const etsGet = (k: number) => GenServer.call<number | undefined>(owner as Pid, ["get", k]);

  IO.puts(`agent: ${await readMany(agentGet)}`);
  IO.puts(`ets:   ${await readMany(etsGet)}`);

  // 3. The owner is busy for 200 ms (refreshing from a slow source). One read from each.
  Agent.cast(agent as Pid, async (m: Map<number, number>) => (await Process.sleep(200), m));
  GenServer.cast(owner as Pid, "refresh");
  await Process.sleep(10); // both owners are now in the middle of their refresh
  const etsMs = await timed(() => etsGet(7)); // first, while the owner is surely still busy
  const agentMs = await timed(() => agentGet(7));
  IO.puts(`while the owner is busy: agent read took ${agentMs} ms, ets read took ${etsMs} ms`);

  await Agent.stop(agent as Pid);
  await GenServer.stop(owner as Pid);
}

function price(k: number): number {
  return 100 + ((k * 7919) % 900);
}

/** READERS tasks, each reading READS random keys with `get`; how long until all are done. */
async function readMany(get: (k: number) => unknown): Promise<string> {
  const started = Date.now();
  const tasks = Array.from({ length: READERS }, (_, r) =>
    Task.async(async () => {
      let sum = 0;
      for (let i = 0; i < READS; i++) sum += ((await get((r * 31 + i * 17) % KEYS)) as number) > 0 ? 1 : 0;
      return sum;
    }),
  );
  const found = (await Task.awaitMany(tasks)).reduce((a, b) => a + b, 0);
  return `${found} reads by ${READERS} readers in ${Date.now() - started} ms`;
}

async function timed(f: () => unknown): Promise<number> {
  const started = Date.now();
  await f();
  return Date.now() - started;
}

// Server (callbacks): the ETS table's owner

const PriceTable = {
  init: () => {
    ETS.new("prices", { type: "set", access: "protected" });
    for (let k = 0; k < KEYS; k++) ETS.insert("prices", [k, price(k)]);
    return ["ok", null] as const;
  },

  handleCall: ([, k]: ["get", number], _from: unknown, state: null) => ["reply", ETS.lookup("prices", k)[0]?.[1], state] as const,

  handleCast: async (_req: "refresh", state: null) => {
    await Process.sleep(200); // a slow source; the table stays readable meanwhile
    for (let k = 0; k < KEYS; k++) ETS.insert("prices", [k, price(k)]);
    return ["noreply", state] as const;
  },
};
