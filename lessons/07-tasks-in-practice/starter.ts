/**
 * Lesson 07 — Tasks in practice (starter).
 * What Task.await does inside (your own await, as Porcelain writes it), how many tasks run
 * at once with Task.asyncStream, and how a task's crash can stay out of the caller.
 */
import { IO, Process, Task, TIMEOUT, _, demonitor, makeRef, monitor, receive, self, send, spawn, type Pid } from "beamlab";

// ── 1. Your own await ─────────────────────────────────────────────────────────

// A job: works for `ms`, then hands its result to whoever asks with ["get_result", from, ref].
async function job(ms: number, result: number) {
  await Process.sleep(ms);
  const [, from, ref] = await receive(["get_result", _, _]);
  send(from, [ref, result]);
}

// Porcelain.Process.await/2: ask, then wait for the answer, the job's death, or the time limit.
async function awaitJob(pid: Pid, timeout: number) {
  // TODO: write the await, as Porcelain's (in the lesson): ask the job for its result
  //   (the job answers ["get_result", from, tag] with [tag, result]) and wait for whichever
  //   comes first — the reply → ["ok", result]; the job's death → ["error", "noproc"];
  //   nothing within `timeout` ms → ["error", "timeout"] — and leave no DOWN behind.
  return ["error", "not written yet"];
}

// ── 2. In order, in parallel, bounded ─────────────────────────────────────────

async function upload([name, ms]: [string, number]): Promise<string> {
  await Process.sleep(ms);
  return name;
}

async function uploadAll(files: Array<[string, number]>, maxConcurrency: number, ordered = true) {
  const start = Date.now();
  const done: string[] = [];
  for await (const [, name] of Task.asyncStream(files, upload, { maxConcurrency, ordered })) done.push(name);
  return { ms: Date.now() - start, done };
}

// ── 3. When a task crashes ──────────────────────────────────────────────────

function work(input: string): number {
  const n = Number(input);
  if (Number.isNaN(n)) throw new Error(`bad input: ${input}`);
  return n * 2;
}

// What Task.yield says, in a line: ["ok", value], ["exit", reason], or null (still running).
function outcome(r: readonly [string, unknown] | null): string {
  if (r === null) return "still running";
  const [tag, v] = r;
  return Array.isArray(v) && v[0] === "error" ? `${tag}: ${v[1]}` : `${tag}: ${v}`;
}

export default async function main() {
  IO.puts("== your own await");
  const finished = spawn(job, 0, 42);
  IO.inspect(await awaitJob(finished, 100), { label: "a finished job" });
  const dead = spawn(job, 0, 42);
  Process.exit(dead, "kill");
  IO.inspect(await awaitJob(dead, 100), { label: "a dead job" });
  const slow = spawn(job, 500, 42);
  IO.inspect(await awaitJob(slow, 50), { label: "a slow job" });
  Process.exit(slow, "kill");

  IO.puts("== Task.asyncStream: at most maxConcurrency at once");
  const six: Array<[string, number]> = ["a", "b", "c", "d", "e", "f"].map((n) => [n, 50]);
  for (const max of [1, 2, 6]) {
    const { ms } = await uploadAll(six, max);
    IO.puts(`6 uploads of 50 ms, maxConcurrency ${max}: ${ms} ms`);
  }
  const mixed: Array<[string, number]> = [["a", 100], ["b", 20], ["c", 20], ["d", 20]];
  IO.puts(`ordered: true  -> ${(await uploadAll(mixed, 2, true)).done.join(", ")}`);
  IO.puts(`ordered: false -> ${(await uploadAll(mixed, 2, false)).done.join(", ")}`);

  IO.puts("== when a task crashes");
  // Uncomment to see: Task.async links the task to main, so its crash takes main down too.
  // await Task.await(Task.async(() => work("forty-two")));
  const [, sup] = await Task.Supervisor.start();
  const task = await Task.Supervisor.asyncNolink(sup, () => work("forty-two"));
  IO.puts(`asyncNolink + Task.yield -> ${outcome(await Task.yield(task, 1000))}`);
  IO.puts("main carries on");
  await Task.Supervisor.stop(sup);
}
