// A timer's callback would run outside any process (never preempted, never stopped with its
// process): setInterval is refused with an error pointing at Process.sendAfter. Exits 1.
import { IO } from "beamlab";

export default async function main() {
  IO.puts("setting an interval");
  setInterval(() => {
    for (;;) {}
  }, 10);
  IO.puts("not reached");
}
