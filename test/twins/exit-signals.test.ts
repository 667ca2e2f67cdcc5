/**
 * Exit signals as the BEAM delivers them: exit-truth-table.ts must print exactly what its
 * Elixir twin test/elixir/exit_truth_table.exs prints on the real BEAM (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("exit signals twin trace", () => {
  twinTrace("exit_truth_table", "exit-truth-table.ts", "normal, abnormal and kill × link, Process.exit, exit(self()) × trapping or not", 20);
});
