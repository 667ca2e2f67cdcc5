/**
 * What runs inside the worker of a deterministic run: the page's side of runtime/sim.
 *
 *     page (browser-sim-host.ts) ──SimCommand: sim-run / sim-explore / kill / stop / info / pin──► this worker
 *                                ◄─SimEvent: output, stats, trace, main-exit, sim-end, explore-*──
 *
 * One worker simulates every scheduler of the run (Simulation), so a runaway can still be
 * ended by terminating it, and the page's thread never runs learner code. Stats frames are
 * sampled on virtual time (`statsHz` frames per virtual second), so the charts of a run that
 * sleeps ten virtual seconds in a few real milliseconds still show its ten seconds.
 *
 *     startSimWorker(self);   // sim.worker.ts
 *
 * Internal module.
 */
import { compile } from "../compile/index";
import type { OutputLine } from "../kernel/protocol";
import type { Pid } from "../kernel/term";
import { explore } from "../sim/explore";
import { formatFaults, parseFaults, type Fault } from "../sim/faults";
import { Simulation } from "../sim/simulation";
import type { Endpoint, SimCommand, SimEvent, SimRunConfig } from "./protocol";
import { StatsSampler } from "./stats";
import { processDetails } from "./worker-runtime";

/** Output lines posted at once at most (the page keeps a bounded console anyway). */
const LINES_PER_POST = 500;

/** Serve deterministic runs on `host`. */
export function startSimWorker(host: Endpoint): void {
  const post = (ev: SimEvent, transfer: Transferable[] = []) => host.postMessage(ev, transfer);
  let sim: Simulation | null = null;
  let samplers: StatsSampler[] = [];
  let stopExplore = false;
  const pinned = new Set<Pid>();

  const run = async (source: string, config: SimRunConfig) => {
    const compiled = compile(source, { filename: "program.ts" });
    if (!compiled.ok) return post({ t: "compile-errors", errors: compiled.errors });
    let lines: OutputLine[] = [];
    const flush = () => {
      if (lines.length > 0) post({ t: "output", lines });
      lines = [];
    };
    let faults: Fault[];
    try {
      faults = parseFaults(config.faults ?? "");
    } catch (e) {
      post({ t: "output", lines: [{ pid: null, kind: "error", text: `** ${(e as Error).message}` }] });
      faults = [];
    }
    const everyMs = config.statsHz && config.statsHz > 0 ? 1000 / config.statsHz : 0;
    let nextStats = 0;
    let mainReported = false;
    const s = new Simulation(compiled.code, {
      ...config,
      faults,
      trace: config.trace,
      onTrace: config.trace ? (chunk) => post({ t: "trace", chunk }) : undefined,
      onOutput: (l) => {
        lines.push(l);
        if (lines.length >= LINES_PER_POST) flush();
      },
      onMainExit: (reason, crashed, cause) => {
        if (mainReported) return;
        mainReported = true;
        flush();
        post({ t: "main-exit", reason: safe(reason), crashed, ...(cause ? { cause } : {}) });
      },
      onPause: (x) => {
        flush();
        if (everyMs > 0) sampleAll(x);
        post({ t: "sim-paused", steps: x.steps, virtualMs: x.clock.now(), last: x.lastDecision });
      },
      onStep: (x) => {
        flush();
        if (everyMs > 0 && x.clock.now() >= nextStats) {
          nextStats = x.clock.now() + everyMs;
          sampleAll(x);
        }
      },
    });
    sim = s;
    samplers = s.schedulers.map((k) => new StatsSampler(k));
    for (const p of pinned) samplers.forEach((x) => x.pinned.add(p));
    const r = await s.run();
    flush();
    if (everyMs > 0) sampleAll(s);
    sim = null;
    post({
      t: "sim-end",
      status: r.status,
      message: r.message,
      steps: r.steps,
      virtualMs: r.virtualMs,
      strategy: r.strategy,
      faults: formatFaults(r.faults),
      output: [],
    });
  };

  const sampleAll = (x: Simulation) => {
    const atUs = Math.round(x.clock.now() * 1000);
    samplers.forEach((sampler, k) => {
      const frame = sampler.sample();
      post({ t: "stats", sched: k, frame: frame.buffer, names: frame.names, gauges: frame.gauges, atUs }, [frame.buffer]);
    });
  };

  const exploreRun = async (cmd: Extract<SimCommand, { t: "sim-explore" }>) => {
    const compiled = compile(cmd.source, { filename: "program.ts" });
    if (!compiled.ok) return post({ t: "compile-errors", errors: compiled.errors });
    stopExplore = false;
    let lastPost = 0;
    const r = await explore(compiled.code, {
      ...cmd.config,
      runs: cmd.runs,
      from: cmd.from,
      onRun: (done, groups) => {
        if (performance.now() - lastPost > 200) {
          lastPost = performance.now();
          post({ t: "explore-progress", done, groups: groups.map((g) => ({ ...g })) });
        }
        return !stopExplore;
      },
    });
    post({ t: "explore-end", runs: r.runs, ms: r.ms, perSecond: r.perSecond, groups: r.groups });
  };

  host.addEventListener("message", (e) => {
    const cmd = e.data as SimCommand;
    switch (cmd.t) {
      case "sim-run":
        void run(cmd.source, cmd.config);
        return;
      case "sim-explore":
        void exploreRun(cmd);
        return;
      case "kill":
        sim?.kill(cmd.pid);
        return;
      case "stop":
        sim?.stop();
        stopExplore = true;
        return;
      case "sim-step":
        sim?.step(cmd.n);
        return;
      case "sim-continue":
        sim?.continue();
        return;
      case "sim-pause":
        sim?.pause();
        return;
      case "pin":
        pinned.clear();
        for (const p of cmd.pids) pinned.add(p);
        for (const x of samplers) {
          x.pinned.clear();
          for (const p of cmd.pids) x.pinned.add(p);
        }
        return;
      case "trace-watch":
        for (const s of sim?.schedulers ?? []) {
          s.tracer?.watched.clear();
          for (const p of cmd.pids) s.tracer?.watched.add(p);
        }
        return;
      case "info": {
        const s = sim?.schedulers.find((x) => x.procs.has(cmd.pid));
        post({ t: "info", id: cmd.id, pid: cmd.pid, info: s ? processDetails(s, cmd.pid) : null });
        return;
      }
    }
  });
  host.start?.();
}

/** A reason that survives structured clone. */
function safe(reason: unknown): unknown {
  try {
    structuredClone(reason);
    return reason;
  } catch {
    return String(reason);
  }
}
