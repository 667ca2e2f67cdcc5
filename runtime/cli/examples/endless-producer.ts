// main takes three items from a producer that never stops, then returns. Like
// `elixir script.exs`, the runner exits 0 at once; with --no-halt it waits for the producer
// (forever: only --timeout ends it, exit 3).
import { IO, Process, receive, self, send, spawn, _ } from "beamlab";
import type { Pid } from "beamlab";

async function producer(consumer: Pid) {
  for (let n = 1; ; n++) {
    IO.puts(`produced ${n}`);
    send(consumer, ["item", n]);
    await Process.sleep(200);
  }
}

export default async function main() {
  spawn(producer, self());
  for (let i = 0; i < 3; i++) await receive(["item", _]);
  IO.puts("main got 3 items and returns");
}
