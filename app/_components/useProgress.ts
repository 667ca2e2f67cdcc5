"use client";
/**
 * Lesson progress for React: `useProgress()` re-renders when a lesson is marked here or in
 * another tab. Pages are pre-rendered without localStorage, so the server snapshot (and the
 * first, hydrating render) is "no progress"; React then re-renders with the stored progress,
 * and nothing mismatches.
 *
 *     const progress = useProgress();            // { processes: "completed", ... }
 *     recordProgress("processes", "visited");
 */
import { useSyncExternalStore } from "react";
import { PROGRESS_KEY, advance, parseProgress, type LessonProgress, type Progress } from "../_lib/progress";

const listeners = new Set<() => void>();
const EMPTY: Progress = {};
let cached: { raw: string | null; progress: Progress } = { raw: null, progress: EMPTY };

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function snapshot(): Progress {
  let raw: string | null = null;
  try {
    raw = storage()?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    raw = null;
  }
  // Same raw text, same object: useSyncExternalStore needs a stable snapshot.
  if (raw !== cached.raw) cached = { raw, progress: parseProgress(raw) };
  return cached.progress;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === PROGRESS_KEY || e.key === null) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The stored progress; `{}` while pre-rendering and hydrating. */
export function useProgress(): Progress {
  return useSyncExternalStore(subscribe, snapshot, () => EMPTY);
}

/** Raise a lesson's progress (never lowers it) and tell every `useProgress` on the page. */
export function recordProgress(slug: string, level: LessonProgress): void {
  const s = storage();
  if (s && advance(s, slug, level)) listeners.forEach((l) => l());
}
