"use client";
/**
 * A lesson card's progress on the home page: "✓ Completed" or "Visited", nothing for a lesson
 * never opened. Rendered empty when pre-rendering and hydrating (no mismatch), then from
 * localStorage. Test hook: `data-testid="progress-badge"` with `data-progress`.
 */
import { useProgress } from "./useProgress";

export function ProgressBadge({ slug }: { slug: string }) {
  const p = useProgress()[slug];
  if (!p) return null;
  return (
    <span
      data-testid="progress-badge"
      data-progress={p}
      className={`ml-2 inline-block rounded-full border px-2 py-0.5 align-middle text-xs font-semibold ${
        p === "completed" ? "border-green-700 text-green-700 dark:border-green-400 dark:text-green-400" : "border-border text-muted"
      }`}
    >
      {p === "completed" ? "✓ Completed" : "Visited"}
    </span>
  );
}
