/**
 * The observer's data, outside React: the latest stats frame of every scheduler and the run's
 * history for the charts. Every frame is sampled into bounded histories (a run of 50 ms that
 * sent three frames draws three points), and subscribers hear of it at most every `tickMs`
 * (and once more after the last frame), so the page renders at the stats rate whatever the
 * number of processes or frames.
 *
 *     scheduler frames ──addFrame──► latest per scheduler ──sample──► History (queues, gauges, system)
 *                                                         └─notify (≤ 1 / tickMs)─► charts, table, lanes
 *
 * Queue-length series are kept for the top processes by backlog (mailbox plus a GenStage's
 * buffer) plus the pinned ones (at most `maxSeries` processes), from the moment each one
 * entered the top: a 10,000-process run costs a handful of columns. A charted process that
 * publishes gauges (kernel/gauges.ts: a GenStage's `buffer` and `demand`) gets one more
 * column per gauge, keyed `pid|name`. Processes are labelled by registered name, else their
 * initial call, with the pid beside it (`label`), and can be pinned by that name before they
 * exist (`pinNames`: a lesson's chart follows its stages from the start).
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

/** One line of the queue chart: a process's mailbox (`gauge` undefined) or one of its gauges. */
export interface QueueSeries {
  key: string;
  pid: string;
  gauge?: string;
}

interface SchedState {
  frame: DecodedFrame;
  /** ms between this frame and the previous one of the same scheduler. */
  dt: number;
  names: Map<number, string>;
}

/** Processes shown in the queue chart by default (the top by backlog). */
const TOP = 5;
/** Frames closer together than this (ms, page clock) make one history point. */
const SAMPLE_MS = 10;
/** The key of `pid`'s gauge `name` in the queue history. */
const gaugeKey = (pid: string, name: string) => `${pid}|${name}`;

export class StatsStore {
  /** Bumped at every notification. */
  version = 0;
  readonly queues: History;
  readonly system: History;
  readonly pinned = new Set<string>();
  /** Names (registered, or initial calls) whose processes are pinned as they appear. */
  private pinnedNames = new Set<string>();
  /** Pids pinned because of their name (unpinned at the next run). */
  private pinnedByName = new Set<string>();
  private scheds: Array<SchedState | undefined> = [];
  private listeners = new Set<() => void>();
  private start = 0;
  private lastSample = -Infinity;
  private lastTick = -Infinity;
  private trailing: ReturnType<typeof setTimeout> | null = null;
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

  /** A new run: forget everything but the learner's pins; `names` are pinned as they appear. */
  reset(names: readonly string[] = []): void {
    for (const pid of this.pinnedByName) this.pinned.delete(pid);
    this.pinnedByName.clear();
    this.pinnedNames = new Set(names);
    this.scheds = [];
    this.queues.clear();
    this.system.clear();
    this.start = this.now();
    this.lastSample = -Infinity;
    this.lastTick = -Infinity;
    if (this.trailing !== null) clearTimeout(this.trailing);
    this.trailing = null;
    this.rowsCache = null;
    this.version++;
    this.notify();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Take a scheduler's frame into the histories; subscribers hear of it within `tickMs`. */
  addFrame(frame: DecodedFrame): void {
    const prev = this.scheds[frame.sched];
    const names = prev?.names ?? new Map<number, string>();
    for (const [id, name] of frame.names ?? []) {
      names.set(id, name);
      if (this.pinnedNames.has(name)) this.pinByName(`#PID<0.${id}.${frame.sched}>`);
    }
    // Forget names of dead processes now and then (names only arrive for new ones).
    if (names.size > 2 * frame.processes.length + 64) {
      const live = new Set(frame.processes.map((p) => idOf(p.pid)));
      for (const id of names.keys()) if (!live.has(id)) names.delete(id);
    }
    const dt = prev ? Math.max(1, frame.time - prev.frame.time) : 250;
    this.scheds[frame.sched] = { frame, dt, names };
    const now = this.now();
    if (now - this.lastSample >= SAMPLE_MS) this.sample(now);
    const tickMs = this.opts.tickMs ?? 200;
    if (now - this.lastTick >= tickMs) this.tick(now, false);
    else if (this.trailing === null) {
      // The last frames of a burst show too, a tick later.
      this.trailing = setTimeout(() => {
        this.trailing = null;
        this.tick(this.now(), false);
      }, tickMs);
    }
  }

  /** Sample the latest frames (unless `sample` is false: they are sampled) and tell the subscribers. */
  tick(now = this.now(), sample = true): void {
    if (sample) this.sample(now);
    this.lastTick = now;
    this.version++;
    this.rowsCache = null;
    this.notify();
  }

  private sample(now: number): void {
    this.lastSample = now;
    const t = (now - this.start) / 1000;
    const lanes = this.schedulers();
    // Processes: the most alive since each scheduler's previous frame, so a burst between frames shows.
    let procs = 0;
    for (const s of this.scheds) if (s) procs += Math.max(s.frame.procs, s.frame.peakProcs ?? 0);
    const sys: Record<string, number> = { procs };
    for (const s of lanes) {
      const key = `util${s.index}`;
      if (!this.system.has(key)) this.system.add(key, "mean");
      sys[key] = s.utilization;
    }
    this.system.push(t, sys);
    this.sampleQueues(t);
  }

  private sampleQueues(t: number): void {
    const gauges = new Map<string, Array<{ name: string; value: number }>>();
    for (const s of this.scheds) for (const g of s?.frame.gauges ?? []) {
      let list = gauges.get(g.pid);
      if (!list) gauges.set(g.pid, (list = []));
      list.push({ name: g.name, value: g.value });
    }
    const backlog = (p: ProcSample) => p.queue + (gauges.get(p.pid)?.find((g) => g.name === "buffer")?.value ?? 0);
    const queues = new Map<string, number>();
    const top: Array<{ pid: string; score: number }> = [];
    for (const s of this.scheds) {
      if (!s) continue;
      for (const p of s.frame.processes) {
        if (this.queues.has(p.pid) || this.pinned.has(p.pid)) queues.set(p.pid, p.queue);
        const score = backlog(p);
        if (score === 0) continue;
        // Keep the TOP largest backlogs (insertion into a tiny sorted array).
        if (top.length < TOP || score > top[top.length - 1]!.score) {
          let i = top.length;
          while (i > 0 && top[i - 1]!.score < score) i--;
          top.splice(i, 0, { pid: p.pid, score });
          if (top.length > TOP) top.pop();
        }
        queues.set(p.pid, p.queue);
      }
    }
    const topPids = new Set(top.map((p) => p.pid));
    for (const pid of this.pinned) if (!this.queues.has(pid)) this.queues.add(pid);
    for (const pid of topPids) {
      if (this.queues.has(pid)) continue;
      this.evictFor(topPids, queues);
      this.queues.add(pid);
    }
    const values: Record<string, number | null> = {};
    for (const key of this.queues.keys()) {
      const bar = key.indexOf("|");
      if (bar < 0) values[key] = queues.get(key) ?? null;
      else values[key] = gauges.get(key.slice(0, bar))?.find((g) => g.name === key.slice(bar + 1))?.value ?? null;
    }
    // A charted process's gauges get their own columns.
    for (const [pid, list] of gauges) {
      if (!this.queues.has(pid)) continue;
      for (const g of list) values[gaugeKey(pid, g.name)] = g.value;
    }
    this.queues.push(t, values);
  }

  /** Make room for one more process: drop the unpinned, non-top one with the smallest queue (and its gauges). */
  private evictFor(top: Set<string>, current: Map<string, number>): void {
    const max = Math.max(this.opts.maxSeries ?? 8, this.pinned.size + TOP);
    const keys = this.queues.keys().filter((k) => !k.includes("|"));
    if (keys.length < max) return;
    let victim: string | undefined;
    let least = Infinity;
    for (const k of keys) {
      if (this.pinned.has(k) || top.has(k)) continue;
      const q = current.get(k) ?? -1;
      if (q < least) (least = q), (victim = k);
    }
    if (victim === undefined) return;
    for (const k of this.queues.keys()) if (k === victim || k.startsWith(`${victim}|`)) this.queues.drop(k);
  }

  /** Pin or unpin a process in the queue chart. */
  togglePin(pid: string): void {
    if (this.pinned.has(pid)) {
      this.pinned.delete(pid);
      this.pinnedByName.delete(pid);
    } else {
      this.pinned.add(pid);
      this.queues.add(pid);
    }
    this.version++;
    this.notify();
  }

  private pinByName(pid: string): void {
    if (this.pinned.has(pid)) return;
    this.pinnedByName.add(pid);
    this.pinned.add(pid);
    this.queues.add(pid);
  }

  /** The queue chart's lines — each process's mailbox followed by its gauges —, their keys and data. */
  queueData(): { series: QueueSeries[]; keys: string[]; data: ReturnType<History["data"]> } {
    const columns = this.queues.keys();
    const series: QueueSeries[] = [];
    for (const key of columns) {
      if (key.includes("|")) continue;
      series.push({ key, pid: key });
      for (const k of columns) if (k.startsWith(`${key}|`)) series.push({ key: k, pid: key, gauge: k.slice(key.length + 1) });
    }
    const keys = series.map((s) => s.key);
    return { series, keys, data: this.queues.data(keys) };
  }

  /** Registered name, else initial call, as the last frames said (undefined when none said yet). */
  nameOf(pid: string): string | undefined {
    const m = /<0\.(\d+)\.(\d+)>/.exec(pid);
    return m ? this.scheds[Number(m[2])]?.names.get(Number(m[1])) : undefined;
  }

  /** How the page names a process: `ServerFlood #PID<0.6.0>`, or the pid alone while its name is unknown. */
  label(pid: string): string {
    const name = this.nameOf(pid);
    return name ? `${name} ${pid}` : pid;
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
