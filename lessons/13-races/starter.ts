// Lesson 13 — Races, and how to find them.
//
// Five visitors open a page at once. Each counts its visit in an ETS table and renders the
// page with its number. Run it: "5 visitors, 5 visits counted", almost every time.
//
// Then switch on Deterministic and press Find races: under some schedules a visit is lost.
// Replay one of those seeds and read `visitor` again.
//
// Your turn: make every visit count, under every schedule Find races tries.
import { ETS, IO, receive, self, send, spawn } from "beamlab";
import type { Pid } from "beamlab";

const VISITORS = 5;

/** Build the page for visitor number `n` (a real server would do more here). */
async function render(n: number): Promise<string> {
  return `<p>You are visitor number ${n}</p>`;
}

export async function visitor(parent: Pid) {
  const [[, visits]] = ETS.lookup("counter", "visits") as Array<[string, number]>;
  const page = await render(visits + 1);
  ETS.insert("counter", ["visits", visits + 1]);
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
