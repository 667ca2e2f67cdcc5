/**
 * The supervision twin trace: supervisor-trace.ts must print exactly what its Elixir twin
 * test/elixir/supervisor_trace.exs prints on the real BEAM: restart order, exit reasons and
 * call results (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("supervisor twin trace", () => {
  twinTrace("supervisor_trace", "supervisor-trace.ts", "restart order, exit reasons, call results", 50);
});
