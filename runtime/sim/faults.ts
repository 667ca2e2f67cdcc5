/**
 * Faults: things that go wrong on purpose, written into a deterministic run so that a seed
 * plus its faults replays exactly.
 *
 *     kill:ping@120ms           kill the process registered as "ping" once 120 virtual ms have passed
 *     kill:#PID<0.7.0>@#340     kill that pid just before scheduling decision 340
 *     drop:ping->pong#3         the 3rd message ping sends to pong is lost (pids or names)
 *     delay:ping->pong#3@50ms   ... arrives 50 virtual ms late (later ones may overtake it)
 *
 * A fault applies at the first scheduling decision at or after its moment, so the same seed
 * and the same faults give the same run. The page's Kill button during a deterministic run
 * records a fault at the decision it happened before, so "share this run" carries it.
 *
 * Mirrors FoundationDB's simulation faults (a machine killed at a chosen moment) and
 * `Process.exit(pid, :kill)` from a test.
 */

/** A fault: a process killed (at virtual ms, or before a scheduling decision), or a message lost. */
export type Fault = KillFault | DropFault;

/** Kill `target` (a pid `#PID<0.7.0>` or a registered name) at `atMs` or before decision `atStep`. */
export interface KillFault {
  kind: "kill";
  target: string;
  atMs?: number;
  atStep?: number;
}

/** The `nth` message (from 1) that `from` sends to `to` (pids or names) is lost, or with `delayMs` arrives that late. */
export interface DropFault {
  kind: "drop";
  from: string;
  to: string;
  nth: number;
  delayMs?: number;
}

/** Faults from their written form: `kill:TARGET@120ms` or `kill:TARGET@#340`, comma-separated. */
export function parseFaults(text: string): Fault[] {
  const faults: Fault[] = [];
  for (const part of splitTop(text)) {
    const drop = /^drop:(.+)->(.+)#(\d+)$/.exec(part.trim());
    if (drop !== null && Number(drop[3]) >= 1) {
      faults.push({ kind: "drop", from: drop[1], to: drop[2], nth: Number(drop[3]) });
      continue;
    }
    const delay = /^delay:(.+)->(.+)#(\d+)@(\d+(?:\.\d+)?)ms$/.exec(part.trim());
    if (delay !== null && Number(delay[3]) >= 1) {
      faults.push({ kind: "drop", from: delay[1], to: delay[2], nth: Number(delay[3]), delayMs: Number(delay[4]) });
      continue;
    }
    const m = /^(kill):(.+)@(?:(\d+(?:\.\d+)?)ms|#(\d+))$/.exec(part.trim());
    if (m === null) throw new Error(`cannot read the fault ${JSON.stringify(part.trim())}: write kill:NAME@120ms, kill:#PID<0.7.0>@#340, drop:FROM->TO#3 or delay:FROM->TO#3@50ms`);
    const [, kind, target, ms, step] = m;
    faults.push(ms !== undefined ? { kind: kind as "kill", target, atMs: Number(ms) } : { kind: kind as "kill", target, atStep: Number(step) });
  }
  return faults;
}

/** The fault that loses (or, with `delayMs`, delays) the `nth` message `from` sends `to`, written (the sequence diagram's buttons). */
export function dropFault(from: string, to: string, nth: number, delayMs?: number): string {
  return formatFault({ kind: "drop", from, to, nth, ...(delayMs !== undefined ? { delayMs } : {}) });
}

/** Faults in their written form (what `--faults` and a share link carry). */
export function formatFaults(faults: readonly Fault[]): string {
  return faults.map(formatFault).join(",");
}

function formatFault(f: Fault): string {
  if (f.kind === "kill") return `kill:${f.target}@${f.atStep !== undefined ? `#${f.atStep}` : `${f.atMs}ms`}`;
  if (f.delayMs !== undefined) return `delay:${f.from}->${f.to}#${f.nth}@${f.delayMs}ms`;
  return `drop:${f.from}->${f.to}#${f.nth}`;
}

/** Split on commas outside `<...>` (a pid has none, but a name might be odd). */
function splitTop(text: string): string[] {
  return text.split(",").filter((s) => s.trim() !== "");
}
