// Lesson 13 — Races, and how to find them: the solution.
//
// The count is read and written in one step, by the table itself: ETS.updateCounter adds 1
// and returns the new value atomically, so no schedule can slip another visitor between a
// read and a write. Every seed of Find races now prints "5 visitors, 5 visits counted".
import { ETS, IO, receive, self, send, spawn } from "beamlab";
import type { Pid } from "beamlab";

const VISITORS = 5;

/** Build the page for visitor number `n` (a real server would do more here). */
async function render(n: number): Promise<string> {
  return `<p>You are visitor number ${n}</p>`;
}

export async function visitor(parent: Pid) {
  // One atomic step: on the table's home scheduler it returns the number, elsewhere a Promise of it.
  const visits = await ETS.updateCounter("counter", "visits", 1);
  const page = await render(visits);
  send(parent, ["done", page]);
}

export default async function main() {
  ETS.new("counter", { type: "set", access: "public" });
  ETS.insert("counter", ["visits", 0]);
  for (let i = 0; i < VISITORS; i++) spawn(visitor, self());
  for (let i = 0; i < VISITORS; i++) await receive();
  const [[, visits]] = ETS.lookup("counter", "visits") as Array<[string, number]>;
  IO.puts(`${VISITORS} visitors, ${visits} visits counted`);
}
