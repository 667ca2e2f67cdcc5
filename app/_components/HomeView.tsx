/** The home page: what Beamlab is, then the lessons. */
import Link from "next/link";
import type { LessonSummary } from "../_lib/lessons";
import { LessonList } from "./LessonList";

export function HomeView({ lessons }: { lessons: LessonSummary[] }) {
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-4xl font-bold">Beamlab</h1>
      <p className="mt-4 max-w-[65ch] text-lg">
        Learn how Erlang and Elixir think about concurrency — processes, messages, links,
        supervisors — by running small programs right here in your browser. Each lesson sets
        prose beside code: TypeScript you can edit and run on an actor runtime in Web Workers,
        and the Elixir it mirrors.
      </p>
      <p className="mt-3 text-muted">
        Nothing to install and no server: the whole site is static files.{" "}
        <Link href="/playground/">Open the playground</Link> to write your own program.
      </p>
      <h2 id="lessons" className="mt-10 mb-4 text-2xl font-semibold">
        Lessons
      </h2>
      <LessonList lessons={lessons} />
    </div>
  );
}
