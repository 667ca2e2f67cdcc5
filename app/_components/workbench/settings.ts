/**
 * Run settings of the workbench: what the toolbar edits, the share link carries and autosave
 * keeps — the tunable part of the runtime's `RunSettings`, with its defaults
 * (`SCHEDULER_DEFAULTS`, the same figures the runner and the schedulers use). `schedulers: 0`
 * means "one per core" (`navigator.hardwareConcurrency`).
 *
 *     toRunOptions({ ...DEFAULT_SETTINGS, schedulers: 2 }, 8)  // { schedulers: 2, budget: 4000, ... }
 */
import { MAX_SCHEDULERS, SCHEDULER_DEFAULTS, type RunSettings } from "../../../runtime/host/settings";

/** What a learner can tune before pressing Run; every field set (`schedulers` 0 = one per core). */
export type WorkbenchSettings = Required<Pick<RunSettings, "schedulers" | "budget" | "maxProcesses" | "maxMailbox" | "syncLimitMs">>;

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  schedulers: 0,
  budget: SCHEDULER_DEFAULTS.budget,
  maxProcesses: SCHEDULER_DEFAULTS.maxProcesses,
  maxMailbox: SCHEDULER_DEFAULTS.maxMailbox,
  syncLimitMs: SCHEDULER_DEFAULTS.syncLimitMs,
};

/** The range of each setting a share link or saved work may carry. */
const LIMITS: Record<keyof WorkbenchSettings, [number, number]> = {
  schedulers: [0, MAX_SCHEDULERS],
  budget: [10, 1_000_000],
  maxProcesses: [1, 1_048_576],
  maxMailbox: [10, 10_000_000],
  syncLimitMs: [100, 60_000],
};

/** Settings from untrusted input (a share link, localStorage): known keys, integers, in range. */
export function sanitizeSettings(raw: unknown): WorkbenchSettings {
  const out = { ...DEFAULT_SETTINGS };
  if (typeof raw !== "object" || raw === null) return out;
  for (const key of Object.keys(LIMITS) as (keyof WorkbenchSettings)[]) {
    const v = (raw as Record<string, unknown>)[key];
    const [lo, hi] = LIMITS[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = Math.min(hi, Math.max(lo, Math.round(v)));
  }
  return out;
}

/** The host's options for these settings on a machine with `cores` cores. */
export function toRunOptions(s: WorkbenchSettings, cores: number): RunSettings {
  return {
    schedulers: s.schedulers > 0 ? s.schedulers : Math.max(1, cores),
    budget: s.budget,
    maxProcesses: s.maxProcesses,
    maxMailbox: s.maxMailbox,
    syncLimitMs: s.syncLimitMs,
  };
}
