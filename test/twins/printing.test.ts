/**
 * Printing (#10 item 8): printing.ts against its Elixir twin test/elixir/printing.exs (see
 * twin-trace.ts). Sorted small maps, keyword lists of non-string values, :infinity, the
 * {GenServer, :call, args} of an exit, node names and IO.inspect's wrapping print as Elixir
 * prints them. Four differences remain, reported to the lead and held here line by line:
 *
 * - a keyword list whose value is a string (`[name: "svc"]`, `[strategy: :one_for_one]`):
 *   `["name", "svc"]` is all strings, so by inspect's rule 1 it is a list, not a tuple, and
 *   the whole list stops being a keyword list;
 * - `inspect(x)` wraps at 80 columns as `IO.inspect` does, but Elixir's Kernel.inspect/2
 *   does not wrap (pretty: false); the lines print inspect(inspect(x)) to show it on one line;
 * - any `name@host` string prints as a node-name atom (`%{email: :someone@example.com}`):
 *   inspect.ts's NODE_NAME matches e-mail addresses;
 * - a Set prints in insertion order; Elixir sorts a small MapSet (`MapSet.new([1, 2, 3])`).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("printing twin trace", () => {
  twinTrace("printing", "printing.ts", "maps, keyword lists, :infinity, calls, nodes, wrapping", 30, {
    because: "keyword lists with string values, inspect wraps, name@host strings, MapSet order",
    lines: [
      { line: 9, ours: '[{:timeout, :infinity}, ["name", "svc"]]', elixir: '[timeout: :infinity, name: "svc"]' },
      { line: 10, ours: '%{opts: [["strategy", "one_for_one"], {:max_restarts, 3}]}', elixir: "%{opts: [strategy: :one_for_one, max_restarts: 3]}" },
      {
        line: 35,
        ours: '"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]"',
        elixir: '"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]"',
      },
      {
        line: 36,
        ours: '"%{\\n  id: \\"0123456789abcdef\\",\\n  name: \\"a fairly long name\\",\\n  roles: [\\"admin\\", \\"dev\\"],\\n  team: \\"platform\\"\\n}"',
        elixir: '"%{id: \\"0123456789abcdef\\", name: \\"a fairly long name\\", roles: [\\"admin\\", \\"dev\\"], team: \\"platform\\"}"',
      },
      { line: 38, ours: "%{email: :someone@example.com}", elixir: '%{email: "someone@example.com"}' },
      { line: 39, ours: "[:ann@home, :bo@work]", elixir: '["ann@home", "bo@work"]' },
      { line: 41, ours: "MapSet.new([3, 1, 2])", elixir: "MapSet.new([1, 2, 3])" },
    ],
  });
});
