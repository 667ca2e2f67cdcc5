/**
 * Deterministic runs in the page: the twin of browser-host.ts for a run with a seed.
 *
 *     page (this file)                                   simulation worker (sim.worker.ts)
 *     ────────────────                                   ─────────────────────────────────
 *     startSimRun(source, { seed, schedulers }) ─sim-run──► compile, Simulation.run(): every scheduler
 *     output, stats, recording, end   ◄──────────events───   on this one thread, on virtual time
 *     Kill ─────────────────────────────────────kill─────►   a fault at the next decision (replayable)
 *     Step / Continue / Pause ───sim-step / sim-continue──►   one decision at a time (pauseAfter: start paused)
 *     Stop ─────────────────────────────────────stop─────►   ends at the next decision; terminated if it does not
 *
 *     startExplore(source, { runs: 200 }, (p) => show(p))  ─sim-explore─► many seeds, outcomes grouped
 *
 * The run looks like any other to the workbench (the same `Run`), so the console, the charts,
 * the table and the timeline show it; its result carries a `note` saying what was simulated
 * (seed, schedule, decisions, virtual time, faults).
 *
 * Call from a client event only: it creates a Worker.
 */
import type { Pid } from "../kernel/term";
import type { Run, BrowserRunResult } from "./browser-host";
import type { ExploreGroupView, OutputLine, ProcessDetails, ProcessGone, SimCommand, SimEvent, SimRunConfig } from "./protocol";
import { decodeFrame, type DecodedFrame } from "./stats";
import { TraceStore } from "./trace-store";
import type { MainExit, RunStatus } from "./exit-report";

/** How to run deterministically in the page. */
export interface SimRunOptions extends Omit<SimRunConfig, "trace" | "statsHz"> {
  onOutput?: (line: OutputLine) => void;
  onMainExit?: (exit: MainExit) => void;
  /** Stats frames per virtual second (default 20: a run of a few virtual ms still draws). */
  statsHz?: number;
}

/** A deterministic run's result: a run's, with what was simulated. */
export interface SimRunResult extends BrowserRunResult {
  /** "deterministic: seed 42 (pct schedule), 120 decisions, 1003.5 virtual ms" */
  note: string;
  /** The faults of the run in their written form ("" if none): with the seed, they replay it. */
  faults: string;
}

export { dropFault, parseFaults } from "../sim/faults";

/** A deterministic run's stepping controls. */
export interface Stepping {
  /** Let `n` more decisions run, then pause. */
  step(n?: number): void;
  /** Run freely to the end. */
  continue(): void;
  /** Pause before the next decision. */
  pause(): void;
  /** Hear of every pause: decisions made, virtual time, which lane the last one ran. */
  onPause(listener: (p: PauseInfo) => void): () => void;
}

/** Where a paused run stands. */
export interface PauseInfo {
  steps: number;
  virtualMs: number;
  last: string;
}

/** How long Stop waits for the worker to end at a decision before terminating it. */
const STOP_GRACE_MS = 250;

function simWorker(): Worker {
  // The one place the simulation worker is created (the bundler follows this literal).
  return new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module" });
}

/** Start a deterministic run of learner `source`. */
export function startSimRun(source: string, opts: SimRunOptions): Run & Stepping & { readonly result: Promise<SimRunResult> } {
  const worker = simWorker();
  const started = performance.now();
  const trace = new TraceStore({ schedulers: opts.schedulers });
  const statsListeners = new Set<(frame: DecodedFrame) => void>();
  const questions = new Map<number, (d: ProcessDetails | null) => void>();
  const pauseListeners = new Set<(p: PauseInfo) => void>();
  const output: OutputLine[] = [];
  let nextId = 0;
  let settle!: (r: SimRunResult) => void;
  let over = false;
  const result = new Promise<SimRunResult>((r) => (settle = r));
  const send = (cmd: SimCommand) => {
    if (!over) worker.postMessage(cmd);
  };
  const finish = (r: Omit<SimRunResult, "output" | "ms" | "restarts">) => {
    if (over) return;
    over = true;
    worker.terminate();
    for (const q of questions.values()) q(null);
    settle({ ...r, output, ms: performance.now() - started, restarts: 0 });
  };

  worker.addEventListener("error", (e: ErrorEvent) => {
    e.preventDefault();
    finish({ status: "error", message: `the simulation failed: ${e.message || "its worker could not start"}`, note: "", faults: opts.faults ?? "" });
  });
  worker.addEventListener("message", (e: MessageEvent<SimEvent>) => {
    const ev = e.data;
    switch (ev.t) {
      case "output":
        for (const l of ev.lines) {
          output.push(l);
          opts.onOutput?.(l);
        }
        return;
      case "main-exit":
        opts.onMainExit?.({ reason: ev.reason, crashed: ev.crashed, ...(ev.cause ? { cause: ev.cause } : {}) });
        return;
      case "stats": {
        const frame = { ...decodeFrame(ev.frame, ev.gauges), names: ev.names, ...(ev.atUs !== undefined ? { atUs: ev.atUs } : {}) };
        statsListeners.forEach((l) => l(frame));
        return;
      }
      case "trace":
        trace.add(ev.chunk);
        return;
      case "sim-paused":
        pauseListeners.forEach((l) => l({ steps: ev.steps, virtualMs: ev.virtualMs, last: ev.last }));
        return;
      case "info":
        questions.get(ev.id)?.(ev.info);
        questions.delete(ev.id);
        return;
      case "compile-errors": {
        const first = ev.errors[0];
        finish({
          status: "compile-error",
          errors: ev.errors,
          message: first ? `${first.line}:${first.column}: ${first.message}` : "compile error",
          note: "",
          faults: "",
        });
        return;
      }
      case "sim-end":
        finish({
          status: ev.status as RunStatus,
          message: ev.message.replace(/^\*\* /, "") || undefined,
          note:
            `deterministic: seed ${opts.seed} (${ev.strategy} schedule), ${ev.steps.toLocaleString("en-US")} decisions, ` +
            `${ev.virtualMs.toFixed(1)} virtual ms${ev.faults ? `, faults ${ev.faults}` : ""}`,
          faults: ev.faults,
        });
        return;
    }
  });

  const statsHz = opts.statsHz ?? 20;
  const { onOutput: _o, onMainExit: _m, ...config } = opts;
  send({ t: "sim-run", source, config: { ...config, statsHz, trace: true } });

  return {
    result,
    stop() {
      send({ t: "stop" });
      setTimeout(() => finish({ status: "stopped", message: "the run was stopped", note: "", faults: opts.faults ?? "" }), STOP_GRACE_MS);
    },
    kill: (pid: Pid) => send({ t: "kill", pid }),
    pin: (pids: Pid[]) => send({ t: "pin", pids }),
    info: (pid: Pid) =>
      new Promise<ProcessDetails | ProcessGone | null>((resolve) => {
        if (over) return resolve(null);
        const id = nextId++;
        questions.set(id, resolve);
        send({ t: "info", pid, id });
      }),
    onStats(listener) {
      statsListeners.add(listener);
      return () => statsListeners.delete(listener);
    },
    trace,
    traceWatch: (pids: Pid[]) => send({ t: "trace-watch", pids }),
    startEpochMs: performance.timeOrigin + started,
    step: (n = 1) => send({ t: "sim-step", n }),
    continue: () => send({ t: "sim-continue" }),
    pause: () => send({ t: "sim-pause" }),
    onPause(listener) {
      pauseListeners.add(listener);
      return () => pauseListeners.delete(listener);
    },
  };
}

/** An exploration in progress. */
export interface Exploration {
  readonly result: Promise<{ runs: number; ms: number; perSecond: number; groups: ExploreGroupView[] } | null>;
  stop(): void;
}

/** Run learner `source` under `runs` seeds from `from` in a worker; `progress` as groups form. */
export function startExplore(
  source: string,
  opts: { runs: number; from?: number; schedulers: number } & Omit<SimRunConfig, "seed" | "faults" | "trace" | "statsHz" | "schedulers">,
  progress: (done: number, groups: ExploreGroupView[]) => void,
): Exploration {
  const worker = simWorker();
  let settle!: (r: Awaited<Exploration["result"]>) => void;
  const result = new Promise<Awaited<Exploration["result"]>>((r) => (settle = r));
  const done = (r: Awaited<Exploration["result"]>) => {
    worker.terminate();
    settle(r);
  };
  worker.addEventListener("message", (e: MessageEvent<SimEvent>) => {
    const ev = e.data;
    if (ev.t === "explore-progress") progress(ev.done, ev.groups);
    else if (ev.t === "explore-end") done({ runs: ev.runs, ms: ev.ms, perSecond: ev.perSecond, groups: ev.groups });
    else if (ev.t === "compile-errors") done(null);
  });
  worker.addEventListener("error", (e: ErrorEvent) => {
    e.preventDefault();
    done(null);
  });
  const { runs, from = 1, ...config } = opts;
  worker.postMessage({ t: "sim-explore", source, config, runs, from } satisfies SimCommand);
  return {
    result,
    stop() {
      worker.postMessage({ t: "stop" } satisfies SimCommand);
    },
  };
}
