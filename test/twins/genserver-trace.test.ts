/**
 * The GenServer twin trace: genserver-trace.ts must print exactly what its Elixir twin
 * test/elixir/genserver_trace.exs prints on the real BEAM: call results, exit reasons and the
 * order of terminate and replies (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("GenServer twin trace", () => {
  twinTrace("genserver_trace", "genserver-trace.ts", "call results, exit reasons, terminate order", 25);
});
