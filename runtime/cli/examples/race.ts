// A check-then-act race (run with --explore 500: about 2 runs in 100 lose a visit): three visitors each count one visit by
// reading the counter, rendering, and writing the counter back. Almost every run prints
// "visits: 3"; a visitor preempted between its read and its write loses another's visit.
import { ETS, IO, receive, self, send, spawn } from "beamlab";
import type { Pid } from "beamlab";

async function render(visits: number): Promise<string> {
  return `<p>visit number ${visits}</p>`;
}

export async function visitor(parent: Pid) {
  const [[, visits]] = ETS.lookup("counter", "visits") as Array<[string, number]>;
  await render(visits + 1);
  ETS.insert("counter", ["visits", visits + 1]);
  send(parent, "done");
}

export default async function main() {
  ETS.new("counter", { type: "set", access: "public" });
  ETS.insert("counter", ["visits", 0]);
  for (let i = 0; i < 3; i++) spawn(visitor, self());
  for (let i = 0; i < 3; i++) await receive("done");
  const [[, visits]] = ETS.lookup("counter", "visits") as Array<[string, number]>;
  IO.puts(`visits: ${visits}`);
}
