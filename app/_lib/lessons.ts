/**
 * Lessons, read from `lessons/NN-slug/` at build time (Node only: never import from a client
 * component). A lesson folder holds index.md (frontmatter: title, summary, concepts; then
 * prose), starter.ts, solution.ts, elixir.ex and checks.ts. The NN- prefix orders lessons;
 * the rest of the folder name is the URL slug: `lessons/01-processes` → `/lessons/processes/`.
 */
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { renderMarkdown } from "./markdown";

/** What the home page lists about a lesson. */
export interface LessonSummary {
  slug: string;
  order: number;
  title: string;
  summary: string;
  concepts: string[];
}

/** A lesson page's full content. */
export interface Lesson extends LessonSummary {
  html: string;
  starter: string;
  solution: string;
  elixir: string;
}

const FOLDER = /^(\d+)-([a-z0-9][a-z0-9-]*)$/;

/** The lessons folder; tests pass their own. */
export function lessonsRoot(): string {
  return path.join(process.cwd(), "lessons");
}

function readOptional(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

function lessonFolders(root: string): { dir: string; order: number; slug: string }[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && FOLDER.test(e.name) && fs.existsSync(path.join(root, e.name, "index.md")))
    .map((e) => {
      const [, nn, slug] = FOLDER.exec(e.name)!;
      return { dir: path.join(root, e.name), order: Number(nn), slug: slug! };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

function readLesson(dir: string, order: number, slug: string): Lesson {
  const { data, content } = matter(fs.readFileSync(path.join(dir, "index.md"), "utf8"));
  const title = typeof data.title === "string" ? data.title : slug;
  const summary = typeof data.summary === "string" ? data.summary : "";
  const concepts = Array.isArray(data.concepts) ? data.concepts.map(String) : [];
  return {
    slug,
    order,
    title,
    summary,
    concepts,
    html: renderMarkdown(content),
    starter: readOptional(path.join(dir, "starter.ts")),
    solution: readOptional(path.join(dir, "solution.ts")),
    elixir: readOptional(path.join(dir, "elixir.ex")),
  };
}

/** All lessons in course order (by the NN- prefix). */
export function listLessons(root: string = lessonsRoot()): LessonSummary[] {
  return lessonFolders(root).map(({ dir, order, slug }) => {
    const { html: _html, starter: _s, solution: _so, elixir: _e, ...summary } = readLesson(dir, order, slug);
    return summary;
  });
}

/** One lesson with its neighbours for previous/next links and the whole course for the table of contents; undefined for an unknown slug. */
export function getLesson(
  slug: string,
  root: string = lessonsRoot(),
): { lesson: Lesson; prev?: LessonSummary; next?: LessonSummary; all: LessonSummary[] } | undefined {
  const folders = lessonFolders(root);
  const i = folders.findIndex((f) => f.slug === slug);
  if (i < 0) return undefined;
  const all = listLessons(root);
  const f = folders[i]!;
  return { lesson: readLesson(f.dir, f.order, f.slug), prev: all[i - 1], next: all[i + 1], all };
}
