/**
 * The host's protocol: every message between a host (the page, or the `beamlab` runner on
 * Node) and its scheduler workers, and the batches the workers send one another, in one place.
 *
 *     host (page | Node main thread)                       scheduler worker k (worker-runtime.ts)
 *     ──────────────────────────────                       ──────────────────────────────────────
 *     run-monitor.ts ─────────HostCommand─────────────────► init, load, compile, stop, kill, pin, info, trace-watch, ...
 *                    ◄────────WorkerEvent────────────────── output, main-exit, beat, stats, trace, compiled, info, ...
 *                                           worker i ◄══ Batch (MessageChannel mesh) ══► worker j
 *
 *     browser-sim-host.ts ────SimCommand──────────────────► sim-worker-runtime.ts: sim-run, sim-explore, kill, stop, info
 *                         ◄───SimEvent─────────────────────  output, stats, trace, sim-end, explore-progress, ...
 *     (a deterministic run: one worker simulates every scheduler, runtime/sim)
 *
 * Both hosts post the same plain messages over the same `Endpoint` shape: a Web Worker, a
 * `MessagePort` and a worker's `self` already are one; Node's `Worker` and `parentPort`
 * are adapted once (node-endpoint.ts). Tags are readable strings so a message can be logged
 * and read. A command that wants an answer carries an `id`, and the worker's event that
 * answers it carries the same `id` (`info` → `info`, `compile` → `compiled`,
 * `memory-request` → `memory-answer` the other way round).
 *
 *     worker.postMessage({ t: "load", code, start: true } satisfies HostCommand);
 *     worker.addEventListener("message", (e) => onEvent(e.data as WorkerEvent));
 *
 * The kernel's own messages (signals between schedulers, questions to the host hooks) are
 * in `runtime/kernel/protocol.ts`; this file knows the kernel, the kernel knows nothing of it.
 */
import type { CompileError, CompileResult } from "../compile/errors";
import type { SchedulerLimits } from "../kernel/defaults";
import type { ExitCause } from "../kernel/exit";
import type { MemoryMeasurement, OutputLine } from "../kernel/protocol";
import type { Pid } from "../kernel/term";
import type { TraceChunk } from "../kernel/trace";
import type { OutcomeGroup } from "../sim/explore";

export type { CompileError, CompileResult, ExitCause, MemoryMeasurement, OutputLine, TraceChunk };

/**
 * One end of a message channel, as both hosts and the workers use it (comlink's `Endpoint`):
 * a Web Worker, a worker's `self` and a `MessagePort` fit as they are; Node's `Worker` and
 * `parentPort` through `nodeEndpoint`. A `MessagePort` only delivers once started: call
 * `start` after adding the listener.
 */
export interface Endpoint {
  /** Post `message`; the objects in `transfer` (ports, buffers) move instead of being copied. */
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  /** Start delivering messages (a `MessagePort` queues them until then). */
  start?(): void;
  /** Close the channel (a `MessagePort`). */
  close?(): void;
}

/** Settings a scheduler worker starts with: its place, its limits, how often it reports. */
export interface WorkerConfig extends Partial<SchedulerLimits> {
  index: number;
  count: number;
  /** First process number (a restarted worker starts past its previous pids). */
  firstId?: number;
  /** Heartbeat interval, ms. */
  beatMs?: number;
  /** Stats frames per second (0: none). */
  statsHz?: number;
  /** Output lines kept per flush before the oldest are dropped (a page cannot show more); default OUTPUT_LINES_PER_FLUSH. */
  outputLinesPerFlush?: number;
  /** Record the run (kernel/trace.ts) and post `trace` chunks; absent: no recording. */
  trace?: WorkerTraceConfig;
}

/** How a worker records the run. */
export interface WorkerTraceConfig {
  /**
   * The run's start, ms since the Unix epoch (the host's `performance.timeOrigin + performance.now()`):
   * each worker puts it on its own clock, so every scheduler's times count from the same instant.
   */
  startEpochMs: number;
  /** Events the ring keeps between drains (default 100,000). */
  capacity?: number;
  /** Sends and receives kept in detail per drain (default TRACE_MESSAGES_PER_DRAIN); the rest are counted per pair. */
  maxMessages?: number;
}

/** What a host tells a scheduler worker. Ports travel in the transfer list. */
export type HostCommand =
  /** Configure the scheduler; `ports[k]` reaches scheduler k (undefined at `index`). */
  | { t: "init"; config: WorkerConfig; ports: Array<MessagePort | undefined> }
  /** Replace the port to scheduler `k` (it was restarted) and tell local processes it was lost. */
  | { t: "peer-restarted"; k: number; port: MessagePort }
  /** Compile learner `source` here, off the page's thread; answered by the `compiled` event `id`. */
  | { t: "compile"; id: number; source: string }
  /** Load the compiled program; `start` spawns its main on this scheduler. */
  | { t: "load"; code: string; start: boolean }
  /** Kill every process (Stop). */
  | { t: "stop" }
  /** Send `kill` to one process (the observer's Kill button). */
  | { t: "kill"; pid: Pid }
  /** The learner's pinned processes on this scheduler: always in its stats frames. */
  | { t: "pin"; pids: Pid[] }
  /** Ask for one process's details (the observer's detail panel); answered by the `info` event `id`. */
  | { t: "info"; pid: Pid; id: number }
  /** Keep these processes' messages in detail first in the recording (the page's pinned lanes); every worker gets all of them. */
  | { t: "trace-watch"; pids: Pid[] }
  /** Drain the recording now: answered by a `trace` event with `final` (the run is over; sent after `stop`). */
  | { t: "trace-flush" }
  /** The page's answer to `memory-request` `id`; `bytes` null when the page cannot measure (the worker estimates). */
  | { t: "memory-answer"; id: number; bytes: number | null; scope: MemoryMeasurement["scope"]; precise: boolean };

/** What a scheduler worker reports to its host. */
export type WorkerEvent =
  /** Program output. `kind` "crash" marks a crash report; "error" a runtime message. */
  | { t: "output"; lines: OutputLine[] }
  /** The main process ended with `reason`; `cause` when an exit signal from another process (a link) ended it. */
  | { t: "main-exit"; reason: unknown; crashed: boolean; cause?: ExitCause }
  /** The worker has booted and taken its `init`: from now on its silence means it is stuck. */
  | { t: "ready"; sched: number }
  /** Liveness and idleness: sent every heartbeat interval and whenever the scheduler goes idle. */
  | { t: "beat"; sched: number; procs: number; timers: number; sent: number; received: number; busy: boolean }
  /**
   * A packed stats frame (see host/stats.ts); `gauges` names the gauges its gauge section
   * numbers; `atUs`, when recording, is when it was sampled on the recording's clock.
   */
  | { t: "stats"; sched: number; frame: ArrayBuffer; names: Array<[number, string]>; gauges?: string[]; atUs?: number }
  /** The recording since the last chunk (a few times a second, when recording); `final` answers `trace-flush`. */
  | { t: "trace"; chunk: TraceChunk; final?: boolean }
  /** The answer to the `compile` command `id`: loadable code, or errors with line and column. */
  | { t: "compiled"; id: number; result: CompileResult }
  /**
   * The answer to the host's `info` command `id`: the process's details, or null when it is
   * dead — then `exited` says how, if it was asked about while alive ("exited because linked
   * #PID<0.4.0> exited with an exception: boom").
   */
  | { t: "info"; id: number; pid: Pid; info: ProcessDetails | null; exited?: string }
  /**
   * `System.measureMemory()` in a browser worker: only the page can measure a worker's heap
   * (`performance.measureUserAgentSpecificMemory`). `url` is this worker's script, to pick its
   * entries out of the page's breakdown. Answered by the `memory-answer` command `id`.
   */
  | { t: "memory-request"; id: number; url?: string };

/**
 * What the observer shows about one process (`Process.info` made printable): links, monitors
 * and the first queued messages are already formatted, so the answer always survives a clone.
 */
export interface ProcessDetails {
  pid: Pid;
  status: "running" | "runnable" | "waiting";
  messageQueueLen: number;
  reductions: number;
  memory: number;
  links: string[];
  monitors: string[];
  registeredName: string | null;
  scheduler: number;
  trapExit: boolean;
  currentFunction: string;
  /** The first messages in the mailbox, printed Elixir-style. */
  messages: string[];
}

/** A process the observer was watching, after its death: how it exited. */
export interface ProcessGone {
  pid: Pid;
  exited: string;
}

/**
 * A batch of signals on the mesh, with the sender's run-queue length for placement.
 * `items` is compact: a message is two entries, the destination pid (a string) then the
 * message; any other signal is one kernel `Signal` object. A million messages thus clone as
 * strings and values, not as a million `{ t, to, msg }` objects.
 */
export interface Batch {
  from: number;
  load: number;
  /** Signals in the batch (a message counts once). */
  count: number;
  items: unknown[];
}

// ─── Deterministic runs: one worker simulates every scheduler (runtime/sim) ───────────────

/** What a deterministic run is given (the learner's settings, a seed, faults in their written form). */
export interface SimRunConfig extends Partial<SchedulerLimits> {
  seed: number;
  schedulers: number;
  /** Faults as `kill:NAME@120ms,...` (sim/faults.ts). */
  faults?: string;
  /** Stats frames per virtual second (0: none). */
  statsHz?: number;
  /** Post the recording as `trace` chunks. */
  trace?: boolean;
  /** Stepping: pause after this many decisions (`sim-step` lets more run). */
  pauseAfter?: number;
}

/** What the page tells the simulation worker. */
export type SimCommand =
  /** Compile `source` and run it deterministically. */
  | { t: "sim-run"; source: string; config: SimRunConfig }
  /** Run `source` under seeds `from`.. `from + runs - 1` and group the outcomes. */
  | { t: "sim-explore"; source: string; config: Omit<SimRunConfig, "seed" | "faults" | "trace" | "statsHz">; runs: number; from: number }
  /** Kill a process before the next decision (recorded as a fault). */
  | { t: "kill"; pid: Pid }
  /** End the run before the next decision. */
  | { t: "stop" }
  /** Stepping: let `n` more decisions run; run freely to the end; pause before the next decision. */
  | { t: "sim-step"; n: number }
  | { t: "sim-continue" }
  | { t: "sim-pause" }
  | { t: "pin"; pids: Pid[] }
  | { t: "trace-watch"; pids: Pid[] }
  | { t: "info"; pid: Pid; id: number };

/** What the simulation worker reports. */
export type SimEvent =
  | { t: "compile-errors"; errors: CompileError[] }
  | { t: "output"; lines: OutputLine[] }
  | { t: "main-exit"; reason: unknown; crashed: boolean; cause?: ExitCause }
  | { t: "stats"; sched: number; frame: ArrayBuffer; names: Array<[number, string]>; gauges?: string[]; atUs?: number }
  | { t: "trace"; chunk: TraceChunk }
  | { t: "info"; id: number; pid: Pid; info: ProcessDetails | null }
  /** Stepping: paused after `steps` decisions; `last` says which lane the last one ran. */
  | { t: "sim-paused"; steps: number; virtualMs: number; last: string }
  /** The run ended: how, after how many decisions and how much virtual time, with which faults (written form). */
  | { t: "sim-end"; status: string; message: string; steps: number; virtualMs: number; strategy: string; faults: string; output: OutputLine[] }
  | { t: "explore-progress"; done: number; groups: ExploreGroupView[] }
  | { t: "explore-end"; runs: number; ms: number; perSecond: number; groups: ExploreGroupView[] };

/** One group of an exploration, as the page shows it (sim/explore.ts; plain data, it survives a clone). */
export type ExploreGroupView = OutcomeGroup;
