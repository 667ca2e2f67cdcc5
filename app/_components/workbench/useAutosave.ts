/**
 * Work autosaves per page in localStorage, and a share link in the URL hash wins over it:
 *
 *     const initial = restoreWork("playground", starter)   // in an effect: hash > saved > starter
 *     useAutosave("playground", { code, settings })         // saves half a second after a change
 *
 * A shared link is loaded, never run, and its hash is then removed from the address bar so a
 * reload shows the learner's own (autosaved) edits.
 */
import { useEffect } from "react";
import { sanitizeSettings, DEFAULT_SETTINGS, type WorkbenchSettings } from "./settings";
import { readShareHash } from "./share";

/** What is saved and restored. */
export interface Work {
  code: string;
  settings: WorkbenchSettings;
  /** From a share link of a deterministic run: its faults, replayed with its seed. */
  faults?: string;
}

const PREFIX = "beamlab:work:";

function storageKey(id: string): string {
  return PREFIX + id;
}

/** Where the work came from. */
export type WorkSource = "share" | "saved" | "starter";

/** The work to show on this page: a share link, else the autosave, else the starter. */
export function restoreWork(id: string, starter: string): { work: Work; from: WorkSource } {
  const shared = readShareHash(window.location.hash);
  if (shared) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    return { work: shared, from: "share" };
  }
  try {
    const raw = localStorage.getItem(storageKey(id));
    if (raw) {
      const data = JSON.parse(raw) as { code?: unknown; settings?: unknown };
      if (typeof data.code === "string") return { work: { code: data.code, settings: sanitizeSettings(data.settings) }, from: "saved" };
    }
  } catch {
    // Storage unavailable or corrupt: fall back to the starter.
  }
  return { work: { code: starter, settings: { ...DEFAULT_SETTINGS } }, from: "starter" };
}

/** Forget the saved work (Reset to starter). */
export function clearSavedWork(id: string): void {
  try {
    localStorage.removeItem(storageKey(id));
  } catch {
    // Nothing saved.
  }
}

/** Save `work` half a second after it last changed (when `enabled`). */
export function useAutosave(id: string, work: Work, enabled: boolean): void {
  const json = JSON.stringify(work);
  useEffect(() => {
    if (!enabled) return;
    const t = setTimeout(() => {
      try {
        localStorage.setItem(storageKey(id), json);
      } catch {
        // Quota or privacy mode: autosave is best effort.
      }
    }, 500);
    return () => clearTimeout(t);
  }, [id, json, enabled]);
}
