/**
 * The run monitor: what every host does around its scheduler workers, whatever a worker is
 * (a Web Worker in the page, a worker thread in Node).
 *
 *     host platform (browser-host.ts | node-host.ts)       RunMonitor (this file)
 *     ──────────────────────────────────────────────       ─────────────────────────────────────
 *     start(k) → a worker; channel() → two ports     ◄──   start(): N workers, one channel per pair,
 *                                                          `init` each with its ports
 *                                                          compile(source): on worker 0, for the page
 *                                                          load(code): `load` everywhere, main on 0
 *     worker events (output, main-exit, beat, stats) ──►   output log, end detection, stats decoding
 *                                                          watchdog: restart a worker whose beat stopped
 *                                                          finish(): the result, every worker terminated
 *
 * A run ends when main crashes, when nothing is left anywhere (no process, no timer, no signal
 * in flight: "normal"), when every process left waits in a receive nothing can satisfy (a
 * "deadlock" if main is among them), at the timeout, when a worker fails ("error"), or when
 * the host stops it ("stopped"). With `haltWhenMainExits` (the runner, as `elixir script.exs`
 * halts the VM) it also ends "normal" the moment main returns, whatever still runs. A worker silent for `stuckMs` is stuck in code that cannot be
 * preempted: it is terminated and restarted empty, its processes exit `killed`, and every other
 * worker gets `peer-restarted` so the processes linked to or monitoring them hear of it.
 *
 *     const run = new RunMonitor(platform, { schedulers: 2, timeoutMs: 5000 });
 *     run.start();
 *     run.load(code);
 *     const result = await run.finish();   // { status, output, ms, restarts, ... }
 *
 * Commands go out and events come back as plain messages (protocol.ts) on each worker's
 * `Endpoint`, the same on both platforms; a question (`info`, `compile`) carries an `id` that
 * its answer repeats.
 *
 * Internal module: hosts use it; learners never see it.
 */
import type { CompileResult } from "../compile/errors";
import type { MemoryMeasurement, OutputLine } from "../kernel/protocol";
import { pidScheduler, type Pid } from "../kernel/term";
import type { HostCommand, ProcessDetails, ProcessGone, WorkerConfig, WorkerEvent } from "./protocol";
import { SCHEDULER_DEFAULTS, stuckMsFor, type RunSettings } from "./settings";
import { decodeFrame, type DecodedFrame } from "./stats";
import { QuietRounds } from "./quiet-rounds";
import { RunRecording } from "./run-recording";
import type { TraceStore } from "./trace-store";
import type { MainExit, RunEnd, RunResult } from "./exit-report";
import type { SchedulerWorker, WorkerPlatform } from "./worker-platform";

/** How to run. Every field but `schedulers` has a default. */
export interface MonitorOptions extends RunSettings {
  /** Number of schedulers (already clamped by the host). */
  schedulers: number;
  /** Heartbeat interval, ms. */
  beatMs?: number;
  /** End the run as "deadlock" when main and every other process wait forever (default true: the runner); the page keeps the run so the learner can Kill or Stop. */
  endOnDeadlock?: boolean;
  /** Output lines a worker keeps per flush (16 ms) before dropping the oldest; default OUTPUT_LINES_PER_FLUSH. */
  outputLinesPerFlush?: number;
  onOutput?: (line: OutputLine) => void;
  onStats?: (frame: DecodedFrame) => void;
  /** Main ended (the run may go on: the page keeps it while other processes run). */
  onMainExit?: (exit: MainExit) => void;
  /**
   * Measure the memory of the scheduler workers running script `url`, for a worker's
   * `memory-request` (System.measureMemory in a browser worker); null when the host cannot,
   * and the worker estimates. Absent: every request is answered null.
   */
  measureMemory?: (url: string | undefined) => Promise<MemoryMeasurement | null>;
}

/** Process numbers a restarted worker starts from, per restart, so old pids stay dead. */
const PIDS_PER_GENERATION = 10_000_000;
/** How long finish() waits for the last output batches before terminating the workers. */
const GRACE_MS = 30;
/** How long finish() waits for every worker's last chunk of the recording (a busy worker answers between slices). */
const FLUSH_MS = 1000;
/** The same after Stop: the page is waiting for its workers to go. */
const STOP_FLUSH_MS = 250;

export { describeRunEnd } from "./exit-report";
export type { MainExit, RunEnd, RunResult, RunStatus } from "./exit-report";
export type { SchedulerWorker, WorkerPlatform } from "./worker-platform";

/** Drives one run over N workers of some platform. */
export class RunMonitor {
  readonly n: number;
  /** The live worker of each scheduler (undefined while it is being replaced or after the end). */
  readonly workers: Array<SchedulerWorker | undefined>;
  readonly output: OutputLine[] = [];
  restarts = 0;
  /** Resolves with the first end reported (later ones are ignored). */
  readonly ended: Promise<RunEnd>;

  private readonly started = performance.now();
  private settled: RunEnd | null = null;
  private settle!: (e: RunEnd) => void;
  private readonly serial: number[];
  private nextSerial = 0;
  /** The workers' heartbeats, judged in rounds: is the run over, or stuck waiting? */
  private readonly quiet: QuietRounds;
  private readonly lastSeen: number[];
  /**
   * Has worker k said anything since it started? A worker still booting (loading its code, which
   * takes seconds on a loaded machine and more in the runner's sandbox) is not judged stuck.
   */
  private readonly spoke: boolean[];
  private generation = 0;
  private code: string | null = null;
  private mainEnded = false;
  private mainReason: unknown;
  /** The page was told the run is stalled (once per stall). */
  private stallNoted = false;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  /** Questions to workers not answered yet (`info`, `compile`), by id. */
  private readonly questions = new Map<number, (answer: unknown) => void>();
  private nextQuestion = 0;
  private timeout: ReturnType<typeof setTimeout> | undefined;
  /** The run's recording (`opts.trace`), merged from every worker's chunks; null when not recording. */
  private readonly recording: RunRecording | null;
  /** The run's start on the Unix epoch clock, ms: every worker counts trace times from it. */
  readonly startEpochMs = performance.timeOrigin + this.started;

  constructor(
    private readonly platform: WorkerPlatform,
    private readonly opts: MonitorOptions,
  ) {
    this.n = opts.schedulers;
    this.workers = new Array(this.n).fill(undefined);
    this.serial = new Array(this.n).fill(-1);
    this.quiet = new QuietRounds(this.n);
    this.lastSeen = new Array(this.n).fill(performance.now());
    this.spoke = new Array(this.n).fill(false);
    this.ended = new Promise((r) => (this.settle = r));
    this.recording = opts.trace ? new RunRecording(this.n, this.started) : null;
  }

  /** The run's recording; null when not recording. */
  get trace(): TraceStore | null {
    return this.recording?.store ?? null;
  }

  /** Start every worker and wire the mesh: one channel per pair of schedulers. */
  start(): void {
    const n = this.n;
    const ports: Array<Array<MessagePort | undefined>> = Array.from({ length: n }, () => new Array(n).fill(undefined));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) [ports[i][j], ports[j][i]] = this.platform.channel();
    }
    for (let k = 0; k < n; k++) {
      this.spawn(k);
      this.command(k, { t: "init", config: this.config(k), ports: ports[k] }, defined(ports[k]));
    }
  }

  /** Compile learner `source` on worker 0 (off the page's thread); null when the run ended first. */
  compile(source: string): Promise<CompileResult | null> {
    return this.ask<CompileResult>(0, (id) => ({ t: "compile", id, source }));
  }

  /** Load compiled `code` on every worker, start main on scheduler 0, arm the watchdog and the timeout. */
  load(code: string): void {
    if (this.settled) return;
    this.code = code;
    for (let k = 0; k < this.n; k++) this.command(k, { t: "load", code, start: k === 0 });
    this.lastSeen.fill(performance.now());
    this.watchdog = setInterval(() => this.checkStuck(), 250);
    const ms = this.opts.timeoutMs;
    if (ms && ms > 0) {
      this.timeout = setTimeout(() => this.end({ status: "timeout", message: `timeout: the run was stopped after ${ms} ms` }), ms);
    }
  }

  /** Send `kill` to `pid` (the observer's Kill button); a no-op once the run is over. */
  kill(pid: Pid): void {
    const k = pidScheduler(pid);
    if (!this.settled && k >= 0 && k < this.n) this.command(k, { t: "kill", pid });
  }

  /** Pin processes: each scheduler keeps its own pinned pids in every stats frame. */
  pin(pids: Pid[]): void {
    if (this.settled) return;
    for (let k = 0; k < this.n; k++) {
      if (this.workers[k] !== undefined) this.command(k, { t: "pin", pids: pids.filter((p) => pidScheduler(p) === k) });
    }
  }

  /**
   * One process's details (the observer's detail panel); once it is dead, how it exited if
   * its scheduler was asked about it while it lived; null when unknown or the run is over.
   */
  info(pid: Pid): Promise<ProcessDetails | ProcessGone | null> {
    return this.ask<ProcessDetails | ProcessGone>(pidScheduler(pid), (id) => ({ t: "info", pid, id }));
  }

  /** Ask worker `k` the question `make(id)`; its answer, or null when the run is over (or ends first). */
  private ask<T>(k: number, make: (id: number) => HostCommand): Promise<T | null> {
    if (this.settled || !(k >= 0 && k < this.n) || this.workers[k] === undefined) return Promise.resolve(null);
    const id = this.nextQuestion++;
    return new Promise((resolve) => {
      this.questions.set(id, resolve as (answer: unknown) => void);
      this.command(k, make(id));
    });
  }

  /** The answer to question `id` arrived. */
  private answer(id: number, value: unknown): void {
    this.questions.get(id)?.(value);
    this.questions.delete(id);
  }

  /** End the run with `e` (the first end wins); questions still unanswered get null. */
  end(e: RunEnd): void {
    if (this.settled) return;
    this.settled = e;
    for (const resolve of this.questions.values()) resolve(null);
    this.questions.clear();
    this.settle(e);
  }

  /** Wait for the end, let the last output arrive (unless stopped), terminate every worker. */
  async finish(): Promise<RunResult> {
    const end = await this.ended;
    clearInterval(this.watchdog);
    clearTimeout(this.timeout);
    // Halted as main returned: stop every process now, and each worker sends what it printed before.
    if (end.status === "normal" && this.opts.haltWhenMainExits) for (let k = 0; k < this.n; k++) this.command(k, { t: "stop" });
    if (end.status !== "stopped") await new Promise((r) => setTimeout(r, GRACE_MS));
    // The recording's last chunk (the exits at the end) arrives before the run is reported ended.
    await this.flushTrace(end.status === "stopped" ? STOP_FLUSH_MS : FLUSH_MS);
    this.terminateAll();
    return { ...end, output: this.output, ms: performance.now() - this.started, restarts: this.restarts };
  }

  /**
   * The host stops the run (the page's Stop): it ends "stopped" at once. Without a recording
   * every worker is terminated now; with one, every process is killed first and the workers go
   * once their last chunk (the kills) has arrived, or after STOP_FLUSH_MS (`finish` does it).
   */
  stop(): void {
    this.end({ status: "stopped", message: "stopped" });
    if (this.trace === null) return this.terminateAll();
    for (let k = 0; k < this.n; k++) this.command(k, { t: "stop" });
  }

  /** Keep these processes' messages in detail first in the recording (every worker: a watched pid may be anyone's peer). */
  traceWatch(pids: Pid[]): void {
    if (this.trace === null) return;
    for (let k = 0; k < this.n; k++) this.command(k, { t: "trace-watch", pids });
  }

  /** Ask every live worker for its last chunk of the recording; resolves when all came, or after `ms`. */
  private flushTrace(ms: number): Promise<void> {
    if (this.recording === null) return Promise.resolve();
    const live = [...this.workers.keys()].filter((k) => this.workers[k] !== undefined);
    return this.recording.flush(live, (k) => this.command(k, { t: "trace-flush" }), ms);
  }

  /** Terminate every worker now (idempotent). */
  terminateAll(): void {
    for (let k = 0; k < this.n; k++) {
      const w = this.workers[k];
      this.workers[k] = undefined;
      this.serial[k] = -1;
      w?.terminate();
    }
  }

  private config(index: number, firstId?: number): WorkerConfig {
    const o = this.opts;
    return {
      index,
      count: this.n,
      budget: o.budget,
      sliceMs: o.sliceMs,
      syncLimitMs: o.syncLimitMs,
      maxProcesses: o.maxProcesses,
      maxMailbox: o.maxMailbox,
      firstId,
      beatMs: o.beatMs ?? 100,
      statsHz: o.statsHz ?? 0,
      outputLinesPerFlush: o.outputLinesPerFlush,
      ...(this.trace ? { trace: { startEpochMs: this.startEpochMs } } : {}),
    };
  }

  /** Post `cmd` to worker `k`; `transfer` lists the ports it carries. A command the platform refuses ends the run. */
  private command(k: number, cmd: HostCommand, transfer: MessagePort[] = []): void {
    try {
      this.workers[k]?.postMessage(cmd, transfer);
    } catch (e) {
      this.end({ status: "error", message: `scheduler ${k} refused a command: ${(e as Error)?.message ?? e}` });
    }
  }

  /** Start worker `k`; events of a worker that was since replaced are ignored. */
  private spawn(k: number): SchedulerWorker {
    const serial = this.nextSerial++;
    this.serial[k] = serial;
    this.spoke[k] = false;
    const w = this.platform.start(k, (message) => {
      if (this.serial[k] === serial) this.end({ status: "error", message });
    });
    w.addEventListener("message", (e) => {
      if (this.serial[k] === serial) this.onEvent(k, e.data as WorkerEvent);
    });
    this.workers[k] = w;
    return w;
  }

  private emit(line: OutputLine): void {
    this.output.push(line);
    this.opts.onOutput?.(line);
  }

  private onEvent(k: number, ev: WorkerEvent): void {
    this.lastSeen[k] = performance.now();
    this.spoke[k] = true;
    switch (ev.t) {
      case "ready":
        return;
      case "output":
        for (const l of ev.lines) this.emit(l);
        return;
      case "main-exit":
        this.mainEnded = true;
        this.mainReason = ev.reason;
        this.opts.onMainExit?.({ reason: ev.reason, crashed: ev.crashed, cause: ev.cause });
        if (ev.crashed) this.end({ status: "crashed", reason: ev.reason, cause: ev.cause });
        else if (this.opts.haltWhenMainExits) this.end({ status: "normal", reason: ev.reason });
        return;
      case "beat":
        this.quiet.beat(k, ev);
        this.checkEnd();
        return;
      case "stats":
        this.opts.onStats?.({ ...decodeFrame(ev.frame, ev.gauges), names: ev.names, ...(ev.atUs !== undefined ? { atUs: ev.atUs } : {}) });
        return;
      case "trace":
        this.recording?.chunk(k, ev.chunk, ev.final);
        return;
      case "compiled":
        this.answer(ev.id, ev.result);
        return;
      case "info":
        this.answer(ev.id, ev.info ?? (ev.exited !== undefined ? ({ pid: ev.pid, exited: ev.exited } satisfies ProcessGone) : null));
        return;
      case "memory-request":
        this.answerMemory(k, ev.id, ev.url);
        return;
    }
  }

  /** Measure for worker `k`'s question `id` and answer it, unless the worker was replaced meanwhile. */
  private answerMemory(k: number, id: number, url: string | undefined): void {
    const serial = this.serial[k];
    const measure = this.opts.measureMemory ?? (() => Promise.resolve(null));
    const reply = (m: MemoryMeasurement | null) => {
      if (this.settled || this.serial[k] !== serial) return;
      this.command(k, { t: "memory-answer", id, bytes: m?.bytes ?? null, scope: m?.scope ?? "worker", precise: m?.precise ?? false });
    };
    measure(url).then(reply, () => reply(null));
  }

  /** Judge the latest round of beats (quiet-rounds.ts): end the run, or say it is stalled. */
  private checkEnd(): void {
    const verdict = this.quiet.judge(this.restarts > 0);
    if (verdict === "running") this.stallNoted = false;
    if (verdict === "ended" && this.mainEnded) return this.end({ status: "normal", reason: this.mainReason });
    if (verdict !== "waiting") return;
    const procs = this.quiet.procs;
    if (this.mainEnded) {
      this.end({ status: "normal", reason: this.mainReason, message: `${procs} process(es) still waiting in receive when the run went quiet` });
      return;
    }
    const message = `deadlock: main and ${procs - 1} other process(es) are waiting in receive, with no timer pending and no message in flight; nothing can wake them`;
    if (this.opts.endOnDeadlock ?? true) {
      this.end({ status: "deadlock", message });
    } else if (!this.stallNoted) {
      // On the page a learner can still Kill a process or Stop: say so once, keep running.
      this.stallNoted = true;
      this.emit({ pid: null, kind: "error", text: `** ${message} (Kill a process from the table, or Stop)` });
    }
  }

  /** The watchdog: restart every worker whose heartbeat has been silent for `stuckMs`. */
  private checkStuck(): void {
    if (this.settled || this.code === null) return;
    const stuckMs = this.opts.stuckMs ?? stuckMsFor(this.opts.syncLimitMs ?? SCHEDULER_DEFAULTS.syncLimitMs);
    const now = performance.now();
    for (let k = 0; k < this.n; k++) {
      if (this.spoke[k] && now - this.lastSeen[k] > stuckMs) this.restart(k, now);
    }
  }

  private restart(k: number, now: number): void {
    this.restarts++;
    this.generation++;
    this.emit({
      pid: null,
      kind: "error",
      text: `** scheduler ${k} was stuck for ${Math.round(now - this.lastSeen[k])} ms in code that cannot be preempted; it was restarted and its processes exited with reason :killed`,
    });
    const old = this.workers[k];
    this.workers[k] = undefined;
    old?.terminate();
    this.recording?.killed(k, now);
    this.spawn(k);
    this.quiet.forget(k);
    this.lastSeen[k] = now;
    const fresh: Array<MessagePort | undefined> = new Array(this.n).fill(undefined);
    for (let j = 0; j < this.n; j++) {
      if (j === k) continue;
      const [mine, theirs] = this.platform.channel();
      fresh[j] = mine;
      this.command(j, { t: "peer-restarted", k, port: theirs }, [theirs]);
    }
    this.command(k, { t: "init", config: this.config(k, this.generation * PIDS_PER_GENERATION), ports: fresh }, defined(fresh));
    this.command(k, { t: "load", code: this.code!, start: false });
    if (k === 0 && !this.mainEnded) {
      this.mainEnded = true;
      this.end({ status: "crashed", reason: "killed", message: "main was on the stuck scheduler" });
    }
  }
}

function defined(ports: Array<MessagePort | undefined>): MessagePort[] {
  return ports.filter((p): p is MessagePort => p !== undefined);
}
