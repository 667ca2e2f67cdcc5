/**
 * A lesson page: the prose beside the workbench on wide screens, above it on narrow ones
 * (and on a projector zoomed in, since the breakpoint is in rem).
 *
 *     [Lesson 9 of 15 · 3 completed ▾]   │ Your turn
 *     # The flood                        │ Checks  5 to pass — run your code to check it ▸
 *     prose … (scrolls on its own)       │ [Run] [Stop] …            (workbench: editor │ console,
 *     ← previous            next →       │  charts, process table)
 *
 * The course outline is a dropdown (LessonToc) with the learner's progress; the workbench
 * slot (`data-testid="workbench-slot"`) holds LessonWorkbench: the starter code, the
 * "Elixir" tab, "Show solution" and the lesson's checks.
 */
import Link from "next/link";
import type { Lesson, LessonSummary } from "../_lib/lessons";
import { LessonToc } from "./LessonToc";
import { LessonWorkbench } from "./LessonWorkbench";

interface Props {
  lesson: Lesson;
  prev?: LessonSummary;
  next?: LessonSummary;
  /** Every lesson, in order (the course outline). */
  all: LessonSummary[];
}

export function LessonView({ lesson, prev, next, all }: Props) {
  return (
    <div className="mx-auto max-w-[120rem] px-4 py-4 xl:grid xl:grid-cols-[minmax(20rem,27rem)_minmax(0,1fr)] xl:items-start xl:gap-6">
      <div className="xl:sticky xl:top-0 xl:max-h-screen xl:overflow-y-auto xl:pr-2 xl:pb-4">
        <LessonToc key={lesson.slug} current={lesson.slug} lessons={all.map(({ slug, order, title }) => ({ slug, order, title }))} />
        <article className="prose mt-4" data-testid="lesson-prose">
          <p className="text-sm text-muted">Lesson {lesson.order}</p>
          <h1>{lesson.title}</h1>
          <div dangerouslySetInnerHTML={{ __html: lesson.html }} />
        </article>

        <nav className="mt-8 flex justify-between gap-4 border-t border-border pt-4" aria-label="Lessons">
          {prev ? (
            <Link href={`/lessons/${prev.slug}/`} rel="prev">
              ← {prev.title}
            </Link>
          ) : (
            <Link href="/">← All lessons</Link>
          )}
          {next ? (
            <Link href={`/lessons/${next.slug}/`} rel="next" className="text-right">
              {next.title} →
            </Link>
          ) : (
            <Link href="/playground/">Playground →</Link>
          )}
        </nav>
      </div>

      <section data-testid="workbench-slot" aria-label="Workbench" className="mt-8 min-w-0 xl:mt-0">
        <h2 className="mb-2 text-lg font-semibold">Your turn</h2>
        <LessonWorkbench key={lesson.slug} slug={lesson.slug} starter={lesson.starter} elixir={lesson.elixir} solution={lesson.solution} />
      </section>
    </div>
  );
}
