/**
 * A lesson page: the prose, then the workbench (starter code in the editor, an "Elixir" tab,
 * "Show solution") in `data-testid="workbench-slot"`, then previous/next links.
 */
import Link from "next/link";
import type { Lesson, LessonSummary } from "../_lib/lessons";
import { Workbench } from "./workbench/Workbench";

interface Props {
  lesson: Lesson;
  prev?: LessonSummary;
  next?: LessonSummary;
}

export function LessonView({ lesson, prev, next }: Props) {
  return (
    <div className="mx-auto max-w-[96rem] px-4 py-8">
      <article className="prose" data-testid="lesson-prose">
        <p className="text-sm text-muted">Lesson {lesson.order}</p>
        <h1>{lesson.title}</h1>
        <div dangerouslySetInnerHTML={{ __html: lesson.html }} />
      </article>

      <section data-testid="workbench-slot" aria-label="Workbench" className="mt-8">
        <h2 className="mb-2 text-lg font-semibold">Your turn</h2>
        <Workbench
          id={`lesson:${lesson.slug}`}
          starter={lesson.starter}
          path={`file:///lessons/${lesson.slug}.ts`}
          lesson={{ elixir: lesson.elixir, solution: lesson.solution }}
        />
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
