/**
 * A run's recording on the host side: the TraceStore the workers' chunks go into, and the
 * last-chunk handshake that makes sure a run's final exits are recorded before it is
 * reported ended.
 *
 *     run monitor ─trace-flush─► every live worker ─trace {final}─► RunRecording.chunk ─► all in? ─► finish()
 *     a worker terminated (stuck, restarted) ─► its living processes exit :killed in the recording
 *
 *     const rec = new RunRecording(schedulers, startedAt);
 *     await rec.flush(live, (k) => command(k, { t: "trace-flush" }), 1000);
 *
 * Internal module: run-monitor.ts uses it.
 */
import { TraceStore, type TraceChunk } from "./trace-store";

/** See the file comment. */
export class RunRecording {
  readonly store: TraceStore;
  /** Workers whose final chunk is awaited, and who to tell when all arrived. */
  private readonly flushing = new Set<number>();
  private flushed: (() => void) | null = null;

  constructor(
    schedulers: number,
    /** The run's start on this thread's `performance.now()` clock. */
    private readonly started: number,
  ) {
    this.store = new TraceStore({ schedulers });
  }

  /** A chunk from worker `k`; `final` answers a `trace-flush`. */
  chunk(k: number, chunk: TraceChunk, final: boolean | undefined): void {
    this.store.add(chunk);
    if (final && this.flushing.delete(k) && this.flushing.size === 0) this.flushed?.();
  }

  /** Worker `k` was terminated at `now`: its recording stops there, so its living processes exit `killed` in it. */
  killed(k: number, now: number): void {
    const t = Math.round((now - this.started) * 1000);
    const events = this.store.alive(t).filter((p) => p.sched === k).map((p) => ({ t, s: k, k: "exit" as const, pid: p.pid, reason: ":killed" }));
    this.store.add({ sched: k, from: t, until: t, events, pairs: [], receives: 0, lost: 0 });
  }

  /** Ask every worker in `live` for its last chunk (`ask(k)`); resolves when all came, or after `ms`. */
  flush(live: number[], ask: (k: number) => void, ms: number): Promise<void> {
    for (const k of live) {
      this.flushing.add(k);
      ask(k);
    }
    if (this.flushing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const flushing = this.flushing;
      function done() {
        clearTimeout(timer);
        flushing.clear();
        resolve();
      }
      this.flushed = done;
    });
  }
}
