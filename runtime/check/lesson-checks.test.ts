/** What a learner reads when a check fails: the expected line in words, never a regular expression. */
import { describe, expect, it } from "vitest";
import { defineChecks, evaluate, type RunView } from "./lesson-checks";

const run = (out: string[]): RunView => ({ status: "normal", out, lines: [], frames: [] });

describe("expectMatch", () => {
  const checks = defineChecks({
    checks: [{ name: "a quick round trip", test: (r) => void r.expectMatch(/^max round trip: (\d+) ms$/, "max round trip: <n> ms") }],
  });

  it("returns the match when a line fits", () => {
    expect(evaluate(checks, run(["max round trip: 3 ms"]))).toEqual([{ name: "a quick round trip", ok: true }]);
  });

  it("says which line it expected in words, with what a placeholder stands for, and shows the output", () => {
    const [result] = evaluate(checks, run(["pings answered: 20 of 20"]));
    expect(result!.ok).toBe(false);
    expect(result!.message).toBe('expected a line like "max round trip: <n> ms" (<n> is a number); the output was:\n  pings answered: 20 of 20');
    expect(result!.message).not.toMatch(/\\d|\^|\$\/|\(\\/);
  });
});
