/**
 * Racing for a name (#10 item 1): name-races.ts must print exactly what its Elixir twin
 * test/elixir/name_races.exs prints on the real BEAM: in 20 rounds each, exactly one of two
 * racers on different schedulers gets the name, the other already_started (GenServer.start)
 * or badarg (Process.register) (see twin-trace.ts). The trace counts outcomes, not when the
 * loser learns it: Beamlab's register answers true at once and kills a loser decided on
 * another scheduler a moment later, where the BEAM raises on the register line (README).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("name races twin trace", () => {
  twinTrace("name_races", "name-races.ts", "one owner per name: already_started or badarg for the loser", 6);
});
