// Late replies: once Task.await or Task.awaitMany has timed out (and the exit is caught), the
// task's reply never lands in the caller's mailbox; Task.yield gives null while the task runs,
// and Task.shutdown then returns the reply if it came meanwhile.
// The twin of test/elixir/task_late_replies.exs; task-late-replies.test.ts compares the two.
// The exit reason is printed in parts: Beamlab shows a task as %{owner, pid, ref}, not as the
// %Task{} struct. Run: npx beamlab run test/twins/task-late-replies.ts
import { Exit, IO, Process, TIMEOUT, Task, _, inspect, receive } from "beamlab";
import type { TaskRef } from "beamlab";

const slow = (ms: number) => async () => {
  await Process.sleep(ms);
  return "late reply";
};

// The first message in the mailbox, or "empty".
async function mailbox(): Promise<string> {
  const msg = await receive(_, { after: 0 });
  return msg === TIMEOUT ? "empty" : inspect(msg);
}

// The exit a timed-out await gives: ["timeout", ["Task", fun, [taskOrTasks, timeout]]].
async function timedOut(f: () => Promise<unknown>, tasks: TaskRef | TaskRef[]): Promise<string> {
  try {
    return `returned ${inspect(await f())}`;
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    const [reason, [, fun, [named, timeout]]] = e.reason as [unknown, [string, string, [unknown, number]]];
    const pids = (t: unknown) => inspect(Array.isArray(t) ? t.map((x) => x.pid) : (t as TaskRef).pid);
    return `exit ${inspect(reason)} from Task.${fun}, naming its tasks: ${pids(named) === pids(tasks)}, timeout ${timeout}`;
  }
}

export default async function main() {
  IO.puts("== Task.await times out; the reply comes later");
  let task = Task.async(slow(60));
  IO.puts(await timedOut(() => Task.await(task, 20), task));
  await Process.sleep(120);
  IO.puts(`mailbox: ${await mailbox()}`);

  IO.puts("== Task.await_many times out: one task had replied, one had not");
  const tasks = [Task.async(slow(0)), Task.async(slow(60))];
  IO.puts(await timedOut(() => Task.awaitMany(tasks, 30), tasks));
  await Process.sleep(120);
  IO.puts(`mailbox: ${await mailbox()}`);

  IO.puts("== Task.yield gives nil, the task replies, then Task.shutdown");
  task = Task.async(slow(40));
  IO.puts(`yield: ${inspect(await Task.yield(task, 10))}`);
  await Process.sleep(80);
  IO.puts(`shutdown: ${inspect(await Task.shutdown(task))}`);
  IO.puts(`mailbox: ${await mailbox()}`);

  IO.puts("== Task.yield gives nil, then Task.shutdown while the task still runs");
  task = Task.async(slow(200));
  IO.puts(`yield: ${inspect(await Task.yield(task, 10))}`);
  IO.puts(`shutdown: ${inspect(await Task.shutdown(task))}`);
  await Process.sleep(250);
  IO.puts(`mailbox: ${await mailbox()}`);
}
