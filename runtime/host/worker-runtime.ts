/**
 * What runs inside each scheduler worker, the same on Web Workers and Node worker threads.
 *
 *     host ──HostCommand──► worker runtime ──► Scheduler ◄──► Mesh ◄══ other workers
 *          ◄──WorkerEvent──   (output, main-exit, beats, stats)
 *
 * It owns one Scheduler, wires it to the mesh, loads the compiled program with the
 * instrumentation hooks of this scheduler, starts `main` on scheduler 0, and reports to
 * the host: output lines (batched), the main process's exit, and a heartbeat whose silence
 * tells the host this worker is stuck in code that cannot be preempted.
 *
 * `System.measureMemory()` parks the calling process (Scheduler.askHost) and is answered
 * here: on Node, with this thread's own heap (after a GC when `gc` is exposed); in a browser
 * worker of a cross-origin isolated page, by the page (`memory-request` → `memory-answer`),
 * since only the page can measure a worker; otherwise with an estimate. While a question is
 * open the heartbeat says busy, so a slow answer (Chromium waits for a GC unless
 * ForceEagerMeasureMemory is on) is not taken for a deadlock.
 *
 *     startWorkerRuntime(self);                          // a Web Worker (scheduler.worker.ts)
 *     startWorkerRuntime(nodeEndpoint(parentPort!));     // a Node worker thread (node-worker.ts)
 *
 * When the host asks for a recording (`config.trace`), the scheduler records the run and a
 * `trace` chunk goes to the host four times a second; `trace-flush` (after `stop`, at the
 * end) drains the rest, so the host has the last exits before it reports the run ended.
 *
 * The host's `compile` command is answered here too (the page compiles off its main thread,
 * on worker 0, before every worker loads the code).
 *
 * Internal module.
 */
import * as beamlab from "../index";
import { compile, formatStackForLearner, loadProgram, type MakeFunction } from "../compile/index";
import type { CompileResult } from "../compile/errors";
import { setActive } from "../kernel/current";
import type { MemoryMeasurement, OutputLine } from "../kernel/protocol";
import { portableTerm } from "../kernel/copy";
import { inspect, thrownText } from "../kernel/inspect";
import { anchorAt, estimateSince, measureHere, pageCanMeasure, type MemoryAnchor } from "../kernel/memory";
import { Scheduler } from "../kernel/scheduler";
import type { Pid } from "../kernel/term";
import { Mesh } from "./mesh";
import type { Endpoint, HostCommand, ProcessDetails, WorkerConfig, WorkerEvent } from "./protocol";
import { describeProcessExit } from "./exit-report";
import { OUTPUT_LINES_PER_FLUSH, TRACE_HZ, TRACE_MESSAGES_PER_DRAIN } from "./settings";
import { FULL_FRAME_LIMIT, StatsSampler } from "./stats";
import { StatsPacer } from "./stats-pacing";

/** The least time between stats frames taken because processes started or exited (ms). */
const LIFECYCLE_GAP_MS = 20;

/** What a platform's worker entry may change. */
export interface WorkerRuntimeOptions {
  /** How the program's function is made (default `new Function`; the runner's sandbox: vm.compileFunction). */
  makeFunction?: MakeFunction;
}

/** Start the worker side on `host`, the endpoint to the host. Returns the scheduler (for tests). */
export function startWorkerRuntime(host: Endpoint, opts: WorkerRuntimeOptions = {}): { scheduler: () => Scheduler | null } {
  const post = (ev: WorkerEvent, transfer: Transferable[] = []) => host.postMessage(ev, transfer);
  let sched: Scheduler | null = null;
  let mesh: Mesh | null = null;
  let mainPid: Pid | null = null;
  let lines: OutputLine[] = [];
  let dropped = 0;
  let outTimer: ReturnType<typeof setTimeout> | null = null;
  let config: WorkerConfig | null = null;
  let stats: StatsSampler | null = null;
  let pacer: StatsPacer | null = null;
  /** Processes exited here so far, and the spawn and exit counts the last frame saw. */
  let exited = 0;
  let seen = { spawned: -1, exited: -1 };
  let idleBeat: ReturnType<typeof setTimeout> | null = null;
  /** Host questions (memory) not answered yet. */
  let openQuestions = 0;
  /** This run's last precise memory figure, which an estimate builds on (kernel/memory.ts). */
  let memoryAnchor: MemoryAnchor | null = null;
  /** Processes the observer asked about (its selection), and how the last of them exited. */
  const watched = new Set<Pid>();
  const exits = new Map<Pid, string>();

  const flushOutput = () => {
    outTimer = null;
    if (dropped > 0) {
      lines.unshift({ pid: null, text: `… ${dropped} lines of output dropped (printing faster than they can be shown)`, kind: "error" });
      dropped = 0;
    }
    if (lines.length > 0) post({ t: "output", lines });
    lines = [];
  };
  const output = (l: OutputLine) => {
    if (lines.length >= (config?.outputLinesPerFlush ?? OUTPUT_LINES_PER_FLUSH)) {
      lines.shift();
      dropped++;
    }
    lines.push(l);
    if (outTimer === null) outTimer = setTimeout(flushOutput, 16);
  };

  const beat = () => {
    if (!sched || !mesh) return;
    post({
      t: "beat",
      sched: sched.index,
      procs: sched.procs.size,
      timers: sched.timers.size,
      sent: mesh.posted,
      received: sched.received,
      busy: sched.runQueueLength > 0 || openQuestions > 0,
    });
  };

  /** `System.measureMemory()` asked (the asking process is parked): measure here, or ask the page. */
  const measureMemory = (s: Scheduler, id: number) => {
    openQuestions++;
    if (pageCanMeasure()) {
      // The page measures every worker's heap as it is: collect this one's garbage first.
      (globalThis as { gc?: () => void }).gc?.();
      post({ t: "memory-request", id, url: (globalThis as { location?: { href: string } }).location?.href });
    } else {
      // Answer from a macrotask: the GC and the measurement run outside the asking process's slice.
      setTimeout(() => answerMemory(s, id, measureHere(s)), 0);
    }
  };
  const answerMemory = (s: Scheduler, id: number, m: MemoryMeasurement) => {
    openQuestions = Math.max(0, openQuestions - 1);
    s.hostAnswer(id, m);
  };

  const init = (cfg: WorkerConfig, ports: Array<MessagePort | undefined>) => {
    config = cfg;
    memoryAnchor = null;
    // The run's start on this thread's clock: each worker has its own performance.timeOrigin.
    const origin = cfg.trace ? cfg.trace.startEpochMs - performance.timeOrigin : undefined;
    const s: Scheduler = new Scheduler({
      index: cfg.index,
      count: cfg.count,
      budget: cfg.budget,
      sliceMs: cfg.sliceMs,
      syncLimitMs: cfg.syncLimitMs,
      maxProcesses: cfg.maxProcesses,
      maxMailbox: cfg.maxMailbox,
      firstId: cfg.firstId,
      trace: cfg.trace ? { origin, capacity: cfg.trace.capacity } : undefined,
      send: (dest, sig) => m.send(dest, sig),
      sendMsg: (dest, pid, msg) => m.sendMsg(dest, pid, msg),
      flush: () => {
        m.flush();
        // A process started or exited in this slice: a stats frame soon (a short run draws too).
        if (pacer !== null && (s.nextId !== seen.spawned || exited !== seen.exited)) {
          seen = { spawned: s.nextId, exited };
          pacer.changed();
        }
      },
      output,
      mapStack: formatStackForLearner,
      hostQuery: (id, q) => {
        if (q.kind === "memory") measureMemory(s, id);
      },
      onExit: (pid, reason, cause) => {
        exited++;
        if (watched.delete(pid)) remember(exits, pid, describeProcessExit(reason, cause));
        if (pid === mainPid) {
          const crashed = reason !== "normal";
          flushOutput();
          post({ t: "main-exit", reason: safeReason(reason), crashed, ...(cause ? { cause } : {}) });
        }
      },
      onIdle: () => {
        if (idleBeat === null) idleBeat = setTimeout(() => ((idleBeat = null), beat()), 5);
      },
    });
    const m = new Mesh(
      cfg.index,
      cfg.count,
      (b) => {
        s.loads[b.from] = b.load;
        s.deliverItems(b.items, b.count);
        s.flushNow();
      },
      () => s.runQueueLength,
    );
    m.onUndeliverable = (what, e) =>
      output({ pid: null, text: `** ${what} could not cross to another scheduler and was dropped: ${thrownText(e)}`, kind: "crash" });
    ports.forEach((p, k) => {
      if (p !== undefined && k !== cfg.index) m.connect(k, p);
    });
    sched = s;
    mesh = m;
    captureConsole(s);
    setInterval(beat, cfg.beatMs ?? 250);
    if (cfg.statsHz && cfg.statsHz > 0) {
      stats = new StatsSampler(s);
      const p = (pacer = new StatsPacer(
        () => {
          const frame = stats!.sample();
          const atUs = origin === undefined ? undefined : Math.max(0, Math.round((s.clock.now() - origin) * 1000));
          post({ t: "stats", sched: s.index, frame: frame.buffer, names: frame.names, gauges: frame.gauges, ...(atUs !== undefined ? { atUs } : {}) }, [frame.buffer]);
        },
        // Up to 50 frames a second while processes come and go in a small run; a big one pays for its pass over every process.
        () => (s.procs.size <= FULL_FRAME_LIMIT ? LIFECYCLE_GAP_MS : 1000 / cfg.statsHz!),
      ));
      setInterval(() => p.now(), 1000 / cfg.statsHz);
    }
    if (s.tracer) setInterval(() => postTrace(false), 1000 / TRACE_HZ);
    // Booted: the host starts judging this worker's silence (a hang while loading the program counts).
    post({ t: "ready", sched: cfg.index });
  };

  /** Post the recording since the last chunk (nothing when nothing happened); `final` always posts, recording or not. */
  const postTrace = (final: boolean) => {
    const tracer = sched?.tracer;
    const chunk = tracer?.drain(config?.trace?.maxMessages ?? TRACE_MESSAGES_PER_DRAIN);
    if (chunk === undefined) {
      if (final) post({ t: "trace", final, chunk: { sched: config?.index ?? -1, from: 0, until: 0, events: [], pairs: [], receives: 0, lost: 0 } });
      return;
    }
    if (final || chunk.events.length > 0 || chunk.pairs.length > 0 || chunk.receives > 0 || chunk.lost > 0) post({ t: "trace", chunk, ...(final ? { final } : {}) });
  };

  const load = (code: string, start: boolean) => {
    const s = sched!;
    setActive(s);
    let exports: Record<string, unknown>;
    try {
      exports = loadProgram(code, requireBeamlab, s.bl, {}, opts.makeFunction);
    } catch (e) {
      setActive(null);
      output({ pid: null, text: `** the program failed while loading: ${formatStackForLearner((e as Error)?.stack ?? String(e))}`, kind: "crash" });
      flushOutput();
      if (start) post({ t: "main-exit", reason: ["error", String((e as Error)?.message ?? e), ""], crashed: true });
      return;
    }
    s.setProgram(exports);
    if (start) {
      const main = (exports.default ?? exports.main) as ((...a: unknown[]) => unknown) | undefined;
      if (typeof main !== "function") {
        setActive(null);
        output({ pid: null, text: "** the program has no main: export a default function (or one named main)", kind: "crash" });
        flushOutput();
        post({ t: "main-exit", reason: "undef", crashed: true });
        return;
      }
      mainPid = s.spawn(main, []).pid;
    }
    setActive(null);
    beat();
  };

  host.addEventListener("message", (e) => {
    const cmd = e.data as HostCommand;
    switch (cmd.t) {
      case "init":
        return init(cmd.config, cmd.ports);
      case "peer-restarted":
        mesh!.connect(cmd.k, cmd.port);
        sched!.lostScheduler(cmd.k);
        sched!.flushNow();
        return;
      case "compile":
        post({ t: "compiled", id: cmd.id, result: compileSource(cmd.source) });
        return;
      case "load":
        return load(cmd.code, cmd.start);
      case "stop":
        sched?.killAll("killed");
        flushOutput();
        return;
      case "kill":
        sched?.exitPid(cmd.pid, "kill");
        sched?.flushNow();
        return;
      case "pin":
        if (stats) {
          stats.pinned.clear();
          for (const pid of cmd.pids) stats.pinned.add(pid);
        }
        return;
      case "trace-watch":
        if (sched?.tracer) {
          sched.tracer.watched.clear();
          for (const pid of cmd.pids) sched.tracer.watched.add(pid);
        }
        return;
      case "trace-flush":
        // The run is over: its last frame (every exit in it) goes before the last chunk.
        pacer?.now();
        postTrace(true);
        return;
      case "info": {
        const info = sched ? processDetails(sched, cmd.pid) : null;
        if (info) remember(watched, cmd.pid);
        const exited = info === null ? exits.get(cmd.pid) : undefined;
        post({ t: "info", id: cmd.id, pid: cmd.pid, info, ...(exited !== undefined ? { exited } : {}) });
        return;
      }
      case "memory-answer": {
        if (!sched) return;
        // No figure from the page (it cannot measure, or the browser did not answer in time): estimate.
        const m: MemoryMeasurement =
          cmd.bytes === null ? estimateSince(memoryAnchor, sched) : { bytes: cmd.bytes, scope: cmd.scope, precise: cmd.precise };
        if (m.precise) memoryAnchor = anchorAt(m, sched);
        answerMemory(sched, cmd.id, m);
        return;
      }
    }
  });
  host.start?.();
  void config;
  return { scheduler: () => sched };
}

/** Processes watched, and exits remembered, per worker (the observer shows one at a time). */
const WATCHED = 32;

/** Add `key` (with `value` for a map), forgetting the oldest past WATCHED. */
function remember<K, V>(into: Set<K> | Map<K, V>, key: K, value?: V): void {
  into.delete(key);
  if (into instanceof Map) into.set(key, value as V);
  else into.add(key);
  if (into.size > WATCHED) into.delete(into.keys().next().value as K);
}

/** Messages of the mailbox shown in the observer's detail panel. */
const DETAIL_MESSAGES = 10;

/** `Process.info` of a local process, printed so that it survives a clone; null when it is dead. */
export function processDetails(s: Scheduler, pid: Pid): ProcessDetails | null {
  const info = s.localInfo(pid);
  if (info === undefined) return null;
  const show = (v: unknown) => inspect(v, { width: 120 });
  return {
    pid,
    status: info.status,
    messageQueueLen: info.messageQueueLen,
    reductions: info.reductions,
    memory: info.memory,
    links: info.links.map(String),
    monitors: info.monitors.map(String),
    registeredName: info.registeredName ?? null,
    scheduler: info.scheduler,
    trapExit: info.trapExit,
    currentFunction: info.currentFunction,
    messages: info.messages.slice(0, DETAIL_MESSAGES).map(show),
  };
}

/** Compile learner `source`; a compiler that throws is reported as an error at 1:1, not a failed worker. */
function compileSource(source: string): CompileResult {
  try {
    return compile(source, { filename: "program.ts" });
  } catch (e) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `Internal compiler error: ${(e as Error)?.message ?? e}` }] };
  }
}

function requireBeamlab(id: string): unknown {
  if (id === "beamlab") return beamlab;
  throw new Error(`Only "beamlab" can be imported here (got ${JSON.stringify(id)})`);
}

/** A reason that survives structured clone (a function or a symbol in it travels printed). Never throws. */
function safeReason(reason: unknown): unknown {
  return portableTerm(reason);
}

/**
 * Route the program's console.log/info/debug (and warn/error, marked as errors) to the
 * output stream, tagged with the pid of the process that printed, as API.md promises.
 */
function captureConsole(s: Scheduler): void {
  const write = (kind: OutputLine["kind"]) => (...args: unknown[]) => {
    const text = args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
    s.output(s.current?.pid ?? null, text, kind);
  };
  const c = globalThis.console as unknown as Record<string, unknown>;
  c.log = c.info = c.debug = write("out");
  c.warn = c.error = write("error");
}
