/**
 * Monitors by name, demonitor and link to a dead process (#10 items 5-7): monitors-links.ts
 * must print exactly what its Elixir twin test/elixir/monitors_links.exs prints on the real
 * BEAM: DOWN noproc at once for an unheld name, {name, node} in a DOWN by name, demonitor
 * always true and its flush, noproc from link (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("monitors and links twin trace", () => {
  twinTrace("monitors_links", "monitors-links.ts", "monitor by name, demonitor, link to a dead pid", 15);
});
