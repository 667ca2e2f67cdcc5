/**
 * The run's timeline on the page: one recorded run (a TraceStore the host fills), the stats
 * frames that came with it, and the moment every panel shows — the cursor. "Live" is the
 * recording's head; a run that ended keeps its timeline, so it can be scrubbed afterwards.
 *
 *     TraceStore (host) ──version──┐
 *     stats frames ──addFrame──────┼─► RunTimeline ──subscribe──► sequence diagram, tree,
 *     scrubber ──seek / live───────┘    at(): { t, i, live, ended }   process table, lanes, charts
 *
 * A panel never asks "what is alive now?" but "what was alive at `at().t`?": once the run ends
 * the head is its end, where nothing is alive, so no panel can show a stale live process.
 *
 *     const tl = new RunTimeline();
 *     tl.begin(run.trace);  tl.addFrame(frame);  tl.end();
 *     tl.seek(12_000);      // µs: every panel shows the run 12 ms in
 *     tl.follow();          // back to the head
 *
 * Times are µs since the run started (the recording's clock). A stats frame carries its time
 * on that clock (`atUs`); the charts' axis is the page's clock since the run began, tied to
 * the recording's by the earliest-arriving chunk (a chunk covering up to `endUs` cannot
 * arrive before it), good to a few milliseconds.
 */
import type { DecodedFrame } from "../../../runtime/host/stats";
import type { TraceEvent, TraceStore } from "../../../runtime/host/trace-store";

/** Where the timeline is: `i` events (of `trace.events`) happened at or before `t`. */
export interface Cursor {
  t: number;
  i: number;
  /** Following the head of the recording. */
  live: boolean;
  /** The run is over (the head is its end: nothing alive there). */
  ended: boolean;
}

/** A stats frame with its time on the recording's clock, µs. */
interface StampedFrame {
  us: number;
  frame: DecodedFrame;
}

/** Frames kept per scheduler: 4 Hz for 2.5 minutes, then every other one is dropped. */
const FRAMES_PER_SCHED = 600;
/** How often a live run's recording is looked at, ms. */
const POLL_MS = 200;

export class RunTimeline {
  trace: TraceStore | null = null;
  /** The sequence diagram's lanes (pids), for "Copy Mermaid"; empty: every process. */
  shownLanes: string[] = [];
  /** Bumps when anything a panel shows may have changed. */
  version = 0;
  private seekT: number | null = null;
  private seekI = 0;
  private ended = false;
  private startedPage = 0;
  /** The page's clock (ms since `begin`) at the recording's 0, the smallest seen so far. */
  private zeroPageMs = Infinity;
  private exactZero = false;
  private frames: StampedFrame[][] = [];
  private seenVersion = -1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private listeners = new Set<() => void>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * A new run (its recording, when the host records). With the run's start on the epoch clock
   * (`startEpochMs`, what the workers count trace times from) the page's clock is tied to the
   * recording's exactly; without it, by the earliest-arriving chunks.
   */
  begin(trace: TraceStore | null, startEpochMs?: number): void {
    this.stopPolling();
    this.trace = trace;
    this.seekT = null;
    this.seekI = 0;
    this.ended = false;
    this.startedPage = this.now();
    this.zeroPageMs = Infinity;
    this.exactZero = startEpochMs !== undefined && typeof performance !== "undefined";
    if (this.exactZero) this.zeroPageMs = startEpochMs! - (performance.timeOrigin + this.startedPage);
    this.frames = [];
    this.seenVersion = -1;
    if (trace !== null) this.timer = setInterval(() => this.poll(), POLL_MS);
    this.changed();
  }

  /** The run is over: its head is its end. */
  end(): void {
    this.poll();
    this.stopPolling();
    this.ended = true;
    this.changed();
  }

  /** Stop looking at the recording (the page goes away). */
  dispose(): void {
    this.stopPolling();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Keep a stats frame at its time on the recording's clock (estimated from the page's without `atUs`). */
  addFrame(frame: DecodedFrame): void {
    const list = (this.frames[frame.sched] ??= []);
    const zero = Number.isFinite(this.zeroPageMs) ? this.zeroPageMs : 0;
    const us = frame.atUs ?? Math.max(0, (this.now() - this.startedPage - zero) * 1000);
    if (list.length > 0 && us < list[list.length - 1]!.us) return;
    list.push({ us, frame });
    if (list.length > FRAMES_PER_SCHED) {
      // Thin the older half evenly: the run stays covered end to end in bounded memory.
      const half = list.length >> 1;
      const kept = list.slice(0, half).filter((_, k) => k % 2 === 0);
      list.splice(0, half, ...kept);
    }
  }

  /** Look at the recording: when it grew, tie its clock to the page's and tell the panels. */
  poll(): void {
    const tr = this.trace;
    if (tr === null || tr.version === this.seenVersion) return;
    this.seenVersion = tr.version;
    const candidate = this.now() - this.startedPage - tr.endUs / 1000;
    if (!this.exactZero && candidate < this.zeroPageMs) this.zeroPageMs = candidate;
    this.changed();
  }

  /** The moment the panels show. */
  at(): Cursor {
    const events = this.trace?.events ?? [];
    const head = this.trace?.endUs ?? 0;
    if (this.seekT === null) return { t: head, i: events.length, live: true, ended: this.ended };
    // Chunks merge by time, so a late one can shift indices: keep `i` only while it still fits `t`.
    let i = Math.min(this.seekI, events.length);
    if ((i > 0 && events[i - 1]!.t > this.seekT) || (i < events.length && events[i]!.t < this.seekT)) i = upperBound(events, this.seekT);
    return { t: this.seekT, i, live: false, ended: this.ended };
  }

  /** Show the run at `t` µs (after every event at `t`, or after the first `i` events). */
  seek(t: number, i?: number): void {
    const events = this.trace?.events ?? [];
    const head = this.trace?.endUs ?? 0;
    this.seekT = Math.max(0, Math.min(t, head));
    this.seekI = i ?? upperBound(events, this.seekT);
    this.changed();
  }

  /** Step to the previous (-1) or next (+1) event. */
  step(dir: -1 | 1): void {
    const events = this.trace?.events ?? [];
    const { i } = this.at();
    const next = Math.max(0, Math.min(events.length, i + dir));
    if (next === events.length && !this.ended) return this.follow();
    this.seek(next === 0 ? 0 : events[next - 1]!.t, next);
  }

  /** Follow the head again. */
  follow(): void {
    this.seekT = null;
    this.changed();
  }

  /** Whether anything is recorded. */
  get recording(): boolean {
    return this.trace !== null;
  }

  /** Recording µs → seconds on the charts' axis (the stats store's clock, which starts with the run). */
  chartSeconds(t: number): number | null {
    if (!Number.isFinite(this.zeroPageMs)) return null;
    return (this.zeroPageMs + t / 1000) / 1000;
  }

  /** Scheduler `sched`'s newest stats frame taken at or before `t` µs (null: none yet). */
  frameAt(sched: number, t: number): DecodedFrame | null {
    const list = this.frames[sched];
    if (!list || list.length === 0) return null;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.us <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : list[lo - 1]!.frame;
  }

  /** Schedulers that sent frames. */
  schedulerCount(): number {
    return this.frames.length;
  }

  private stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}

/** The number of events with `t <= us` (events sorted by t). */
export function upperBound(events: readonly TraceEvent[], us: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.t <= us) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 1234 µs → "1.23 ms"; 2_500_000 → "2.50 s". */
export function formatUs(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(us >= 1e5 ? 0 : 1)} ms`;
  return `${Math.round(us)} µs`;
}
