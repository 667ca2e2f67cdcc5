/** The page checks the learner's run like CI checks the solution, and skips runs that say nothing. */
import { describe, expect, it } from "vitest";
import { defineChecks } from "../../runtime/check/lesson-checks";
import type { DecodedFrame } from "../../runtime/host/stats";
import type { OutputLine } from "../../runtime/host/protocol";
import { SCHEDULER_DEFAULTS } from "../../runtime/host/settings";
import { checkRun, isSolution, settingsMismatch, toRunView, type UsedSettings } from "./lessonCheckRun";

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
      ownCode: true,
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
    expect(checkRun(defineChecks({ checks: [] }), { status: "normal", lines: [], frames: [] })).toEqual({ kind: "checked", results: [], passed: false, ownCode: true });
  });
});

const defaults: UsedSettings = {
  schedulers: 2,
  budget: SCHEDULER_DEFAULTS.budget,
  maxProcesses: SCHEDULER_DEFAULTS.maxProcesses,
  maxMailbox: SCHEDULER_DEFAULTS.maxMailbox,
  syncLimitMs: SCHEDULER_DEFAULTS.syncLimitMs,
};
const twoSchedulers = defineChecks({
  schedulers: 2,
  schedulersBecause: "they count one hog per scheduler",
  checks: [{ name: "prints fib(20)", test: (run) => run.expectLine("fib(20): 6765") }],
});

describe("the lesson's settings", () => {
  it("checks a run made with the lesson's scheduler count and the default limits", () => {
    expect(settingsMismatch(twoSchedulers, defaults)).toBeNull();
    const outcome = checkRun(twoSchedulers, { status: "normal", lines: [out("fib(20): 6765")], frames: [], settings: defaults });
    expect(outcome.kind === "checked" && outcome.passed).toBe(true);
  });

  it("does not check a run with another scheduler count, and says which the checks need and why", () => {
    const outcome = checkRun(twoSchedulers, { status: "normal", lines: [out("fib(20): 6765")], frames: [], settings: { ...defaults, schedulers: 4 } });
    expect(outcome).toEqual({
      kind: "not-checked",
      otherSettings: true,
      reason: "this run used 4 schedulers; the checks need 2 (they count one hog per scheduler)",
    });
  });

  it("names a changed limit with the default the checks use", () => {
    expect(settingsMismatch(twoSchedulers, { ...defaults, budget: 10 })).toBe(`this run used 10 reductions per slice; the checks use the default ${SCHEDULER_DEFAULTS.budget.toLocaleString("en-US")}`);
  });

  it("does not take a simulated (deterministic) run for the real one the checks expect", () => {
    expect(settingsMismatch(twoSchedulers, { ...defaults, deterministic: 1, seed: 7 })).toBe(
      "this run was simulated (Deterministic, seed 7); the checks run on real schedulers, as CI runs them",
    );
  });

  it("takes any scheduler count for checks that name none", () => {
    expect(settingsMismatch(defineChecks({ checks: [] }), { ...defaults, schedulers: 7 })).toBeNull();
  });
});

describe("own code", () => {
  const solution = "// the answer\nexport default async function main() {\n  IO.puts(`fib(20): ${fib(20)}`);\n}\n";

  it("takes the solution with other comments or spacing as the solution", () => {
    expect(isSolution(solution, solution)).toBe(true);
    expect(isSolution("export default async function main()   {\n\n    IO.puts(`fib(20): ${fib(20)}`); // mine\n}", solution)).toBe(true);
  });

  it("takes any change to the code as the learner's own", () => {
    expect(isSolution(solution.replace("fib(20)}", "fib(10 + 10)}"), solution)).toBe(false);
  });

  it("passes the checks on the solution but does not count it as the learner's own code", () => {
    const outcome = checkRun(twoSchedulers, { status: "normal", lines: [out("fib(20): 6765")], frames: [], settings: defaults, code: solution }, solution);
    expect(outcome).toMatchObject({ kind: "checked", passed: true, ownCode: false });
  });
});
