/**
 * Lesson 06 — Supervisors (starter).
 * Three workers under a supervisor: kill one and see what each strategy restarts; kill it
 * too often and see the supervisor give up; give a one-off job the right restart type;
 * fire and forget tasks under a Task.Supervisor.
 */
import { GenServer, IO, Process, Supervisor, Task, TIMEOUT, _, monitor, receive, spawnLink, type ChildSpec, type Strategy } from "beamlab";

// A worker that does nothing but exist under its name.
const Worker = {
  // Client
  startLink: (name: string) => GenServer.startLink(Worker, name, { name }),

  // Server (callbacks)
  init: (name: string) => ["ok", name] as const,
};

const ids = ["cache", "mailer", "stats"];
const children: ChildSpec[] = ids.map((id) => ({ id, start: () => Worker.startLink(id) }));

// Which children have a new pid after `victim` is killed?
async function restartedAfterKilling(strategy: Strategy, victim: string): Promise<string[]> {
  const [, sup] = await Supervisor.start(children, { strategy });
  const before = new Map(ids.map((id) => [id, Process.whereis(id)]));
  Process.exit(before.get(victim)!, "kill");
  await Process.sleep(50);
  const restarted = ids.filter((id) => Process.whereis(id) !== before.get(id));
  await Supervisor.stop(sup);
  return restarted;
}

// A one-off job: does its work and finishes normally.
function migrate() {
  IO.puts("migrate: done");
}

// A fire-and-forget job: send one email (and crash on a bad address).
function sendEmail(to: string) {
  if (to === "?") throw new Error(`no address: ${to}`);
  IO.puts(`email sent to ${to}`);
}

export default async function main() {
  // 1. Strategies: what else restarts when one child dies.
  for (const strategy of ["one_for_one", "one_for_all", "rest_for_one"] as const) {
    const restarted = await restartedAfterKilling(strategy, "mailer");
    IO.puts(`${strategy}: killed mailer -> restarted ${restarted.join(", ")}`);
  }

  // 2. Intensity: more than maxRestarts restarts in maxSeconds, and the supervisor gives up.
  const [, sup] = await Supervisor.start(children, { strategy: "one_for_one", maxRestarts: 3, maxSeconds: 5 });
  const ref = monitor(sup);
  for (let kill = 1; kill <= 4; kill++) {
    Process.exit(Process.whereis("mailer")!, "kill");
    const down = await receive(["DOWN", ref, "process", sup, _], { after: 50 });
    IO.puts(down === TIMEOUT ? `kill ${kill}: mailer restarted` : `kill ${kill}: the supervisor gave up, reason ${down[4]}`);
  }

  // 3. Restart types: permanent (always), transient (after a crash), temporary (never).
  // TODO: run this and count the "migrate: done" lines. A permanent child is restarted even
  //       when it finishes normally, until the supervisor gives up. Pick the restart type
  //       that restarts the job only if it crashes.
  const [, jobs] = await Supervisor.start([{ id: "migrate", start: () => spawnLink(migrate), restart: "permanent" }]);
  await Process.sleep(50);
  IO.puts(`after migrate: supervisor alive? ${await Process.alive(jobs)}`);
  await Supervisor.stop(jobs);

  // 4. Fire and forget: one-off tasks under a Task.Supervisor (restart: temporary).
  const [, tasks] = await Task.Supervisor.start();
  for (const to of ["ana", "?", "bo"]) await Task.Supervisor.startChild(tasks, () => sendEmail(to));
  await Process.sleep(200);
  IO.puts(`fire-and-forget: tasks still running ${(await Task.Supervisor.children(tasks)).length}; main carries on`);
  await Task.Supervisor.stop(tasks);
}
