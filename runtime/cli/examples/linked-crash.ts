// A linked process raises: its crash report, then main exits with the same reason, and the
// runner says it came from the link (exit 1). Elixir prints `** (EXIT from #PID<main>) ...`.
import { IO, Process, spawnLink } from "beamlab";

export default async function main() {
  IO.puts("main links to a worker that raises");
  spawnLink(() => {
    throw new Error("boom");
  });
  await Process.sleep(1000);
  IO.puts("not reached: main went down with its link");
}
