/**
 * Lesson 04 — Schedulers and preemption (starter).
 * One busy-looping "hog" per scheduler, yet a responder on the same scheduler as a hog still
 * answers every ping within a few milliseconds: the scheduler preempts the hog.
 * But the hogs never stop: find them, and kill them.
 */
import { spawn, spawnOpt, send, receive, self, _, IO, Process, System, type Pid } from "beamlab";

const PINGS = 20;

// CPU-bound forever: never waits, never receives. Exported, so that it can be placed on
// any scheduler with spawnOpt (a closure runs where it was spawned).
export async function hog() {
  let x = 0;
  while (true) x = (x * 31 + 7) % 1_000_003;
}

// Answers every ping with a pong, forever.
async function responder() {
  while (true) {
    const [, from] = await receive(["ping", _]);
    send(from, "pong");
  }
}

export default async function main() {
  const schedulers = System.schedulersOnline();
  IO.puts(`schedulers online: ${schedulers}`);

  // The responder is a closure: it runs here, on scheduler 0, beside main.
  const echo = spawn(responder);

  // One hog on every scheduler, scheduler 0 included.
  const hogs: Pid[] = [];
  for (let s = 0; s < schedulers; s++) hogs.push(spawnOpt(hog, [], { scheduler: s }));
  IO.puts(`started ${hogs.length} hogs, one per scheduler`);

  let answered = 0;
  let maxMs = 0;
  for (let i = 0; i < PINGS; i++) {
    const start = Date.now();
    send(echo, ["ping", self()]);
    if ((await receive("pong", { after: 1000 })) === "pong") answered++;
    maxMs = Math.max(maxMs, Date.now() - start);
    await Process.sleep(10);
  }
  IO.puts(`pings answered while the hogs ran: ${answered} of ${PINGS}`);
  IO.puts(`max round trip: ${maxMs} ms`);

  Process.exit(echo, "kill");

  // TODO: the hogs run forever, so this run never ends. Press Run, open the process table,
  // find the processes whose reductions keep climbing, and Kill them from there. Then make
  // main do it: for each hog, print "killing hog <pid> after <n> reductions" (the work it
  // has done so far) and kill it in a way it cannot refuse.

}
