/**
 * The browser host: runs a learner program on N Web Workers, one scheduler each — the
 * page's twin of node-host.ts. The page's main thread never runs learner code, so no
 * program can freeze the page; it only starts workers, wires them, and watches them.
 *
 *     page (this file, main thread)                    scheduler worker k (scheduler.worker.ts)
 *     ─────────────────────────────                    ────────────────────────────────────────
 *     N workers, one MessageChannel per pair ─init───► Scheduler k + Mesh (workers talk directly)
 *     compile(source) on worker 0 ──────────compile──► sucrase + instrument → code | errors (compiled)
 *     load(code) on every worker ───────────load─────► main starts on scheduler 0
 *     output, end detection, watchdog ◄─────events──── output, main-exit, beat, stats
 *     measure workers' memory ◄──memory-request─────── System.measureMemory() (page-memory.ts)
 *     stop(): terminate every worker (whatever runs; recording: once the kills are recorded, ≤ 250 ms)
 *
 * Commands and events are plain messages (protocol.ts) on the Worker itself, exactly as on
 * Node: a `Worker` already is an `Endpoint`. End detection (normal, deadlock, crash,
 * timeout), the heartbeat watchdog that terminates and restarts a stuck worker, the mesh
 * wiring and the question/answer pairs (compile, info) are shared with Node in run-monitor.ts.
 *
 *     const run = startRun(source, { schedulers: 2, onOutput: (l) => show(l), onMainExit: (e) => note(e) });
 *     const off = run.onStats((frame) => chart(frame));
 *     const details = await run.info(pid);   // links, monitors, first messages; null when dead
 *     const result = await run.result;  // { status, output, ms, restarts, errors? }
 *     run.stop();                       // ends any run at once
 *
 * Call it from a client event or effect only: it creates Workers, which pre-rendering in
 * Node cannot, and this module creates none when it is imported.
 */
import type { Pid } from "../kernel/term";
import { measurePageMemory } from "./page-memory";
import type { CompileError, OutputLine, ProcessDetails, ProcessGone } from "./protocol";
import { RunMonitor, type MainExit, type RunResult, type RunStatus, type WorkerPlatform } from "./run-monitor";
import { clampSchedulers, type RunSettings } from "./settings";
import type { DecodedFrame } from "./stats";
import type { TraceStore } from "./trace-store";

/** How to run in the page. Every field has a default: schedulers `navigator.hardwareConcurrency`, stats 4 frames/s, recording on. */
export interface BrowserRunOptions extends RunSettings {
  onOutput?: (line: OutputLine) => void;
  /** How long System.measureMemory waits for the browser's measurement before estimating, ms (default PROMPT_MS). */
  memoryWaitMs?: number;
  /** Main ended; the run goes on while other processes run (the charts keep moving). */
  onMainExit?: (exit: MainExit) => void;
}

/** How a page run ended: a run's statuses, or "compile-error" with `errors` for the editor. */
export interface BrowserRunResult extends Omit<RunResult, "status"> {
  status: RunStatus | "compile-error";
  errors?: CompileError[];
}

/** A run in progress. */
export interface Run {
  /** Resolves when the run is over and every worker is gone. */
  readonly result: Promise<BrowserRunResult>;
  /** End the run now, whatever the program does: every worker is terminated. */
  stop(): void;
  /** Send `kill` to one process (the observer's Kill button). */
  kill(pid: Pid): void;
  /** Keep these processes in every stats frame, however many processes run (the chart's pins). */
  pin(pids: Pid[]): void;
  /** One process's details for the observer (links, monitors, first messages); how it exited once dead; null when unknown or the run is over. */
  info(pid: Pid): Promise<ProcessDetails | ProcessGone | null>;
  /** Receive every stats frame from now on; returns the unsubscribe function. */
  onStats(listener: (frame: DecodedFrame) => void): () => void;
  /** The run's recording, growing while it runs and complete once `result` resolves; null with `trace: false`. */
  readonly trace: TraceStore | null;
  /** Keep these processes' messages in detail first in the recording (the diagram's pinned lanes). */
  traceWatch(pids: Pid[]): void;
  /** The run's start, ms since the Unix epoch: the recording's times (and frames' `atUs`) count from it. */
  readonly startEpochMs: number;
}

/** A program: learner TypeScript, or code already compiled. */
export type Program = string | { code: string };

/** Start running `program`; see `Run`. */
export function startRun(program: Program, opts: BrowserRunOptions = {}): Run {
  const schedulers = clampSchedulers(opts.schedulers ?? navigator.hardwareConcurrency ?? 2);
  const statsListeners = new Set<(frame: DecodedFrame) => void>();
  const monitor = new RunMonitor(webWorkers(), {
    ...opts,
    schedulers,
    beatMs: 100,
    // A learner can still Kill or Stop a stalled run: the page says so and keeps it.
    endOnDeadlock: false,
    statsHz: opts.statsHz ?? 4,
    // The timeline, the sequence diagram and the tree are views of the recording.
    trace: opts.trace ?? true,
    measureMemory: (url) => measurePageMemory(url, opts.memoryWaitMs),
    onStats: (frame) => statsListeners.forEach((l) => l(frame)),
  });
  monitor.start();

  const result = (async (): Promise<BrowserRunResult> => {
    let code: string;
    if (typeof program === "string") {
      const compiled = await monitor.compile(program);
      if (compiled === null) return monitor.finish();
      if (!compiled.ok) {
        monitor.end({ status: "stopped" });
        const r = await monitor.finish();
        const first = compiled.errors[0];
        return { ...r, status: "compile-error", errors: compiled.errors, message: first ? `${first.line}:${first.column}: ${first.message}` : "compile error" };
      }
      code = compiled.code;
    } else code = program.code;
    monitor.load(code);
    return monitor.finish();
  })();

  return {
    result,
    stop() {
      monitor.stop();
    },
    kill: (pid) => monitor.kill(pid),
    pin: (pids) => monitor.pin(pids),
    info: (pid) => monitor.info(pid),
    trace: monitor.trace,
    startEpochMs: monitor.startEpochMs,
    traceWatch: (pids) => monitor.traceWatch(pids),
    onStats(listener) {
      statsListeners.add(listener);
      return () => statsListeners.delete(listener);
    },
  };
}

/** Web Workers and the page's MessageChannel as the run monitor's platform. */
function webWorkers(): WorkerPlatform {
  return {
    start(k, fail) {
      // The one place a scheduler worker is created (the bundler follows this literal).
      const worker = new Worker(new URL("./scheduler.worker.ts", import.meta.url), { type: "module" });
      worker.addEventListener("error", (e: ErrorEvent) => {
        e.preventDefault();
        fail(`scheduler ${k} failed: ${e.message || "its worker could not start"}`);
      });
      return worker;
    },
    channel() {
      const ch = new MessageChannel();
      return [ch.port1, ch.port2];
    },
  };
}
