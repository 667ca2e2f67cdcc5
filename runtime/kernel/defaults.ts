/**
 * A scheduler's limits, and the one place their defaults are written: the kernel's Scheduler,
 * the hosts (`runtime/host/settings.ts` re-exports them), the `beamlab` runner and the page's
 * settings all read these figures instead of repeating them.
 *
 *     new Scheduler({ budget: 1000 })          // every other limit from SCHEDULER_DEFAULTS
 *     SCHEDULER_DEFAULTS.maxProcesses          // 1_048_576, like the BEAM's +P default
 *
 * The BEAM's figures where it has one: a process runs for 4000 reductions before it is
 * preempted (CONTEXT_REDS), and a node holds 1,048,576 processes (`+P`). The others are
 * ours: the slice length, how long sync code may run without a yield, the mailbox ceiling.
 */

/** The limits one scheduler runs with. */
export interface SchedulerLimits {
  /** Reductions an async process runs before it yields (the BEAM's CONTEXT_REDS). */
  budget: number;
  /** How long the scheduler runs processes before it lets the event loop in, ms. */
  sliceMs: number;
  /** A process in uninterrupted sync code this long is killed, ms. */
  syncLimitMs: number;
  /** Processes on one scheduler before `spawn` fails with `system_limit`. */
  maxProcesses: number;
  /** Messages in one mailbox before its process is killed with `{:mailbox_limit, N}`. */
  maxMailbox: number;
}

/** The default limits: what a scheduler uses for every limit it is not given. */
export const SCHEDULER_DEFAULTS: Readonly<SchedulerLimits> = Object.freeze({
  budget: 4000,
  sliceMs: 2,
  syncLimitMs: 2000,
  maxProcesses: 1_048_576,
  maxMailbox: 1_000_000,
});
