/**
 * Run settings of the workbench: what the toolbar edits, the share link carries and autosave
 * keeps. `schedulers: 0` means "one per core" (`navigator.hardwareConcurrency`).
 *
 *     toRunOptions({ ...DEFAULT_SETTINGS, schedulers: 2 }, 8)  // { schedulers: 2, budget: 4000, ... }
 */
import type { BrowserRunOptions } from "../../../runtime/host/browser-host";

/** What a learner can tune before pressing Run. */
export interface RunSettings {
  /** Scheduler workers; 0 = one per core. */
  schedulers: number;
  /** Reductions per slice before a process yields (the BEAM's CONTEXT_REDS is 4000). */
  budget: number;
  /** Processes per scheduler before spawn fails with system_limit. */
  maxProcesses: number;
  /** Messages in one mailbox before its process is killed (a flood). */
  maxMailbox: number;
  /** Uninterrupted sync time before a process is killed, ms. */
  syncLimitMs: number;
}

export const DEFAULT_SETTINGS: RunSettings = {
  schedulers: 0,
  budget: 4000,
  maxProcesses: 1_048_576,
  maxMailbox: 1_000_000,
  syncLimitMs: 2000,
};

const LIMITS: Record<keyof RunSettings, [number, number]> = {
  schedulers: [0, 64],
  budget: [10, 1_000_000],
  maxProcesses: [1, 1_048_576],
  maxMailbox: [10, 10_000_000],
  syncLimitMs: [100, 60_000],
};

/** Settings from untrusted input (a share link, localStorage): known keys, integers, in range. */
export function sanitizeSettings(raw: unknown): RunSettings {
  const out = { ...DEFAULT_SETTINGS };
  if (typeof raw !== "object" || raw === null) return out;
  for (const key of Object.keys(LIMITS) as (keyof RunSettings)[]) {
    const v = (raw as Record<string, unknown>)[key];
    const [lo, hi] = LIMITS[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = Math.min(hi, Math.max(lo, Math.round(v)));
  }
  return out;
}

/** The host's options for these settings on a machine with `cores` cores. */
export function toRunOptions(s: RunSettings, cores: number): Omit<BrowserRunOptions, "onOutput"> {
  return {
    schedulers: s.schedulers > 0 ? s.schedulers : Math.max(1, cores),
    budget: s.budget,
    maxProcesses: s.maxProcesses,
    maxMailbox: s.maxMailbox,
    syncLimitMs: s.syncLimitMs,
  };
}
