"use client";
/**
 * The course outline on a lesson page, as a compact dropdown: "Lesson 9 of 15 · 3 completed ▾"
 * opens the list of every lesson, the current one highlighted, each marked ✓ completed,
 * • visited or ○ not yet opened (from localStorage, after hydration).
 *
 * Test hooks: `data-testid="lesson-toc"`; each entry `data-slug` and `data-progress`
 * (completed | visited | none), the current one `aria-current="page"`.
 */
import Link from "next/link";
import type { LessonSummary } from "../_lib/lessons";
import { completedCount } from "../_lib/progress";
import { useProgress } from "./useProgress";

type TocEntry = Pick<LessonSummary, "slug" | "order" | "title">;

const MARK = { completed: "✓", visited: "•", none: "○" } as const;
const LABEL = { completed: "completed", visited: "visited", none: "not opened yet" } as const;

export function LessonToc({ lessons, current }: { lessons: TocEntry[]; current: string }) {
  const progress = useProgress();
  const index = lessons.findIndex((l) => l.slug === current);
  const done = completedCount(progress, lessons.map((l) => l.slug));
  return (
    <details data-testid="lesson-toc" className="group relative text-sm">
      <summary className="inline-flex cursor-pointer select-none items-center gap-2 rounded border border-border bg-panel px-2 py-1">
        <span>
          Lesson {index + 1} of {lessons.length}
        </span>
        <span className="text-muted" data-testid="lesson-toc-done">
          · {done} completed
        </span>
        <span aria-hidden className="text-muted group-open:rotate-180">
          ▾
        </span>
      </summary>
      <nav aria-label="Course outline" className="absolute left-0 z-20 mt-1 max-h-[70vh] w-[min(26rem,90vw)] overflow-y-auto rounded-lg border border-border bg-panel p-1 shadow-lg">
        <ol>
          {lessons.map((l) => {
            const p = progress[l.slug] ?? "none";
            const here = l.slug === current;
            return (
              <li key={l.slug} data-slug={l.slug} data-progress={p}>
                <Link
                  href={`/lessons/${l.slug}/`}
                  aria-current={here ? "page" : undefined}
                  title={LABEL[p]}
                  className={`flex gap-2 rounded px-2 py-1 no-underline ${here ? "bg-code-bg font-semibold text-fg" : "text-fg hover:bg-code-bg"}`}
                >
                  <span aria-hidden className={`w-4 shrink-0 text-center ${p === "completed" ? "text-green-700 dark:text-green-400" : "text-muted"}`}>
                    {MARK[p]}
                  </span>
                  <span className="w-6 shrink-0 text-right text-muted">{l.order}.</span>
                  <span className="min-w-0">
                    {l.title}
                    <span className="sr-only"> ({LABEL[p]})</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ol>
      </nav>
    </details>
  );
}
