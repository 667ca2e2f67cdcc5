/**
 * Stats frames: what the page's charts, process table and scheduler lanes read.
 *
 * Sampled in each worker several times a second and packed into one transferable
 * Float64Array (100k processes pack in well under a millisecond; cloning objects would take
 * 70–150 ms):
 *
 *     [0] scheduler index   [1] utilization 0..1 since the last frame   [2] run-queue length
 *     [3] process count     [4] reductions/s                            [5] time (ms)
 *     [6] heap bytes (or -1) [7] messages queued in all its mailboxes
 *     [8] processes in the frame (P)  [9] the most processes alive since the previous frame
 *     then per process, 5 numbers: pid id, queue length, Δreductions, status, memory bytes
 *     then per gauge (kernel/gauges.ts), 3 numbers: pid id, index into `gauges`, value
 *
 * Status codes: 0 running, 1 runnable, 2 waiting. A pid is rebuilt as `#PID<0.id.sched>`.
 * `names` carries [pid id, name] only for processes not described in the previous frame, or
 * whose name changed since (registered name, else initial function: a GenServer registered
 * after its first frame), so a steady run sends no strings. `gauges` names
 * the gauges in this frame (a handful of short strings: "buffer", "demand", "ets:cache").
 * Gauges of every process that publishes one are in the frame (up to GAUGE_PROCS_LIMIT
 * processes), whether or not the process itself is.
 *
 *     const sampler = new StatsSampler(scheduler);
 *     const { buffer, names } = sampler.sample();
 *     decodeFrame(buffer)   // { sched, utilization, runQueue, procs, ..., processes: [...] }
 */
import { gaugesOf } from "../kernel/gauges";
import { processBytes, threadHeap } from "../kernel/memory";
import type { Proc } from "../kernel/process";
import type { Scheduler } from "../kernel/scheduler";
import { makePid, pidId, type Pid } from "../kernel/term";

/** Numbers in the frame header, and per process. */
export const HEADER = 10;
export const PER_PROC = 5;
export const PER_GAUGE = 3;
const STATUS = { running: 0, runnable: 1, waiting: 2, dead: 2 } as const;

/** One sample of one scheduler, packed. */
export interface Frame {
  buffer: ArrayBuffer;
  names: Array<[number, string]>;
  /** The gauge names the frame's gauge section indexes. */
  gauges: string[];
}

/** Up to this many processes per frame are sent in full; past it, only the top ones. */
export const FULL_FRAME_LIMIT = 500;
/** How many processes the top-K selection keeps per criterion (queue length, Δreductions). */
export const TOP_K = 100;
/** Processes whose gauges a frame carries, at most. */
export const GAUGE_PROCS_LIMIT = 500;

/** Samples a scheduler into packed frames. */
export class StatsSampler {
  private lastTime: number;
  private lastBusy: number;
  private lastReductions: number;
  /** What the previous frame said each process is called (sent again when it changes). */
  private described = new Map<Pid, string>();
  /** Pids the learner pinned: always in the frame while they live. */
  readonly pinned = new Set<Pid>();

  constructor(private readonly s: Scheduler) {
    this.lastTime = s.clock.now();
    this.lastBusy = s.busyMs;
    this.lastReductions = s.totalReductions;
  }

  /**
   * Take one frame. With up to FULL_FRAME_LIMIT processes every one is in it; with more,
   * only the TOP_K by queue length, the TOP_K by reductions since the last frame, and the
   * pinned ones (the header still counts all of them), so a million processes cost one pass
   * and a small frame, not a 40 MB one.
   */
  sample(): Frame {
    const s = this.s;
    const now = s.clock.now();
    const dt = Math.max(1e-6, now - this.lastTime);
    const n = s.procs.size;
    let chosen: Array<{ p: Proc; d: number }>;
    let queued = 0;
    if (n <= FULL_FRAME_LIMIT) {
      chosen = [];
      for (const p of s.procs.values()) {
        chosen.push({ p, d: p.reductions - p.sampledReductions });
        p.sampledReductions = p.reductions;
        queued += p.mailbox.length;
      }
    } else {
      const byQueue = new TopK(TOP_K);
      const byWork = new TopK(TOP_K);
      const pinned: Array<{ p: Proc; d: number }> = [];
      for (const p of s.procs.values()) {
        const d = p.reductions - p.sampledReductions;
        p.sampledReductions = p.reductions;
        const len = p.mailbox.length;
        queued += len;
        if (len > 0) byQueue.offer(len, p, d);
        if (d > 0) byWork.offer(d, p, d);
        if (this.pinned.size > 0 && this.pinned.has(p.pid)) pinned.push({ p, d });
      }
      const seen = new Set<Proc>();
      chosen = [];
      for (const e of [...byQueue.items(), ...byWork.items(), ...pinned]) {
        if (!seen.has(e.p)) {
          seen.add(e.p);
          chosen.push(e);
        }
      }
    }

    // Gauges: read now (a read gauge is a function), packed after the processes.
    const gaugeNames: string[] = [];
    const gaugeValues: number[] = [];
    const g = gaugesOf(s);
    let gp = 0;
    for (const pid of g.pids()) {
      if (gp++ >= GAUGE_PROCS_LIMIT) break;
      const id = pidId(pid);
      g.each(pid, (name, value) => {
        let at = gaugeNames.indexOf(name);
        if (at < 0) at = gaugeNames.push(name) - 1;
        gaugeValues.push(id, at, value);
      });
    }

    const arr = new Float64Array(HEADER + chosen.length * PER_PROC + gaugeValues.length);
    arr[0] = s.index;
    arr[1] = Math.min(1, (s.busyMs - this.lastBusy) / dt);
    arr[2] = s.runQueueLength;
    arr[3] = n;
    arr[4] = ((s.totalReductions - this.lastReductions) * 1000) / dt;
    arr[5] = now;
    arr[6] = threadHeap(false) ?? -1;
    arr[7] = queued;
    arr[8] = chosen.length;
    arr[9] = Math.max(n, s.peakProcs);
    s.peakProcs = n;
    this.lastTime = now;
    this.lastBusy = s.busyMs;
    this.lastReductions = s.totalReductions;

    const names: Array<[number, string]> = [];
    const described = new Map<Pid, string>();
    let i = HEADER;
    for (const { p, d } of chosen) {
      arr[i] = pidId(p.pid);
      arr[i + 1] = p.mailbox.length;
      arr[i + 2] = d;
      arr[i + 3] = STATUS[p.status];
      arr[i + 4] = processBytes(p.mailbox.length);
      i += PER_PROC;
      const name = p.name ?? p.initialCall;
      described.set(p.pid, name);
      if (this.described.get(p.pid) !== name) names.push([pidId(p.pid), name]);
    }
    this.described = described;
    arr.set(gaugeValues, i);
    return { buffer: arr.buffer, names, gauges: gaugeNames };
  }
}

/** Keeps the k entries with the highest scores seen so far (O(k) per accepted offer; most offers are rejected in O(1)). */
class TopK {
  private entries: Array<{ score: number; p: Proc; d: number }> = [];
  private min = 0;
  private minAt = -1;
  constructor(private readonly k: number) {}

  offer(score: number, p: Proc, d: number): void {
    if (this.entries.length < this.k) {
      this.entries.push({ score, p, d });
      if (this.entries.length === this.k) this.findMin();
      return;
    }
    if (score <= this.min) return;
    this.entries[this.minAt] = { score, p, d };
    this.findMin();
  }

  private findMin(): void {
    let m = Infinity;
    let at = -1;
    this.entries.forEach((e, i) => {
      if (e.score < m) {
        m = e.score;
        at = i;
      }
    });
    this.min = m;
    this.minAt = at;
  }

  items(): Array<{ p: Proc; d: number }> {
    return [...this.entries].sort((a, b) => b.score - a.score);
  }
}

/** One process in a decoded frame. */
export interface ProcSample {
  pid: Pid;
  queue: number;
  reductions: number;
  status: "running" | "runnable" | "waiting";
  memory: number;
}

/** One gauge of one process in a decoded frame (a GenStage's "buffer" or "demand", an ETS table's "ets:NAME"). */
export interface GaugeSample {
  pid: Pid;
  name: string;
  value: number;
}

/** A decoded frame. */
export interface DecodedFrame {
  sched: number;
  utilization: number;
  runQueue: number;
  procs: number;
  reductionsPerSec: number;
  time: number;
  heap: number;
  /** Messages queued in every mailbox of the scheduler (not only the processes in the frame). */
  queued?: number;
  /** The most processes alive at once since the previous frame (`procs` or more: processes that came and went between frames). */
  peakProcs?: number;
  processes: ProcSample[];
  /** The gauges published on the scheduler (needs the frame's `gauges` names; empty without them). */
  gauges?: GaugeSample[];
  /** When recording: µs since the run's start when the frame was sampled, the recording's clock (set by the run monitor). */
  atUs?: number;
  /** [pid id, name] of processes new since the scheduler's previous frame (set by the run monitor). */
  names?: Array<[number, string]>;
}

const STATUS_NAMES = ["running", "runnable", "waiting"] as const;

/** Unpack a frame made by `StatsSampler.sample`; `gaugeNames` is the frame's `gauges`. */
export function decodeFrame(buffer: ArrayBuffer, gaugeNames: readonly string[] = []): DecodedFrame {
  const a = new Float64Array(buffer);
  const sched = a[0];
  const processes: ProcSample[] = [];
  const end = HEADER + a[8] * PER_PROC;
  for (let i = HEADER; i + PER_PROC <= end; i += PER_PROC) {
    processes.push({
      pid: makePid(sched, a[i]),
      queue: a[i + 1],
      reductions: a[i + 2],
      status: STATUS_NAMES[a[i + 3]] ?? "waiting",
      memory: a[i + 4],
    });
  }
  const gauges: GaugeSample[] = [];
  for (let i = end; i + PER_GAUGE <= a.length; i += PER_GAUGE) {
    const name = gaugeNames[a[i + 1]];
    if (name !== undefined) gauges.push({ pid: makePid(sched, a[i]), name, value: a[i + 2] });
  }
  return { sched, utilization: a[1], runQueue: a[2], procs: a[3], reductionsPerSec: a[4], time: a[5], heap: a[6], queued: a[7], peakProcs: a[9], processes, gauges };
}
