/**
 * Tests of the benchmark report: parsing the scenarios' `BENCH` lines and the BEAM
 * scripts' JSON, scaling a scenario's source, and the table's figures, ratios and marks.
 */
import { describe, expect, it } from "vitest";
import { formatTable, parseBeamOutput, parseBenchLines, withScale, type Results } from "./report";

/** The table row whose first cell starts with `label`, split into trimmed cells. */
function row(table: string, label: string): string[] {
  const line = table.split("\n").find((l) => l.startsWith(`| ${label}`));
  if (!line) throw new Error(`no row ${label} in\n${table}`);
  return line.split("|").slice(1, -1).map((c) => c.trim());
}

describe("parseBenchLines", () => {
  it("collects the figures of each BENCH line by key and ignores other output", () => {
    const r = parseBenchLines([
      "warming up",
      'BENCH {"key":"ring","value":1200000,"unit":"hops/s"}',
      '  BENCH {"key":"fairness","p50_us":16,"p99_us":127,"max_us":3971,"unit":"us"}',
      '{"key":"spawn_rate","value":5}',
    ]);
    expect(Object.keys(r).sort()).toEqual(["fairness", "ring"]);
    expect(r.ring.value).toBe(1200000);
    expect(r.fairness.p99_us).toBe(127);
  });

  it("skips a malformed line or one without a key", () => {
    const r = parseBenchLines(["BENCH {not json", 'BENCH {"value":3}', "BENCH [1,2]", 'BENCH {"key":"ring","value":1}']);
    expect(r).toEqual({ ring: { key: "ring", value: 1 } });
  });
});

describe("parseBeamOutput", () => {
  it("reads the JSON object on the last non-empty stdout line", () => {
    const f = parseBeamOutput('round 1: 123\n{"key":"ping_pong","value":2500000,"unit":"round_trips/s"}\n\n');
    expect(f).toEqual({ key: "ping_pong", value: 2500000, unit: "round_trips/s" });
  });

  it("returns undefined when the last line is not figures", () => {
    expect(parseBeamOutput('{"key":"ring"}\n** (RuntimeError) boom')).toBeUndefined();
    expect(parseBeamOutput("")).toBeUndefined();
  });
});

describe("withScale", () => {
  it("rewrites the scenario's SCALE line", () => {
    expect(withScale("const SCALE = 1;\nconst N = 100 * SCALE;", 0.1)).toBe("const SCALE = 0.1;\nconst N = 100 * SCALE;");
  });

  it("refuses a scenario that cannot be scaled", () => {
    expect(() => withScale("const N = 100;", 0.1)).toThrow(/SCALE/);
  });
});

describe("formatTable", () => {
  const beam: Results = {
    idle_memory: { key: "idle_memory", value: 2700, unit: "bytes/process" },
    spawn_rate: { key: "spawn_rate", value: 1_000_000, unit: "processes/s" },
    local_throughput: { key: "local_throughput", value: 10_000_000, unit: "messages/s" },
    ring: { key: "ring", value: 4_000_000, unit: "hops/s" },
    fairness: { key: "fairness", p50_us: 5, p99_us: 40, max_us: 90, unit: "us" },
    genserver_call: { key: "genserver_call", value: 900_000, unit: "calls/s" },
  };
  const ours: Results = {
    idle_memory: { key: "idle_memory", value: 1500, unit: "bytes/process" },
    spawn_rate: { key: "spawn_rate", value: 1_600_000, unit: "processes/s" },
    local_throughput: { key: "local_throughput", value: 4_000_000, unit: "messages/s" },
    ring: { key: "ring", value: 2_000_000, unit: "hops/s" },
    cross_scheduler: { key: "cross_scheduler", value: 1_570_000, unit: "messages/s" },
    fairness: { key: "fairness", p50_us: 16, p99_us: 127, max_us: 3971, unit: "us" },
    million: { key: "million", ms: 5438.5, bytes_per_process: 1515, unit: "ms" },
  };
  const table = formatTable(ours, beam, { host: "Node 20" });

  it("has the five columns, naming the host", () => {
    expect(table.split("\n")[0]).toBe("| scenario | Beamlab (Node 20) | BEAM | ratio | target |");
  });

  it("shows both figures, their ratio and a pass against a ratio target", () => {
    expect(row(table, "spawn rate")).toEqual(["spawn rate", "1.60 M/s", "1.00 M/s", "1.60×", "≥ 1× ✓"]);
    expect(row(table, "ring")).toEqual(["ring hops (10k processes)", "2.00 M/s", "4.00 M/s", "0.50×", "≥ 0.5× ✓"]);
  });

  it("marks a miss against a ratio target", () => {
    expect(row(table, "local throughput")).toEqual(["local throughput (1 scheduler)", "4.00 M/s", "10.0 M/s", "0.40×", "≥ 0.5× ✗"]);
    expect(row(table, "memory per idle process")).toEqual(["memory per idle process", "1.46 KB", "2.64 KB", "0.56×", "≤ 0.4× BEAM (≤ 1 KB) ✗"]);
  });

  it("judges absolute targets without a BEAM figure", () => {
    expect(row(table, "cross-scheduler")).toEqual(["cross-scheduler throughput", "1.57 M/s", "—", "—", "≥ 2 M/s ✗"]);
    expect(row(table, "fairness")[1]).toBe("p99 127 µs (p50 16 µs, max 4.0 ms)");
    expect(row(table, "fairness")[4]).toBe("p99 ≤ 1 ms ✓");
    expect(row(table, "1M idle processes")).toEqual(["1M idle processes", "5.44 s, 1.48 KB/proc", "—", "—", "completes ✓"]);
  });

  it("leaves unjudged a ratio target with no BEAM figure, and scenarios we have not built", () => {
    expect(row(table, "ping-pong")).toEqual(["ping-pong round trips", "—", "—", "—", "≥ 0.5×"]);
    expect(row(table, "GenServer.call")).toEqual(["GenServer.call", "—", "900 k/s", "—", "—"]);
  });

  it("shows only the rows asked for", () => {
    const t = formatTable(ours, beam, { host: "Node 20", keys: ["ring", "genserver_call"] });
    expect(t.split("\n").slice(2).map((l) => l.split("|")[1].trim())).toEqual(["ring hops (10k processes)", "GenServer.call"]);
  });

  it("marks a scenario that failed to run", () => {
    const t = formatTable({ million: { key: "million", error: "timeout" } }, beam, { host: "Node 20" });
    expect(row(t, "1M idle processes")).toEqual(["1M idle processes", "failed: timeout", "—", "—", "completes ✗"]);
  });

  it("says BEAM is not installed, judging memory by its 1 KB fallback", () => {
    const t = formatTable({ idle_memory: { key: "idle_memory", value: 900 } }, null, { host: "Chromium" });
    expect(t.split("\n")[0]).toContain("Beamlab (Chromium)");
    expect(row(t, "memory per idle process")).toEqual(["memory per idle process", "900 B", "not installed", "—", "≤ 0.4× BEAM (≤ 1 KB) ✓"]);
    expect(t).toContain("BEAM: not installed");
  });
});
