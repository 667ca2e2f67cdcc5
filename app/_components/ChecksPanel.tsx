"use client";
/**
 * The lesson's checks beside the workbench: before a run, what the lesson expects; after a
 * run, each check with ✓ or ✗ and why it failed. One summary line, the list folds open.
 * A run with other settings than the lesson's is not checked: the panel says which the
 * checks need and why, and offers to check with them. When every check passes on the
 * learner's own code the lesson is completed and the next lesson is offered; passing with
 * the lesson's solution itself completes nothing.
 *
 *     Checks  3 of 5 pass — run again after a fix                       ▸
 *       ✓ main receives the child's answer and prints fib(20): 6765
 *       ✗ nothing crashes and the run ends normally
 *           expected the run to end normally, but it ended with crashed
 *
 * Test hooks: `data-testid="checks"` with `data-state` (loading | ready | running | passed |
 * failed | not-checked | unavailable), `data-verdicts` (runs judged so far) and, when
 * passed, `data-completed`; each row
 * `data-testid="check"` with `data-ok`; `data-testid="next-lesson"`.
 */
import Link from "next/link";
import type { CheckResult } from "../../runtime/check/lesson-checks";

/** Where the checks are. */
export type ChecksState =
  | { state: "loading" | "unavailable" }
  | { state: "ready" | "running"; names: string[] }
  | { state: "not-checked"; names: string[]; reason: string; otherSettings?: boolean }
  | { state: "failed"; results: CheckResult[] }
  | { state: "passed"; results: CheckResult[]; completed: boolean };

interface Props {
  checks: ChecksState;
  /** How many runs have been judged on this page. */
  verdicts?: number;
  /** Scheduler count the checks expect (used while the learner keeps "auto"). */
  schedulers?: number;
  open: boolean;
  onToggle(open: boolean): void;
  /** Run the code again with the lesson's settings (offered when a run used others). */
  onCheckWithLessonSettings?(): void;
  /** The lesson after this one (offered once the lesson is completed); none for the last. */
  next?: { slug: string; title: string };
}

function summary(c: ChecksState): string {
  switch (c.state) {
    case "loading":
      return "loading…";
    case "unavailable":
      return "this lesson has no checks";
    case "ready":
      return `${c.names.length} to pass — run your code to check it`;
    case "running":
      return "checking when the run ends…";
    case "not-checked":
      return `not checked: ${c.reason}`;
    case "passed":
      return c.completed
        ? `all ${c.results.length} pass — lesson completed`
        : `all ${c.results.length} pass with the lesson's solution — the lesson is completed when your own code passes`;
    case "failed":
      return `${c.results.filter((r) => r.ok).length} of ${c.results.length} pass`;
  }
}

export function ChecksPanel({ checks, verdicts = 0, schedulers, open, onToggle, onCheckWithLessonSettings, next }: Props) {
  const rows: { name: string; ok?: boolean; message?: string }[] =
    checks.state === "passed" || checks.state === "failed" ? checks.results : "names" in checks ? checks.names.map((name) => ({ name })) : [];
  const tone = checks.state === "passed" ? "text-green-700 dark:text-green-400" : checks.state === "failed" ? "text-red-700 dark:text-red-400" : "text-muted";
  return (
    <>
      <details
        data-testid="checks"
        data-state={checks.state}
        data-verdicts={verdicts}
        data-completed={checks.state === "passed" ? String(checks.completed) : undefined}
        open={open}
        onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
        className="rounded-lg border border-border bg-panel px-3 py-1.5 text-sm"
      >
        <summary className="cursor-pointer select-none">
          <span className="font-semibold">Checks</span> <span className={tone}>{summary(checks)}</span>
        </summary>
        {rows.length > 0 && (
          <ul className="mt-1 mb-1 space-y-0.5" aria-label="Checks">
            {rows.map((r) => (
              <li key={r.name} data-testid="check" data-ok={r.ok === undefined ? undefined : String(r.ok)} className="flex gap-2">
                <span aria-hidden className={`w-4 shrink-0 text-center ${r.ok === true ? "text-green-700 dark:text-green-400" : r.ok === false ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
                  {r.ok === true ? "✓" : r.ok === false ? "✗" : "○"}
                </span>
                <span className="min-w-0">
                  <span className="sr-only">{r.ok === true ? "passed: " : r.ok === false ? "failed: " : ""}</span>
                  {r.name}
                  {r.message && <pre className="mt-0.5 max-h-32 overflow-auto whitespace-pre-wrap font-mono text-xs text-muted">{r.message}</pre>}
                </span>
              </li>
            ))}
          </ul>
        )}
        {checks.state === "not-checked" && checks.otherSettings && onCheckWithLessonSettings && (
          <button
            type="button"
            data-testid="check-with-lesson-settings"
            onClick={onCheckWithLessonSettings}
            className="mb-1 rounded border border-border px-2 py-0.5 text-sm hover:bg-code-bg"
          >
            Check with the lesson’s settings
          </button>
        )}
        {schedulers ? (
          <p className="mb-1 text-xs text-muted">
            The checks run your code on {schedulers} scheduler{schedulers === 1 ? "" : "s"} with the default limits: so does Run while
            Schedulers is “auto”.
          </p>
        ) : null}
      </details>
      {checks.state === "passed" && checks.completed && (
        <p className="text-sm">
          {next ? (
            <Link href={`/lessons/${next.slug}/`} data-testid="next-lesson" className="font-semibold text-accent underline">
              Next lesson: {next.title} →
            </Link>
          ) : (
            <Link href="/" data-testid="next-lesson" className="font-semibold text-accent underline">
              That was the last lesson — back to all lessons →
            </Link>
          )}
        </p>
      )}
    </>
  );
}
