/**
 * A lesson page: the prose, then the workbench slot, then previous/next links.
 * Until the Workbench (editor + console + charts) lands, the slot shows the starter code
 * read-only. The Workbench replaces the <pre> inside `data-testid="workbench-slot"`.
 */
import Link from "next/link";
import type { Lesson, LessonSummary } from "../_lib/lessons";

interface Props {
  lesson: Lesson;
  prev?: LessonSummary;
  next?: LessonSummary;
}

export function LessonView({ lesson, prev, next }: Props) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-8">
      <article className="prose" data-testid="lesson-prose">
        <p className="text-sm text-muted">Lesson {lesson.order}</p>
        <h1>{lesson.title}</h1>
        <div dangerouslySetInnerHTML={{ __html: lesson.html }} />
      </article>

      <section
        data-testid="workbench-slot"
        aria-label="Workbench"
        className="mt-8 rounded-lg border border-dashed border-border p-4"
      >
        <h2 className="mb-2 text-lg font-semibold">Your turn</h2>
        <p className="mb-3 text-sm text-muted">
          The runnable workbench arrives with the runtime. For now, here is the starter code
          (<code>starter.ts</code>):
        </p>
        <pre className="code-block" data-testid="starter-code">
          <code className="language-ts">{lesson.starter}</code>
        </pre>
      </section>

      <nav className="mt-8 flex justify-between gap-4 border-t border-border pt-4" aria-label="Lessons">
        {prev ? (
          <Link href={`/lessons/${prev.slug}/`} rel="prev">
            ← {prev.title}
          </Link>
        ) : (
          <Link href="/">← All lessons</Link>
        )}
        {next ? (
          <Link href={`/lessons/${next.slug}/`} rel="next">
            {next.title} →
          </Link>
        ) : (
          <Link href="/playground/">Playground →</Link>
        )}
      </nav>
    </div>
  );
}
