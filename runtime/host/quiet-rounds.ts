/**
 * How the host knows a run is over or stuck waiting: its workers' heartbeats, judged in
 * rounds.
 *
 *     worker k ─beat {procs, timers, sent, received, busy}─► QuietRounds.beat(k)
 *     every worker has beaten since the last round ─► judge():
 *       not quiet (a timer pending, a worker busy, a signal in flight) ─► "running"
 *       quiet, nothing alive, the same totals 2 rounds running ─────────► "ended"
 *       quiet, processes alive, the same totals 3 rounds running ──────► "waiting" (deadlock, if main is among them)
 *
 *     const rounds = new QuietRounds(2);
 *     rounds.beat(0, beat0); rounds.beat(1, beat1);
 *     rounds.judge(false);   // "running" | "ended" | "waiting" | "pending"
 *
 * A round is complete only once every worker has beaten since the last one, so a worker
 * starved of CPU (whose last beat is stale) holds the verdict back instead of faking quiet.
 * Signals in flight are the difference between what all workers sent and received.
 *
 * Internal module: run-monitor.ts uses it. (The BEAM knows it is idle from its own run
 * queues; workers share nothing, so the host adds up what they report.)
 */

/** A worker's heartbeat: its live processes, pending timers, signals sent and received, whether it has work. */
export interface Beat {
  procs: number;
  timers: number;
  sent: number;
  received: number;
  busy: boolean;
}

/** The verdict on the latest round: see the file comment ("pending": the round is not complete). */
export type Quiet = "pending" | "running" | "ended" | "waiting";

/** See the file comment. */
export class QuietRounds {
  private readonly beats: Array<Beat | undefined>;
  /** Which workers have beaten since the last round was judged. */
  private readonly fresh: boolean[];
  private rounds = 0;
  private lastTotals = "";
  /** Processes alive at the last verdict. */
  procs = 0;

  constructor(n: number) {
    this.beats = new Array(n).fill(undefined);
    this.fresh = new Array(n).fill(false);
  }

  /** Worker `k` beat. */
  beat(k: number, b: Beat): void {
    this.beats[k] = b;
    this.fresh[k] = true;
  }

  /** Worker `k` was replaced: wait for its first beat again. */
  forget(k: number): void {
    this.beats[k] = undefined;
  }

  /** The verdict, once every worker has beaten since the last one; `restarted`: signals to a lost worker may never be received. */
  judge(restarted: boolean): Quiet {
    if (this.beats.some((b) => b === undefined) || this.fresh.some((f) => !f)) return "pending";
    this.fresh.fill(false);
    const bs = this.beats as Beat[];
    const sent = bs.reduce((a, b) => a + b.sent, 0);
    const received = bs.reduce((a, b) => a + b.received, 0);
    this.procs = bs.reduce((a, b) => a + b.procs, 0);
    const quiet = bs.every((b) => b.timers === 0 && !b.busy) && (sent === received || restarted);
    if (!quiet) {
      this.rounds = 0;
      return "running";
    }
    const totals = `${sent}/${received}/${this.procs}`;
    this.rounds = totals === this.lastTotals ? this.rounds + 1 : 1;
    this.lastTotals = totals;
    if (this.procs === 0 && this.rounds >= 2) return "ended";
    return this.rounds >= 3 ? "waiting" : "pending";
  }
}
