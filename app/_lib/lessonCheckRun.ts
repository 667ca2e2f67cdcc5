/**
 * A lesson's checks over the learner's own run, in the page: the same `evaluate` CI runs on
 * the solution through the Node runner, fed the same view of the run (program output lines,
 * every line, stats frames). A run that was stopped or did not compile is not checked: it
 * says nothing about the lesson.
 *
 *     const outcome = checkRun(checks, { status: "normal", lines, frames });
 *     if (outcome.kind === "checked" && outcome.passed) markCompleted(...);
 */
import { evaluate, evaluateExplored, exploredView, type CheckResult, type LessonChecks, type RunView } from "../../runtime/check/lesson-checks";
import type { ExploreGroupView } from "../../runtime/host/protocol";
import type { DecodedFrame } from "../../runtime/host/stats";
import type { OutputLine } from "../../runtime/host/protocol";

/** A finished page run, as the workbench reports it. */
export interface PageRun {
  status: RunView["status"] | "stopped" | "compile-error";
  lines: OutputLine[];
  frames: DecodedFrame[];
}

/** What the checks made of a run. */
export type CheckOutcome =
  | { kind: "checked"; results: CheckResult[]; passed: boolean }
  | { kind: "not-checked"; reason: string };

/** The run as checks see it; null for a run that was stopped or did not compile. */
export function toRunView(run: PageRun): RunView | null {
  if (run.status === "stopped" || run.status === "compile-error") return null;
  return { status: run.status, out: run.lines.filter((l) => l.kind === "out").map((l) => l.text), lines: run.lines, frames: run.frames };
}

/** Evaluate `checks` over `run`; passed when every check holds. */
export function checkRun(checks: LessonChecks, run: PageRun): CheckOutcome {
  const view = toRunView(run);
  if (!view) {
    return { kind: "not-checked", reason: run.status === "stopped" ? "the run was stopped before it ended" : "the code did not compile" };
  }
  const results = evaluate(checks, view);
  return { kind: "checked", results, passed: results.length > 0 && results.every((r) => r.ok) };
}

/**
 * A lesson about races: `checks` over every outcome of an exploration of the learner's code
 * (`startExplore`, `checks.explore.runs` seeds); passed when every check holds under every seed.
 */
export function checkExplored(checks: LessonChecks, groups: ExploreGroupView[] | null): CheckOutcome {
  if (groups === null) return { kind: "not-checked", reason: "the code did not compile" };
  const results = evaluateExplored(
    checks,
    groups.map((g) => ({ firstSeed: g.firstSeed, count: g.count, view: exploredView(g) })),
  );
  return { kind: "checked", results, passed: results.length > 0 && results.every((r) => r.ok) };
}
