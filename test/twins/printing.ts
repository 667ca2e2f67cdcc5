// Printing (#10 item 8): small maps with their keys sorted, keyword lists, :infinity, an
// {M, f, args} call, node names, and IO.inspect's line wrapping at 80 columns (Kernel.inspect
// does not wrap: those lines print inspect(inspect(x)), one line either way), each value built
// from JavaScript terms (atoms are strings, tuples arrays, maps objects).
// The twin of test/elixir/printing.exs; printing.test.ts compares the two.
// Run: npx beamlab run test/twins/printing.ts
import { Exit, GenServer, IO, Process, inspect, self, spawn } from "beamlab";

export default async function main() {
  IO.puts("== maps: keys sorted");
  IO.puts(inspect({ name: "ann", age: 3 }));
  IO.puts(inspect({ zeta: 1, alpha: { b: 2, a: 1 }, mid: [3, 2, 1] }));
  IO.puts(inspect({ c: 3, "a b": 1 }));
  IO.puts(inspect(new Map([[2, "two"], [1, "one"], [10, "ten"]])));
  IO.puts(inspect({}));

  IO.puts("== keyword lists");
  IO.puts(inspect([["a", 1], ["b", 2]]));
  IO.puts(inspect([["timeout", Infinity], ["name", "svc"]]));
  IO.puts(inspect({ opts: [["strategy", "one_for_one"], ["max_restarts", 3]] }));
  IO.puts(inspect([["a", 1], "b"]));

  IO.puts("== :infinity, calls and nodes");
  IO.puts(inspect(Infinity));
  IO.puts(inspect(["ok", Infinity]));
  const dead = spawn(() => {});
  await Process.sleep(10);
  let reason: unknown;
  try {
    await GenServer.call(dead, "hello", Infinity);
  } catch (e) {
    reason = (e as Exit).reason;
  }
  IO.puts(inspect(reason));
  IO.puts(inspect(["worker", "nonode@nohost"]));
  IO.puts(inspect("nonode@nohost"));
  IO.puts(inspect(["error", ["already_started", self()]]));

  IO.puts("== IO.inspect wraps at 80 columns");
  IO.inspect(Array.from({ length: 40 }, (_, i) => i + 1));
  IO.inspect({ name: "a fairly long name", id: "0123456789abcdef", roles: ["admin", "dev"], team: "platform" });
  IO.inspect(["ok", { user: { id: 42, name: "ann", tags: ["x", "y", "z"] }, token: "0123456789abcdef" }]);
  IO.inspect([null, true, false, "line\nbreak", "tab\there", 1.5, -3], { label: "labelled" });

  IO.puts("== inspect does not wrap");
  IO.puts(inspect(inspect(Array.from({ length: 40 }, (_, i) => i + 1))));
  IO.puts(inspect(inspect({ name: "a fairly long name", id: "0123456789abcdef", roles: ["admin", "dev"], team: "platform" })));

  IO.puts("== strings that look like node names");
  IO.puts(inspect({ email: "someone@example.com" }));
  IO.puts(inspect(["ann@home", "bo@work"]));

  IO.puts("== sets");
  IO.puts(inspect(new Set([3, 1, 2])));
}
