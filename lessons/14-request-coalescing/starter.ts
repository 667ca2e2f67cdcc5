/**
 * Lesson 14 — Request coalescing (starter).
 * 100 processes ask a cache for the same missing key at the same moment. A cache that
 * checks, then computes, then stores runs the expensive computation 100 times; a cache that
 * coalesces runs it once and hands the one result to every waiting caller (Cachex's fetch).
 * TODO (in Cache.handleCall): the cache below still starts a computation for every caller
 * that misses. Start one only for the first; later callers just join the waiting list.
 */
import { GenServer, Task, ETS, Process, IO, self, spawnLink, send, type From, type Pid } from "beamlab";

/** The expensive computation: 50 ms, counted in an ETS counter so we can see how often it ran. */
async function expensiveReport(key: string): Promise<number> {
  await ETS.updateCounter("stats", "computations", 1, ["computations", 0]);
  await Process.sleep(50);
  return key.length * 6; // "top-scores" → 60
}

export default async function main() {
  ETS.new("stats", { type: "set", access: "public" });

  const [, naive] = await GenServer.start(NaiveCache, null);
  await stampede("without coalescing", () => naiveFetch(naive as Pid, "top-scores"));

  const [, cache] = await start(expensiveReport);
  await stampede("with coalescing", () => fetch(cache as Pid, "top-scores"));
  await stampede("once cached", () => fetch(cache as Pid, "top-scores"));

  await GenServer.stop(naive as Pid);
  await GenServer.stop(cache as Pid);
}

/** 100 concurrent requests for the same key: how many computations, and what everyone got. */
async function stampede(label: string, request: () => Promise<number>) {
  ETS.insert("stats", ["computations", 0]);
  const started = Date.now();
  const tasks = Array.from({ length: 100 }, () => Task.async(request));
  const values = await Task.awaitMany(tasks);
  const [[, computations]] = ETS.lookup("stats", "computations") as [[string, number]];
  const same = values.every((v) => v === values[0]);
  const times = computations === 1 ? "1 time" : `${computations} times`;
  IO.puts(`${label}: 100 requests, computed ${times}, ${Date.now() - started} ms, all got ${values[0]}: ${same}`);
}

// The naive cache: check, then compute, then store. Every caller that misses computes.

const NaiveCache = {
  init: () => ["ok", new Map<string, number>()] as const,
  handleCall: (req: ["get", string] | ["put", string, number], _from: From, m: Map<string, number>) =>
    req[0] === "get" ? (["reply", m.get(req[1]), m] as const) : (["reply", "ok", new Map(m).set(req[1], req[2])] as const),
};

async function naiveFetch(cache: Pid, key: string): Promise<number> {
  const hit = await GenServer.call<number | undefined>(cache, ["get", key]);
  if (hit !== undefined) return hit;
  const value = await expensiveReport(key); // 100 callers all get here before the first put
  await GenServer.call(cache, ["put", key, value]);
  return value;
}

// Client

/** Start a coalescing cache that computes a missing key with `loader(key)`. */
function start(loader: (key: string) => Promise<number>) {
  return GenServer.start(Cache, loader);
}

/** The cached value for `key`, computing it (once, however many ask) when missing. */
function fetch(cache: Pid, key: string): Promise<number> {
  return GenServer.call(cache, ["fetch", key]);
}

// Server (callbacks)

type State = {
  loader: (key: string) => Promise<number>;
  values: Map<string, number>;
  /** Keys being computed, and who is waiting for each. */
  waiting: Map<string, From[]>;
};

const Cache = {
  init: (loader: State["loader"]) => ["ok", { loader, values: new Map(), waiting: new Map() } as State] as const,

  handleCall: ([, key]: ["fetch", string], from: From, s: State) => {
    if (s.values.has(key)) return ["reply", s.values.get(key), s] as const;

    const waiters = s.waiting.get(key) ?? [];
    // TODO: only the first caller (nobody waiting yet) should start the computation;
    //       everyone who asks while it runs should just wait for that one result.
    const cache = self();
    spawnLink(async () => send(cache, ["computed", key, await s.loader(key)]));
    return ["noreply", { ...s, waiting: new Map(s.waiting).set(key, [...waiters, from]) }] as const;
  },

  handleInfo: ([, key, value]: ["computed", string, number], s: State) => {
    for (const from of s.waiting.get(key) ?? []) GenServer.reply(from, value);
    const waiting = new Map(s.waiting);
    waiting.delete(key);
    return ["noreply", { ...s, values: new Map(s.values).set(key, value), waiting }] as const;
  },
};
