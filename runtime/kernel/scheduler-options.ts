/**
 * How a scheduler is configured: its place among the schedulers, its clock and loop (passed
 * in, so tests run on a manual clock), its limits (defaults.ts), and the hooks its host gives
 * it — the transport to other schedulers, output, exits, questions, recording.
 *
 *     new Scheduler({ index: 1, count: 2, send: (dest, sig) => mesh.post(dest, sig), output: print });
 *
 * Internal to the kernel and its hosts. (The BEAM's equivalent is the emulator's flags: +S, +P, +hms.)
 */
import type { Clock, Loop } from "./clock";
import type { SchedulerLimits } from "./defaults";
import type { ExitCause } from "./exit";
import type { HostQuery, OutputLine, Signal } from "./protocol";
import type { Pid } from "./term";
import type { TraceOptions } from "./trace";

/** How a scheduler is configured. Every field has a default (limits: defaults.ts). */
export interface SchedulerOptions extends Partial<SchedulerLimits> {
  /** This scheduler's index (0..63) and how many there are. */
  index?: number;
  count?: number;
  clock?: Clock;
  loop?: Loop;
  /** Transport: deliver a signal to scheduler `dest` (never called with this index). */
  send?: (dest: number, sig: Signal) => void;
  /** Transport fast path for a message to process `pid` on scheduler `dest` (else `send` is used). */
  sendMsg?: (dest: number, pid: Pid, msg: unknown) => void;
  /** Called at the end of each slice so the transport can flush its outboxes. */
  flush?: () => void;
  /** Program output (IO.puts, crash reports). */
  output?: (line: OutputLine) => void;
  /** Called when a slice ends with nothing runnable. */
  onIdle?: () => void;
  /** Called whenever a local process exits; `cause` when an exit signal from another process ended it. */
  onExit?: (pid: Pid, reason: unknown, cause?: ExitCause) => void;
  /** Record the run (trace.ts): spawns, exits, links, monitors, names, sends and receives. */
  trace?: TraceOptions;
  /** Rewrites a crash's stack for the learner (program.ts lines, no runtime frames). */
  mapStack?: (stack: string) => string;
  /** First process number (a restarted worker starts past the pids of its previous life). */
  firstId?: number;
  /**
   * Ask the host question `q` (System.measureMemory); the host answers later with
   * `hostAnswer(id, value)`. Without it, `askHost` is unavailable (`canAskHost` is false).
   */
  hostQuery?: (id: number, q: HostQuery) => void;
  /** Where the scheduler's own random choices come from (spawn placement, dispatch order); default Math.random. */
  random?: () => number;
  /** A simulation's hand on what a real run leaves to chance (runtime/sim): absent, the run queue is FIFO and budgets fixed. */
  choice?: SchedulingChoice;
}

/**
 * The choices a deterministic simulation makes for a scheduler, each one drawn from its seed:
 * which of the `n` runnable entries runs next (0 is the front of the run queue), how many
 * reductions the next step may run before it is preempted, how long the next slice lasts;
 * and, for a fault, which message is lost.
 */
export interface SchedulingChoice {
  process(n: number): number;
  budget(): number;
  sliceMs(): number;
  /** A fault: the message `msg` that `from` is sending `to` now is taken away (true): lost, or delivered later by the simulation. */
  drop?(from: Pid | null, to: Pid, msg: unknown): boolean;
}
