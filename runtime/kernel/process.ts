/**
 * A process record: everything the scheduler keeps about one Beamlab process.
 *
 *   spawn ──► runnable ──► running ──► waiting (receive/sleep/answer) ──► runnable ...
 *                              └──────────────► dead (returned, crashed, killed)
 *
 * A raw process is a function (sync or async) the scheduler starts; while it waits, its
 * async frame is parked on a promise whose resolver is kept here (`resolve`), and only the
 * scheduler resumes it. Links and monitors are allocated on first use to keep an idle
 * process small (the BEAM's is ≈ 2.7 KB; ours aims at under 1 KB).
 *
 * Mirrors the BEAM's process control block.
 */
import { Mailbox, type MailNode } from "./mailbox";
import type { Matcher } from "./match";
import type { Pid, Ref } from "./term";
import type { TimerEntry } from "./timers";
import type { SenderCount } from "./trace";

/** Where a process is in its life. */
export type ProcStatus = "runnable" | "running" | "waiting" | "dead";

/**
 * One process. Fields are public to the kernel; learner code never sees this object.
 * A process IS its mailbox (it extends Mailbox) so that an idle process is one object less.
 */
export class Proc extends Mailbox {
  status: ProcStatus = "runnable";
  /** The process's mailbox (itself). */
  get mailbox(): Mailbox {
    return this;
  }
  links: Set<Pid> | null = null;
  /** Monitors this process holds on others: ref → monitored pid. */
  monitors: Map<Ref, Pid> | null = null;
  /** Monitors others hold on this process: ref → watcher pid. */
  monitoredBy: Map<Ref, Pid> | null = null;
  trapExit = false;
  name: string | undefined = undefined;
  reductions = 0;
  /** Reductions at the last stats sample (for Δreductions). */
  sampledReductions = 0;

  /** A blocking receive: its predicate, where its scan stopped, its `after` timer. */
  pred: Matcher | null = null;
  save: MailNode | null = null;
  timer: TimerEntry | null = null;
  timedOut = false;
  /** Value to resume with when woken without a receive (yield, a remote answer). */
  wakeValue: unknown = undefined;

  /** Resolver of the promise the process is parked on. */
  resolve: ((v: unknown) => void) | null = null;
  /** When the current run started (for the sync-runaway limit). */
  runStart = 0;

  fn: ((...args: unknown[]) => unknown) | null;
  args: unknown[] | null;
  /** What the observer shows: the initial function, or a behaviour's module name. */
  initialCall: string;
  started = false;
  /** Refs of calls that gave up: replies tagged with them are dropped on arrival (Erlang aliases). */
  deadRefs: Set<unknown> | null = null;
  /** A message-driven process (a behaviour): called once per message, no frame kept between. */
  handler: ((msg: unknown) => unknown) | null = null;
  /** The recording's count of this process's sends past the detail budget, until the next drain (kernel/trace.ts). */
  traced: SenderCount | null = null;

  constructor(
    readonly pid: Pid,
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ) {
    super();
    this.fn = fn;
    this.args = args;
    this.initialCall = fn.name || "anonymous";
  }

  /** Add a link (allocating the set on first use). */
  link(pid: Pid): void {
    (this.links ??= new Set()).add(pid);
  }
}
