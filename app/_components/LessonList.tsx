/** The course outline: one linked card per lesson, in order, with the learner's progress badge. */
import Link from "next/link";
import type { LessonSummary } from "../_lib/lessons";
import { ProgressBadge } from "./ProgressBadge";

export function LessonList({ lessons }: { lessons: LessonSummary[] }) {
  if (lessons.length === 0) return <p className="text-muted">No lessons yet.</p>;
  return (
    <ol className="grid gap-3" data-testid="lesson-list">
      {lessons.map((l) => (
        <li key={l.slug} data-slug={l.slug} className="rounded-lg border border-border bg-panel p-4">
          <Link href={`/lessons/${l.slug}/`} className="text-lg font-semibold">
            {l.order}. {l.title}
          </Link>
          <ProgressBadge slug={l.slug} />
          {l.summary && <p className="mt-1 text-muted">{l.summary}</p>}
          {l.concepts.length > 0 && (
            <p className="mt-2 flex flex-wrap gap-2 text-sm">
              {l.concepts.map((c) => (
                <code key={c} className="rounded bg-code-bg px-1.5 py-0.5 font-mono">
                  {c}
                </code>
              ))}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
