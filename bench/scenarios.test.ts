/**
 * Smoke test of the benchmark scenarios: every bench/scenarios/<key>.ts, shrunk to a few
 * percent of its size, compiles, runs to its end on two Node worker-thread schedulers
 * (each in a fresh run, as `beamlab bench` does) and prints one parseable BENCH line whose
 * figures are positive. Timing is not checked: this machine is shared.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "./node";
import { SCENARIOS, type Figures } from "./report";

/** The figures each scenario must report, by key (the BEAM scripts' field names). */
const HEADLINES: Record<(typeof SCENARIOS)[number], string[]> = {
  idle_memory: ["value"],
  spawn_rate: ["value", "all_exited_ms"],
  local_throughput: ["value", "ms"],
  ping_pong: ["value", "ms"],
  ring: ["value", "ms"],
  cross_scheduler: ["value", "ms"],
  fairness: ["p50_us", "p99_us", "max_us"],
  million: ["ms", "bytes_per_process"],
  genserver_call: ["value", "ms"],
  genstage_pipeline: ["value", "ms"],
};

describe("benchmark scenarios", () => {
  for (const key of SCENARIOS) {
    it(`${key} runs to its end and reports positive figures`, async () => {
      const figures: Figures = await runScenario(key, { scale: 0.02, schedulers: 2, timeoutMs: 15_000 });
      expect(figures.error).toBeUndefined();
      expect(figures.key).toBe(key);
      for (const field of HEADLINES[key]) {
        expect(figures[field], `${key}.${field}`).toBeTypeOf("number");
        expect(figures[field] as number, `${key}.${field}`).toBeGreaterThan(0);
      }
    });
  }

  it("cross_scheduler really sends from scheduler 0 to scheduler 1", async () => {
    const figures = await runScenario("cross_scheduler", { scale: 0.01, schedulers: 2, timeoutMs: 15_000 });
    expect([figures.sender_scheduler, figures.receiver_scheduler]).toEqual([0, 1]);
  });
});
