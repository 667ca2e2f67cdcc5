/**
 * Printing (#10 item 8): printing.ts against its Elixir twin test/elixir/printing.exs (see
 * twin-trace.ts). Sorted small maps and MapSets, keyword lists, :infinity, the
 * {GenServer, :call, args} of an exit, node names, IO.inspect's wrapping and inspect's one
 * line print as Elixir prints them. Two differences remain, both the price of atoms being
 * strings in Beamlab (README, differences), held here line by line:
 *
 * - an atom value in a keyword list prints as a string (`[strategy: "one_for_one"]`): only a
 *   tuple's first element, known atoms and node names print as atoms;
 * - `name@host` with a one-word host is a valid node name, so it prints as an atom.
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("printing twin trace", () => {
  twinTrace("printing", "printing.ts", "maps, keyword lists, :infinity, calls, nodes, wrapping", 30, {
    because: "an atom value in a keyword list, and name@host strings (atoms are strings in Beamlab)",
    lines: [
      { line: 10, ours: '%{opts: [strategy: "one_for_one", max_restarts: 3]}', elixir: "%{opts: [strategy: :one_for_one, max_restarts: 3]}" },
      { line: 39, ours: "[:ann@home, :bo@work]", elixir: '["ann@home", "bo@work"]' },
    ],
  });
});
