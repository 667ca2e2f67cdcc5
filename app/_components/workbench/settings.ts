/**
 * Run settings of the workbench: what the toolbar edits, the share link carries and autosave
 * keeps — the tunable part of the runtime's `RunSettings`, with its defaults
 * (`SCHEDULER_DEFAULTS`, the same figures the runner and the schedulers use). `schedulers: 0`
 * means "one per core" (`navigator.hardwareConcurrency`).
 *
 *     toRunOptions({ ...DEFAULT_SETTINGS, schedulers: 2 }, 8)  // { schedulers: 2, budget: 4000, ... }
 */
import { clampSchedulers, MAX_SCHEDULERS, SCHEDULER_DEFAULTS, type RunSettings } from "../../../runtime/host/settings";

/** What a learner can tune before pressing Run; every field set (`schedulers` 0 = one per core). */
export type WorkbenchSettings = Required<Pick<RunSettings, "schedulers" | "budget" | "maxProcesses" | "maxMailbox" | "syncLimitMs">> & {
  /** 1: a deterministic run (runtime/sim: one thread, virtual time, choices from `seed`). */
  deterministic: number;
  /** The deterministic run's seed. */
  seed: number;
};

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  schedulers: 0,
  budget: SCHEDULER_DEFAULTS.budget,
  maxProcesses: SCHEDULER_DEFAULTS.maxProcesses,
  maxMailbox: SCHEDULER_DEFAULTS.maxMailbox,
  syncLimitMs: SCHEDULER_DEFAULTS.syncLimitMs,
  deterministic: 0,
  seed: 1,
};

/** The range of each setting a share link, saved work or the toolbar may carry. */
export const SETTING_LIMITS: Record<keyof WorkbenchSettings, readonly [number, number]> = {
  schedulers: [0, MAX_SCHEDULERS],
  budget: [10, 1_000_000],
  maxProcesses: [1, 1_048_576],
  maxMailbox: [10, 10_000_000],
  syncLimitMs: [100, 60_000],
  deterministic: [0, 1],
  seed: [0, 2_147_483_647],
};

/** Settings from untrusted input (a share link, localStorage): known keys, integers, in range. */
export function sanitizeSettings(raw: unknown): WorkbenchSettings {
  const out = { ...DEFAULT_SETTINGS };
  if (typeof raw !== "object" || raw === null) return out;
  for (const key of Object.keys(SETTING_LIMITS) as (keyof WorkbenchSettings)[]) {
    const v = (raw as Record<string, unknown>)[key];
    const [lo, hi] = SETTING_LIMITS[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = Math.min(hi, Math.max(lo, Math.round(v)));
  }
  return out;
}

/** What a typed setting comes to: the value to keep, and a message when it is not what was typed. */
export interface TypedSetting {
  value: number;
  message?: string;
}

/**
 * The value of setting `key` from what the learner typed (`text`), when they leave the field
 * or press Enter: a whole number in range is kept as typed; out of range it is clamped and
 * the message says to what; a fraction is rounded; nothing or not a number keeps `current`.
 *
 *     settleTyped("budget", "5", 4000)   // { value: 10, message: "At least 10: set to 10." }
 */
export function settleTyped(key: keyof WorkbenchSettings, text: string, current: number): TypedSetting {
  const [lo, hi] = SETTING_LIMITS[key];
  const range = `a whole number from ${lo.toLocaleString("en-US")} to ${hi.toLocaleString("en-US")}`;
  const typed = text.trim().replace(/[,_\s]/g, "");
  const v = typed === "" ? NaN : Number(typed);
  if (!Number.isFinite(v)) return { value: current, message: `Enter ${range}; kept ${current}.` };
  const n = Math.round(v);
  if (n < lo) return { value: lo, message: `At least ${lo.toLocaleString("en-US")}: set to ${lo}.` };
  if (n > hi) return { value: hi, message: `At most ${hi.toLocaleString("en-US")}: set to ${hi}.` };
  if (n !== v) return { value: n, message: `A whole number: set to ${n}.` };
  return { value: n };
}

/** The host's options for these settings on a machine with `cores` cores. */
export function toRunOptions(s: WorkbenchSettings, cores: number): RunSettings {
  return {
    schedulers: clampSchedulers(s.schedulers > 0 ? s.schedulers : cores),
    budget: s.budget,
    maxProcesses: s.maxProcesses,
    maxMailbox: s.maxMailbox,
    syncLimitMs: s.syncLimitMs,
  };
}
