/**
 * Lesson 02 — Fan-out, fan-in (solution).
 * Five "queries" with different latencies, run three ways: one after another, one process
 * each collected with receive, and one Task each collected with Task.await.
 */
import { spawn, send, receive, self, _, IO, Process, Task } from "beamlab";

// [name, latency in ms]: a stand-in for a database or an HTTP API.
const queries: Array<[string, number]> = [
  ["users", 80],
  ["orders", 150],
  ["products", 50],
  ["reviews", 120],
  ["stock", 100],
];

async function runQuery([name, ms]: [string, number]): Promise<string> {
  await Process.sleep(ms); // the query's latency
  return name;
}

// One after another: the caller waits for each query in turn.
async function sequential(): Promise<string[]> {
  const results: string[] = [];
  for (const q of queries) results.push(await runQuery(q));
  return results;
}

// Fan out: one process per query. Fan in: one receive per query.
async function spawnAndReceive(): Promise<string[]> {
  const caller = self();
  for (const q of queries) {
    spawn(async () => send(caller, ["result", await runQuery(q)]));
  }
  const results: string[] = [];
  for (const _q of queries) {
    const [, result] = await receive(["result", _]);
    results.push(result);
  }
  return results;
}

// The same with Task: async starts a linked process, await takes *its* reply.
async function withTasks(): Promise<string[]> {
  const tasks = queries.map((q) => Task.async(() => runQuery(q)));
  return Task.awaitMany(tasks);
}

async function timed(label: string, run: () => Promise<string[]>) {
  const start = Date.now();
  const results = await run();
  IO.puts(`${label}: ${Date.now() - start} ms -> ${results.join(", ")}`);
}

export default async function main() {
  const latencies = queries.map(([, ms]) => ms);
  IO.puts(`sum of latencies: ${latencies.reduce((a, b) => a + b)} ms, longest: ${Math.max(...latencies)} ms`);
  await timed("sequential", sequential);
  await timed("spawn + receive", spawnAndReceive);
  await timed("Task.async + await", withTasks);
}
