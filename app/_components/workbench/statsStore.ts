/**
 * The observer's data, outside React: the latest stats frame of every scheduler and the run's
 * history for the charts. Frames arrive 4 times a second per scheduler; the store samples
 * them at most every `tickMs` into bounded histories and then tells its subscribers, so the
 * page renders at the stats rate whatever the number of processes.
 *
 *     scheduler frames ──addFrame──► latest per scheduler ──tick──► History (queues, system)
 *                                                                └─► subscribers (charts, table, lanes)
 *
 * Queue-length series are kept for the top processes by queue length plus the pinned ones
 * (at most `maxSeries`), from the moment each one entered the top: a 10,000-process run costs
 * a handful of columns.
 *
 *     const store = new StatsStore();
 *     run.onStats((f) => store.addFrame(f));
 *     store.subscribe(() => draw(store.queueData()));
 */
import type { DecodedFrame, ProcSample } from "../../../runtime/host/stats";
import { History } from "./history";

/** One row of the process table. */
export interface ProcRow {
  pid: string;
  /** Registered name, else the initial function. */
  name: string;
  status: ProcSample["status"];
  queue: number;
  reductionsPerSec: number;
  memory: number;
  scheduler: number;
}

/** One scheduler lane. */
export interface SchedRow {
  index: number;
  utilization: number;
  runQueue: number;
  procs: number;
  reductionsPerSec: number;
}

interface SchedState {
  frame: DecodedFrame;
  /** ms between this frame and the previous one of the same scheduler. */
  dt: number;
  names: Map<number, string>;
}

/** Processes shown in the queue chart by default (the top by queue length). */
const TOP = 5;

export class StatsStore {
  /** Bumped at every tick. */
  version = 0;
  readonly queues: History;
  readonly system: History;
  readonly pinned = new Set<string>();
  private scheds: Array<SchedState | undefined> = [];
  private listeners = new Set<() => void>();
  private start = 0;
  private lastTick = -Infinity;
  private rowsCache: { version: number; rows: ProcRow[] } | null = null;

  constructor(
    private readonly opts: { capacity?: number; maxSeries?: number; tickMs?: number; now?: () => number } = {},
  ) {
    this.queues = new History(opts.capacity ?? 600);
    this.system = new History(opts.capacity ?? 600);
  }

  private now(): number {
    return (this.opts.now ?? (() => performance.now()))();
  }

  /** A new run: forget everything but the pins. */
  reset(): void {
    this.scheds = [];
    this.queues.clear();
    this.system.clear();
    this.start = this.now();
    this.lastTick = -Infinity;
    this.rowsCache = null;
    this.version++;
    this.notify();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Take a scheduler's frame; samples the histories when a tick is due. */
  addFrame(frame: DecodedFrame): void {
    const prev = this.scheds[frame.sched];
    const names = prev?.names ?? new Map<number, string>();
    for (const [id, name] of frame.names ?? []) names.set(id, name);
    // Forget names of dead processes now and then (names only arrive for new ones).
    if (names.size > 2 * frame.processes.length + 64) {
      const live = new Set(frame.processes.map((p) => idOf(p.pid)));
      for (const id of names.keys()) if (!live.has(id)) names.delete(id);
    }
    const dt = prev ? Math.max(1, frame.time - prev.frame.time) : 250;
    this.scheds[frame.sched] = { frame, dt, names };
    const now = this.now();
    if (now - this.lastTick >= (this.opts.tickMs ?? 200)) this.tick(now);
  }

  /** Sample the latest frames into the histories and tell the subscribers. */
  tick(now = this.now()): void {
    this.lastTick = now;
    const t = (now - this.start) / 1000;
    const lanes = this.schedulers();
    const sys: Record<string, number> = { procs: lanes.reduce((a, s) => a + s.procs, 0) };
    for (const s of lanes) {
      const key = `util${s.index}`;
      if (!this.system.has(key)) this.system.add(key, "mean");
      sys[key] = s.utilization;
    }
    this.system.push(t, sys);
    this.sampleQueues(t);
    this.version++;
    this.rowsCache = null;
    this.notify();
  }

  private sampleQueues(t: number): void {
    const queues = new Map<string, number>();
    const top: ProcSample[] = [];
    for (const s of this.scheds) {
      if (!s) continue;
      for (const p of s.frame.processes) {
        if (this.queues.has(p.pid) || this.pinned.has(p.pid)) queues.set(p.pid, p.queue);
        if (p.queue === 0) continue;
        // Keep the TOP largest queues (insertion into a tiny sorted array).
        if (top.length < TOP || p.queue > top[top.length - 1]!.queue) {
          let i = top.length;
          while (i > 0 && top[i - 1]!.queue < p.queue) i--;
          top.splice(i, 0, p);
          if (top.length > TOP) top.pop();
        }
      }
    }
    const topPids = new Set(top.map((p) => p.pid));
    for (const p of top) queues.set(p.pid, p.queue);
    for (const pid of this.pinned) if (!this.queues.has(pid)) this.queues.add(pid);
    for (const pid of topPids) {
      if (this.queues.has(pid)) continue;
      this.evictFor(topPids, queues);
      this.queues.add(pid);
    }
    const values: Record<string, number | null> = {};
    for (const key of this.queues.keys()) values[key] = queues.get(key) ?? null;
    this.queues.push(t, values);
  }

  /** Make room for one more series: drop the unpinned, non-top series with the smallest queue. */
  private evictFor(top: Set<string>, current: Map<string, number>): void {
    const max = Math.max(this.opts.maxSeries ?? 8, this.pinned.size + TOP);
    const keys = this.queues.keys();
    if (keys.length < max) return;
    let victim: string | undefined;
    let least = Infinity;
    for (const k of keys) {
      if (this.pinned.has(k) || top.has(k)) continue;
      const q = current.get(k) ?? -1;
      if (q < least) (least = q), (victim = k);
    }
    if (victim !== undefined) this.queues.drop(victim);
  }

  /** Pin or unpin a process in the queue chart. */
  togglePin(pid: string): void {
    if (this.pinned.has(pid)) {
      this.pinned.delete(pid);
    } else {
      this.pinned.add(pid);
      this.queues.add(pid);
    }
    this.version++;
    this.notify();
  }

  /** The queue chart's series (pids) and data. */
  queueData(): { keys: string[]; data: ReturnType<History["data"]> } {
    const keys = this.queues.keys();
    return { keys, data: this.queues.data(keys) };
  }

  /** Scheduler lanes, by index. */
  schedulers(): SchedRow[] {
    const out: SchedRow[] = [];
    this.scheds.forEach((s) => {
      if (!s) return;
      const f = s.frame;
      out.push({ index: f.sched, utilization: f.utilization, runQueue: f.runQueue, procs: f.procs, reductionsPerSec: f.reductionsPerSec });
    });
    return out;
  }

  /** Every live process as a table row (cached per tick). */
  rows(): ProcRow[] {
    if (this.rowsCache?.version === this.version) return this.rowsCache.rows;
    const rows: ProcRow[] = [];
    for (const s of this.scheds) {
      if (!s) continue;
      const perSec = 1000 / s.dt;
      for (const p of s.frame.processes) {
        rows.push({
          pid: p.pid,
          name: s.names.get(idOf(p.pid)) ?? "",
          status: p.status,
          queue: p.queue,
          reductionsPerSec: Math.round(p.reductions * perSec),
          memory: p.memory,
          scheduler: s.frame.sched,
        });
      }
    }
    this.rowsCache = { version: this.version, rows };
    return rows;
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}

/** The process number in `#PID<0.ID.SCHED>`. */
function idOf(pid: string): number {
  const dot = pid.indexOf(".");
  return Number(pid.slice(dot + 1, pid.indexOf(".", dot + 1)));
}
