// main crashes: the runner prints a crash report pointing at line 7 and exits 1.
import { IO } from "beamlab";

export default async function main() {
  IO.puts("before the crash");
  const user: { name?: { first: string } } = {};
  IO.puts(user.name!.first);
}
