/**
 * Run settings: what a learner (the page's toolbar), the `beamlab` runner (its flags) or a
 * test chooses for a run, shared by both hosts, with one set of defaults.
 *
 *     runner flags ─┐
 *     page toolbar ─┼─► RunSettings ─► RunMonitor ─► WorkerConfig ─► Scheduler (SCHEDULER_DEFAULTS for what is unset)
 *     tests ────────┘
 *
 * A setting left out takes its default where it is used: the scheduler's limits from
 * `SCHEDULER_DEFAULTS` (runtime/kernel/defaults.ts, re-exported here for the page and the
 * runner), the watchdog's from `stuckMsFor`.
 *
 *     runOnNode(code, { schedulers: 2, budget: 1000 } satisfies RunSettings);
 *     SCHEDULER_DEFAULTS.syncLimitMs   // 2000
 */
import { MESSAGES_PER_DRAIN } from "../kernel/trace";
import type { SchedulerLimits } from "../kernel/defaults";

export { SCHEDULER_DEFAULTS, type SchedulerLimits } from "../kernel/defaults";

/** The settings of one run; every field has a default. */
export interface RunSettings extends Partial<SchedulerLimits> {
  /** Schedulers (workers), 1..MAX_SCHEDULERS; default one per core. */
  schedulers?: number;
  /** Stop the run after this many ms (default: never). */
  timeoutMs?: number;
  /** A worker silent this long is restarted (must exceed syncLimitMs; default `stuckMsFor(syncLimitMs)`). */
  stuckMs?: number;
  /** Stats frames per second per scheduler (0: none; default 0 on Node, 4 in the page). */
  statsHz?: number;
  /**
   * End the run as soon as main returns, as `elixir script.exs` halts the VM, however many
   * processes still run (the runner, unless `--no-halt`). Default false: the run goes on until
   * nothing is left, a deadlock or the timeout (the page, the lessons' checks, the bench).
   */
  haltWhenMainExits?: boolean;
  /**
   * Record the run (spawns, exits, links, monitors, names, messages) for the timeline, the
   * sequence diagram and `--trace`. Default: on in the page, off on Node (the runner turns it
   * on for `--trace`; the lessons' checks and the bench leave it off).
   */
  trace?: boolean;
}

/** Chunks of the recording a worker posts per second (when recording). */
export const TRACE_HZ = 4;

/** Sends and receives a worker keeps in detail per chunk; past it they are counted per pair (a flood stays cheap to ship). */
export const TRACE_MESSAGES_PER_DRAIN = MESSAGES_PER_DRAIN;

/** The most schedulers a run can have. */
export const MAX_SCHEDULERS = 64;

/** Output lines a worker keeps per flush (16 ms) before dropping the oldest: a page cannot show more. */
export const OUTPUT_LINES_PER_FLUSH = 2000;

/** `n` schedulers as a run can have them: a whole number in 1..MAX_SCHEDULERS. */
export function clampSchedulers(n: number): number {
  return Math.max(1, Math.min(MAX_SCHEDULERS, Math.floor(n)));
}

/** How long a worker may be silent before it is taken as stuck: twice the sync limit, at least 4 s. */
export function stuckMsFor(syncLimitMs: number): number {
  return Math.max(4000, syncLimitMs * 2);
}
