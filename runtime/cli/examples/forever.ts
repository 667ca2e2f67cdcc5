// An endless async loop: preempted, never freezing anything, ended by --timeout (exit 3).
import { IO } from "beamlab";

export default async function main() {
  IO.puts("spinning");
  let n = 0;
  for (;;) n++;
}
