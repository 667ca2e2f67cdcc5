/**
 * A lesson page. On a wide window (from 80rem, e.g. a 1366×768 laptop) it is two panes that
 * fill the window under the header and scroll on their own: the prose, and the workbench.
 * The workbench pane sizes the editor, console and run views (--workbench-h) to what is left
 * of the window, so the code, the console and a chart are in view together while code runs,
 * and the timeline and process table follow below in the pane. Narrower, the prose comes
 * first and the workbench below it (the breakpoint is in rem, so a zoomed projector counts
 * as narrow).
 *
 *     [Lesson 9 of 15 · 3 completed ▾]   │ Your turn  Checks: 5 to pass — run your code ▸
 *     # The flood                        │ [Run] [Stop] …                      status
 *     prose … (scrolls on its own;       │ [Your code|Elixir|Solution]
 *      wide diagrams scroll in a box)    │ editor (80+ columns)
 *     ← previous            next →       │ console          │ Charts | Sequence | Tree
 *                                        │ (timeline, process table below)
 *
 * The course outline is a dropdown (LessonToc) with the learner's progress; the workbench
 * slot (`data-testid="workbench-slot"`) holds LessonWorkbench: the starter code, the
 * "Elixir" and "Solution" tabs and the lesson's checks.
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
    <div className="mx-auto max-w-[120rem] px-4 xl:grid xl:h-[calc(100svh-var(--header-h))] xl:grid-cols-[minmax(20rem,27rem)_minmax(0,1fr)] xl:gap-6">
      <div data-testid="lesson-text" className="py-4 xl:min-h-0 xl:overflow-y-auto xl:pr-2">
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

      <section
        data-testid="workbench-slot"
        aria-labelledby="your-turn"
        // The editor, console and run views get the pane's height less what is above them (heading, checks, toolbar).
        className="mt-4 min-w-0 pb-4 xl:mt-0 xl:min-h-0 xl:overflow-y-auto xl:pt-3 xl:pb-3 xl:[--workbench-h:max(27rem,calc(100svh-var(--header-h)-7.25rem))]"
      >
        <LessonWorkbench
          key={lesson.slug}
          slug={lesson.slug}
          starter={lesson.starter}
          elixir={lesson.elixir}
          solution={lesson.solution}
          next={next && { slug: next.slug, title: next.title }}
        />
      </section>
    </div>
  );
}
