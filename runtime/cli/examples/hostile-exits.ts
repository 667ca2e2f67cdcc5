// Odd thrown values and exit reasons end only their process, with a report: a Proxy whose
// traps throw, an Error whose message getter throws, a symbol in a reason, and a function in
// a reason that crosses to another scheduler. `beamlab run hostile-exits.ts --schedulers 2` exits 0.
import { IO, Process, exit, receive, spawnLink, spawnOpt, _ } from "beamlab";

const trap = () => {
  throw new Error("trap");
};

export async function remote() {
  exit(["fn", function job() {}]);
}

export default async function main() {
  Process.flag("trap_exit", true);
  spawnLink(() => {
    throw new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
  });
  spawnLink(() => {
    const e = new Error("x");
    Object.defineProperty(e, "message", { get: trap });
    throw e;
  });
  spawnLink(() => exit(["weird", Symbol("s")]));
  spawnOpt(remote, [], { scheduler: 1, link: true });
  for (let i = 0; i < 4; i++) {
    const [, , reason] = await receive(["EXIT", _, _]);
    IO.inspect(reason, { label: "EXIT" });
  }
  IO.puts("main is still here");
}
