/**
 * Exits inside GenServer callbacks (#10 items 2 and 3): genserver-exits.ts must print exactly
 * what its Elixir twin test/elixir/genserver_exits.exs prints on the real BEAM: terminate runs
 * with the reason of an exit in handle_call/cast/info, and calling_self (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("GenServer exits twin trace", () => {
  twinTrace("genserver_exits", "genserver-exits.ts", "exit in callbacks runs terminate; calling_self", 15);
});
