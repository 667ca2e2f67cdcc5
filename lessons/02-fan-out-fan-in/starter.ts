/**
 * Lesson 02 — Fan-out, fan-in (starter).
 * `sequential` runs the five queries one after another. Make `spawnAndReceive` and
 * `withTasks` run them all at once, so each takes about as long as the slowest query.
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
  // TODO 1. Run every query in a process of its own, all at once; each sends its result
  //         back to this process, which collects one result per query.
  return sequential(); // ← replace me
}

// The same with Task: async starts a linked process, await takes *its* reply.
async function withTasks(): Promise<string[]> {
  // TODO 2. The same with one task per query, awaited together.
  return sequential(); // ← replace me
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
