/**
 * A lesson's checks over the learner's own run, in the page: the same `evaluate` CI runs on
 * the solution through the Node runner, fed the same view of the run (program output lines,
 * every line, stats frames), with the same settings — the lesson's scheduler count and the
 * default limits. A run that was stopped, did not compile or ran with other settings is not
 * checked: it says nothing about the lesson (the page offers to check with the lesson's
 * settings). A lesson is completed by checks that pass on the learner's own code, not on the
 * lesson's solution pasted in.
 *
 *     const outcome = checkRun(checks, { status: "normal", lines, frames, settings, code }, solution);
 *     if (outcome.kind === "checked" && outcome.passed && outcome.ownCode) markCompleted(...);
 */
import { evaluate, evaluateExplored, exploredView, type CheckResult, type LessonChecks, type RunView } from "../../runtime/check/lesson-checks";
import type { ExploreGroupView } from "../../runtime/host/protocol";
import { SCHEDULER_DEFAULTS } from "../../runtime/host/settings";
import type { DecodedFrame } from "../../runtime/host/stats";
import type { OutputLine } from "../../runtime/host/protocol";

/** The settings a page run used (the scheduler count resolved: never "auto"). */
export interface UsedSettings {
  schedulers: number;
  budget: number;
  maxProcesses: number;
  maxMailbox: number;
  syncLimitMs: number;
  /** 1: the run was simulated (deterministic, from `seed`), not run on real schedulers. */
  deterministic?: number;
  seed?: number;
}

/** A finished page run, as the workbench reports it. */
export interface PageRun {
  status: RunView["status"] | "stopped" | "compile-error";
  lines: OutputLine[];
  frames: DecodedFrame[];
  /** The settings it ran with (unknown: taken as the lesson's). */
  settings?: UsedSettings;
  /** The code that ran. */
  code?: string;
}

/** What the checks made of a run. */
export type CheckOutcome =
  | { kind: "checked"; results: CheckResult[]; passed: boolean; ownCode: boolean }
  | { kind: "not-checked"; reason: string; otherSettings?: boolean };

/** The run as checks see it; null for a run that was stopped or did not compile. */
export function toRunView(run: PageRun): RunView | null {
  if (run.status === "stopped" || run.status === "compile-error") return null;
  return { status: run.status, out: run.lines.filter((l) => l.kind === "out").map((l) => l.text), lines: run.lines, frames: run.frames };
}

/** The settings a lesson's checks run with: its scheduler count (if it names one) and the default limits. */
export function lessonSettings(checks: LessonChecks): { schedulers?: number } & Record<keyof typeof SETTING_NAMES, number> {
  const { budget, maxProcesses, maxMailbox, syncLimitMs } = SCHEDULER_DEFAULTS;
  return { ...(checks.schedulers ? { schedulers: checks.schedulers } : {}), budget, maxProcesses, maxMailbox, syncLimitMs };
}

const SETTING_NAMES: Record<"budget" | "maxProcesses" | "maxMailbox" | "syncLimitMs", string> = {
  budget: "reductions per slice",
  maxProcesses: "processes per scheduler",
  maxMailbox: "messages per mailbox",
  syncLimitMs: "ms of sync time",
};

/**
 * How `used` differs from what the checks need, in words; null when it does not.
 *
 *     settingsMismatch(lesson04, { schedulers: 4, ... })
 *     // "this run used 4 schedulers; the checks need 2 (they count one hog per scheduler …)"
 */
export function settingsMismatch(checks: LessonChecks, used: UsedSettings): string | null {
  const need = lessonSettings(checks);
  const said: string[] = [];
  if (used.deterministic && !checks.explore) said.push(`this run was simulated (Deterministic, seed ${used.seed ?? 0}); the checks run on real schedulers, as CI runs them`);
  if (need.schedulers !== undefined && used.schedulers !== need.schedulers) {
    const why = checks.schedulersBecause ?? "the output they expect was worked out with that many";
    said.push(`this run used ${used.schedulers} scheduler${used.schedulers === 1 ? "" : "s"}; the checks need ${need.schedulers} (${why})`);
  }
  for (const key of Object.keys(SETTING_NAMES) as (keyof typeof SETTING_NAMES)[]) {
    if (used[key] !== need[key]) {
      said.push(`this run used ${used[key].toLocaleString("en-US")} ${SETTING_NAMES[key]}; the checks use the default ${need[key].toLocaleString("en-US")}`);
    }
  }
  return said.length ? said.join("; ") : null;
}

/** Code as compared for "is it the solution": comments and whitespace do not count. */
function essence(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1")
    .replace(/\s+/g, "");
}

/** True when `code` is the lesson's solution, give or take comments and spacing. */
export function isSolution(code: string, solution: string): boolean {
  return solution.trim() !== "" && essence(code) === essence(solution);
}

/** Evaluate `checks` over `run`; passed when every check holds; ownCode unless it ran the solution itself. */
export function checkRun(checks: LessonChecks, run: PageRun, solution = ""): CheckOutcome {
  const view = toRunView(run);
  if (!view) {
    return { kind: "not-checked", reason: run.status === "stopped" ? "the run was stopped before it ended" : "the code did not compile" };
  }
  const mismatch = run.settings ? settingsMismatch(checks, run.settings) : null;
  if (mismatch) return { kind: "not-checked", reason: mismatch, otherSettings: true };
  const results = evaluate(checks, view);
  const ownCode = run.code === undefined || !isSolution(run.code, solution);
  return { kind: "checked", results, passed: results.length > 0 && results.every((r) => r.ok), ownCode };
}

/**
 * A lesson about races: `checks` over every outcome of an exploration of the learner's code
 * (`startExplore`, `checks.explore.runs` seeds); passed when every check holds under every seed.
 */
export function checkExplored(checks: LessonChecks, groups: ExploreGroupView[] | null, ownCode = true): CheckOutcome {
  if (groups === null) return { kind: "not-checked", reason: "the code did not compile" };
  const results = evaluateExplored(
    checks,
    groups.map((g) => ({ firstSeed: g.firstSeed, count: g.count, view: exploredView(g) })),
  );
  return { kind: "checked", results, passed: results.length > 0 && results.every((r) => r.ok), ownCode };
}
