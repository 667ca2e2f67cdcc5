/**
 * The learner's progress through the lessons, kept in localStorage (no accounts, no server):
 * a lesson is "visited" once its page was opened and "completed" once its checks passed on
 * the learner's own code. Completion is never undone by a later failing run.
 *
 *     markVisited(localStorage, "processes");
 *     markCompleted(localStorage, "processes");
 *     readProgress(localStorage)   // { processes: "completed" }
 *
 * Pure over an injected `Storage`-like object (tests pass a Map-backed one); the React side
 * is app/_components/useProgress.ts. Corrupt or unavailable storage reads as no progress.
 */

/** How far the learner got in one lesson. */
export type LessonProgress = "visited" | "completed";

/** slug → progress; lessons never opened are absent. */
export type Progress = Readonly<Record<string, LessonProgress>>;

/** The part of the Web Storage API this module uses. */
export type ProgressStorage = Pick<Storage, "getItem" | "setItem">;

/** The localStorage key. */
export const PROGRESS_KEY = "beamlab:progress";

const RANK: Record<LessonProgress, number> = { visited: 1, completed: 2 };

/** Progress from its stored JSON: known values only, anything else ignored. */
export function parseProgress(raw: string | null): Progress {
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return {};
  const out: Record<string, LessonProgress> = {};
  for (const [slug, v] of Object.entries(data)) if (v === "visited" || v === "completed") out[slug] = v;
  return out;
}

/** The stored progress (empty when storage is unavailable or corrupt). */
export function readProgress(storage: ProgressStorage): Progress {
  try {
    return parseProgress(storage.getItem(PROGRESS_KEY));
  } catch {
    return {};
  }
}

/** Raise `slug` to `level` (never lower it); true when the stored progress changed. */
export function advance(storage: ProgressStorage, slug: string, level: LessonProgress): boolean {
  const now = readProgress(storage);
  const had = now[slug];
  if (had && RANK[had] >= RANK[level]) return false;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ ...now, [slug]: level }));
    return true;
  } catch {
    // Storage full or blocked: progress is a convenience, the page works without it.
    return false;
  }
}

/** The lesson's page was opened. */
export function markVisited(storage: ProgressStorage, slug: string): boolean {
  return advance(storage, slug, "visited");
}

/** The lesson's checks passed on the learner's code. */
export function markCompleted(storage: ProgressStorage, slug: string): boolean {
  return advance(storage, slug, "completed");
}

/** How many of `slugs` are completed. */
export function completedCount(progress: Progress, slugs: readonly string[]): number {
  return slugs.filter((s) => progress[s] === "completed").length;
}
