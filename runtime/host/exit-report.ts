/**
 * Exit reports: how the hosts say, in one line, why a run or a process ended — the runner's
 * last line on stderr, the page's status line and console, the observer's details.
 *
 *     main returned ─────────────────────────► ""  (or the run's note)
 *     main raised ───────────────────────────► "** main crashed: boom"
 *     a linked process's exit took main down ► "** main exited because linked #PID<0.4.0> exited with an exception: boom"
 *     another process's Process.exit ────────► "** main exited with :bye, an exit signal from #PID<0.5.0> (Process.exit)"
 *
 * Elixir prints `** (EXIT from #PID<main>) reason` for a main ended by an exit signal (naming
 * main, not the sender); here the sender is named, from the kernel's exit cause ({from, link}).
 *
 * Internal module: hosts use it.
 */
import type { ExitCause } from "../kernel/exit";
import { inspect } from "../kernel/inspect";
import type { OutputLine } from "../kernel/protocol";
import type { Pid } from "../kernel/term";

/** How main ended: its reason, and the exit signal that ended it when it did not end itself. */
export interface MainExit {
  reason: unknown;
  crashed: boolean;
  cause?: ExitCause;
}

/** How a run ended: "stopped" only when the host asked. */
export type RunStatus = "normal" | "crashed" | "timeout" | "deadlock" | "error" | "stopped";

/** The end of a run, before output and timings are attached. */
export interface RunEnd {
  status: RunStatus;
  reason?: unknown;
  /** Main's death came from another process's exit signal (a link): which, and how. */
  cause?: ExitCause;
  message?: string;
}

/** How a run ended, what it printed, how long it took, how many workers were restarted. */
export interface RunResult extends RunEnd {
  output: OutputLine[];
  ms: number;
  restarts: number;
}

/** A one-line description of how a run ended ("" for a plain normal end). */
export function describeRunEnd(r: RunEnd): string {
  switch (r.status) {
    case "normal":
      return r.message ?? "";
    case "crashed":
      return `** ${describeMainExit(r.reason, r.cause)}${r.message ? ` (${r.message})` : ""}`;
    default:
      return `** ${r.message ?? r.status}`;
  }
}

/**
 * Why main died, in one line. Elixir prints `** (EXIT from #PID<main>) reason` for a main ended
 * by an exit signal, without naming the sender; here the sender is named.
 *
 *     describeMainExit(["error", "boom", stack])                                   // "main crashed: boom"
 *     describeMainExit(["error", "boom", stack], { from: "#PID<0.4.0>", link: true })
 *       // "main exited because linked #PID<0.4.0> exited with an exception: boom"
 *     describeMainExit("bye", { from: "#PID<0.5.0>", link: false })
 *       // "main exited with :bye, an exit signal from #PID<0.5.0> (Process.exit)"
 */
export function describeMainExit(reason: unknown, cause?: ExitCause): string {
  if (cause === undefined) return `main crashed: ${describeReason(reason)}`;
  if (cause.link) return `main exited because ${describeLinkCause(reason, cause.from)}`;
  return `main exited with ${inspect(reason)}, an exit signal from ${cause.from} (Process.exit)`;
}

/**
 * Why a process (not main) ended, for the observer: "exited because linked #PID<0.4.0> exited
 * with an exception: boom", "raised an exception: boom", "exited with :normal".
 */
export function describeProcessExit(reason: unknown, cause?: ExitCause): string {
  if (cause?.link) return `exited because ${describeLinkCause(reason, cause.from)}`;
  if (cause) return `exited with ${inspect(reason)}, an exit signal from ${cause.from} (Process.exit)`;
  return isException(reason) ? `raised an exception: ${describeReason(reason)}` : `exited with ${inspect(reason)}`;
}

/** "linked #PID<0.4.0> exited with an exception: boom" / "... exited with :shutdown". */
export function describeLinkCause(reason: unknown, from: Pid): string {
  const exception = isException(reason);
  return `linked ${from} exited with ${exception ? `an exception: ${describeReason(reason)}` : inspect(reason)}`;
}

function isException(reason: unknown): boolean {
  return Array.isArray(reason) && reason.length === 3 && reason[0] === "error";
}

function describeReason(reason: unknown): string {
  if (Array.isArray(reason) && reason[0] === "error" && typeof reason[1] === "string") return reason[1];
  return inspect(reason);
}
