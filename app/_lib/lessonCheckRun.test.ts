/** The page checks the learner's run like CI checks the solution, and skips runs that say nothing. */
import { describe, expect, it } from "vitest";
import { defineChecks } from "../../runtime/check/lesson-checks";
import type { DecodedFrame } from "../../runtime/host/stats";
import type { OutputLine } from "../../runtime/host/protocol";
import { checkRun, toRunView } from "./lessonCheckRun";

const checks = defineChecks({
  checks: [
    { name: "prints fib(20)", test: (run) => run.expectLine("fib(20): 6765") },
    { name: "ends normally", test: (run) => run.expectNormalEnd() },
    {
      name: "the chart sees a queue of 3",
      test: (run) => run.expect(run.run.frames.some((f) => f.processes.some((p) => p.queue >= 3)), "no queue of 3"),
    },
  ],
});

const out = (text: string): OutputLine => ({ pid: "#PID<0.1.0>", kind: "out", text }) as OutputLine;
const frame = (queue: number) => ({ processes: [{ queue }] }) as unknown as DecodedFrame;

describe("checkRun", () => {
  it("passes when every check holds on the run's output and frames", () => {
    const outcome = checkRun(checks, { status: "normal", lines: [out("fib(20): 6765")], frames: [frame(1), frame(3)] });
    expect(outcome).toEqual({
      kind: "checked",
      passed: true,
      results: [
        { name: "prints fib(20)", ok: true },
        { name: "ends normally", ok: true },
        { name: "the chart sees a queue of 3", ok: true },
      ],
    });
  });

  it("names each failing check with its message", () => {
    const outcome = checkRun(checks, { status: "crashed", lines: [out("fib(20): 1")], frames: [] });
    expect(outcome.kind === "checked" && outcome.passed).toBe(false);
    if (outcome.kind !== "checked") throw new Error("expected a checked run");
    expect(outcome.results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(outcome.results[0]!.message).toContain('expected a line "fib(20): 6765"');
    expect(outcome.results[1]!.message).toContain("it ended with crashed");
    expect(outcome.results[2]!.message).toBe("no queue of 3");
  });

  it("checks only program output as `out`, crash reports stay in `lines`", () => {
    const crash = { pid: "#PID<0.2.0>", kind: "crash", text: "fib(20): 6765" } as OutputLine;
    expect(toRunView({ status: "normal", lines: [crash, out("a")], frames: [] })).toEqual({ status: "normal", out: ["a"], lines: [crash, out("a")], frames: [] });
  });

  it("does not check a stopped run or code that did not compile", () => {
    expect(checkRun(checks, { status: "stopped", lines: [out("fib(20): 6765")], frames: [] })).toEqual({ kind: "not-checked", reason: "the run was stopped before it ended" });
    expect(checkRun(checks, { status: "compile-error", lines: [], frames: [] }).kind).toBe("not-checked");
  });

  it("never calls a lesson without checks completed", () => {
    expect(checkRun(defineChecks({ checks: [] }), { status: "normal", lines: [], frames: [] })).toEqual({ kind: "checked", results: [], passed: false });
  });
});
