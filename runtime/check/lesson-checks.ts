/**
 * Lesson checks: what running a lesson's code must show, stated observably.
 *
 * A lesson's `checks.ts` default-exports `defineChecks({...})`: how to run the program
 * (schedulers, timeout) and a list of named checks over the finished run's output (and,
 * for lessons about queues, its stats frames). CI runs every lesson's solution through the
 * Node runner and requires every check to pass; where the lesson has an exercise
 * (`exercise: true`), the starter must fail at least one check. The page runs the same
 * checks on the learner's own code to mark a lesson completed.
 *
 *     export default defineChecks({
 *       exercise: true,
 *       checks: [
 *         { name: "prints fib(20)", test: (run) => run.expectLine("fib(20): 6765") },
 *       ],
 *     });
 *
 * Pure module (no Node imports): it runs in the browser too.
 */
import type { OutputLine } from "../host/protocol";
import type { DecodedFrame } from "../host/stats";

/** A finished run, as checks see it. */
export interface RunView {
  /** How the run ended. */
  status: "normal" | "crashed" | "timeout" | "deadlock" | "error";
  /** Program output lines (IO.puts / IO.inspect), in order. */
  out: string[];
  /** Every line, crash reports included. */
  lines: OutputLine[];
  /** Stats frames sampled during the run (when `statsHz` was asked for). */
  frames: DecodedFrame[];
}

/** Helpers a check uses to state what it expects; each throws a CheckFailure with a readable message. */
export class RunExpect {
  constructor(readonly run: RunView) {}

  /** Some output line equals `text`. */
  expectLine(text: string): void {
    if (!this.run.out.includes(text)) fail(`expected a line ${JSON.stringify(text)}; the output was:\n${preview(this.run.out)}`);
  }

  /**
   * Some output line matches `re`; returns the match. `like` is that line in words, as the
   * learner would read it, with `<n>` (or another `<name>`) where a value varies:
   * `expectMatch(/^max round trip: (\d+) ms$/, "max round trip: <n> ms")`. A failure quotes
   * `like`, never the regular expression.
   */
  expectMatch(re: RegExp, like: string): RegExpMatchArray {
    for (const l of this.run.out) {
      const m = l.match(re);
      if (m) return m;
    }
    return fail(`expected a line like ${JSON.stringify(like)}${placeholders(like)}; the output was:\n${preview(this.run.out)}`);
  }

  /** The run ended normally. */
  expectNormalEnd(): void {
    if (this.run.status !== "normal") fail(`expected the run to end normally, but it ended with ${this.run.status}`);
  }

  /** No crash report was printed. */
  expectNoCrash(): void {
    const crash = this.run.lines.find((l) => l.kind === "crash");
    if (crash) fail(`expected no crash, but got:\n${crash.text}`);
  }

  /** A crash report containing `text` was printed. */
  expectCrash(text: string): void {
    if (!this.run.lines.some((l) => l.kind === "crash" && l.text.includes(text))) {
      fail(`expected a crash report mentioning ${JSON.stringify(text)}`);
    }
  }

  /** Assert `cond`, failing with `message`. */
  expect(cond: boolean, message: string): void {
    if (!cond) fail(message);
  }
}

/** A failed expectation. */
export class CheckFailure extends Error {}

function fail(message: string): never {
  throw new CheckFailure(message);
}

/** What the `<…>` in a `like` stand for, said once: " (<n> is a number)". */
function placeholders(like: string): string {
  const names = [...new Set(like.match(/<[a-z ]+>/g) ?? [])];
  if (names.length === 0) return "";
  const said = names.map((n) => (n === "<n>" ? "<n> is a number" : `${n} varies`));
  return ` (${said.join(", ")})`;
}

function preview(out: string[]): string {
  const shown = out.slice(0, 20).map((l) => `  ${l}`);
  if (out.length > 20) shown.push(`  … ${out.length - 20} more lines`);
  return shown.length ? shown.join("\n") : "  (no output)";
}

/** One named check. */
export interface Check {
  name: string;
  test: (run: RunExpect) => void;
}

/** A lesson's checks and how to run its program for them. */
export interface LessonChecks {
  /** The starter is an exercise: it must fail at least one check until the learner solves it. */
  exercise?: boolean;
  /**
   * The scheduler count the checks run with (the page runs them with it whatever the learner
   * chose; other settings at their defaults), and why, in words, for a run that used another.
   */
  schedulers?: number;
  schedulersBecause?: string;
  timeoutMs?: number;
  /** Stats frames per second to collect for checks about queues (0: none). */
  statsHz?: number;
  /**
   * A lesson about races: the checks must hold under every one of `runs` deterministic
   * schedules (seeds 1..runs, runtime/sim), not only in one run, where a race rarely shows.
   */
  explore?: { runs: number };
  /** Processes the page's queue chart follows from the start, by registered name or initial call. */
  pin?: string[];
  checks: Check[];
}

/** Declare a lesson's checks (identity, for types). */
export function defineChecks(c: LessonChecks): LessonChecks {
  return c;
}

/** The result of one check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  message?: string;
}

/** One deterministic run's outcome (a group of seeds that ended alike), as `evaluateExplored` reads it. */
export interface ExploredRun {
  firstSeed: number;
  count: number;
  view: RunView;
}

/**
 * Every check over every explored outcome: a check holds when it holds for all of them, and
 * fails with the first seed where it does not (which replays that run exactly).
 */
export function evaluateExplored(checks: LessonChecks, runs: ExploredRun[]): CheckResult[] {
  const each = runs.map((r) => ({ r, results: evaluate(checks, r.view) }));
  return checks.checks.map((c, i) => {
    const bad = each.filter((e) => !e.results[i].ok).sort((a, b) => a.r.firstSeed - b.r.firstSeed);
    if (bad.length === 0) return { name: c.name, ok: true };
    const seeds = bad.reduce((n, e) => n + e.r.count, 0);
    const first = bad[0];
    return {
      name: c.name,
      ok: false,
      message: `fails under ${seeds} of ${runs.reduce((n, e) => n + e.count, 0)} schedules; the first is seed ${first.r.firstSeed} (run it with Deterministic on and that seed to watch it):\n${first.results[i].message}`,
    };
  });
}

/** An explored outcome as checks see it: its status (a simulation's "stopped" never reaches checks) and lines. */
export function exploredView(g: { status: string; lines: OutputLine[] }): RunView {
  const status = (["normal", "crashed", "timeout", "deadlock"].includes(g.status) ? g.status : "error") as RunView["status"];
  return { status, out: g.lines.filter((l) => l.kind === "out").map((l) => l.text), lines: g.lines, frames: [] };
}

/** Run every check over a finished run. */
export function evaluate(checks: LessonChecks, run: RunView): CheckResult[] {
  const ex = new RunExpect(run);
  return checks.checks.map((c) => {
    try {
      c.test(ex);
      return { name: c.name, ok: true };
    } catch (e) {
      return { name: c.name, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  });
}
