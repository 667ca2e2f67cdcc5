"use client";
/**
 * The lesson's checks beside the workbench: before a run, what the lesson expects; after a
 * run, each check with ✓ or ✗ and why it failed. One summary line, the list folds open.
 *
 *     Checks  3 of 5 pass — run again after a fix                       ▸
 *       ✓ main receives the child's answer and prints fib(20): 6765
 *       ✗ nothing crashes and the run ends normally
 *           expected the run to end normally, but it ended with crashed
 *
 * Test hooks: `data-testid="checks"` with `data-state` (loading | ready | running | passed |
 * failed | not-checked | unavailable); each row `data-testid="check"` with `data-ok`.
 */
import type { CheckResult } from "../../runtime/check/lesson-checks";

/** Where the checks are. */
export type ChecksState =
  | { state: "loading" | "unavailable" }
  | { state: "ready" | "running"; names: string[] }
  | { state: "not-checked"; names: string[]; reason: string }
  | { state: "passed" | "failed"; results: CheckResult[] };

interface Props {
  checks: ChecksState;
  /** Scheduler count the checks expect (used while the learner keeps "auto"). */
  schedulers?: number;
  open: boolean;
  onToggle(open: boolean): void;
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
      return `all ${c.results.length} pass — lesson completed`;
    case "failed":
      return `${c.results.filter((r) => r.ok).length} of ${c.results.length} pass`;
  }
}

export function ChecksPanel({ checks, schedulers, open, onToggle }: Props) {
  const rows: { name: string; ok?: boolean; message?: string }[] =
    checks.state === "passed" || checks.state === "failed" ? checks.results : "names" in checks ? checks.names.map((name) => ({ name })) : [];
  const tone = checks.state === "passed" ? "text-green-700 dark:text-green-400" : checks.state === "failed" ? "text-red-700 dark:text-red-400" : "text-muted";
  return (
    <details
      data-testid="checks"
      data-state={checks.state}
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
      {schedulers ? (
        <p className="mb-1 text-xs text-muted">
          While Schedulers is “auto”, your code runs on the {schedulers} scheduler{schedulers === 1 ? "" : "s"} the checks expect.
        </p>
      ) : null}
    </details>
  );
}
