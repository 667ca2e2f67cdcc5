/**
 * Every message that crosses a worker boundary, in one place.
 *
 *     scheduler i ──Signal[] batch──► scheduler j      (MessageChannel mesh, per-destination outbox)
 *     scheduler k ──WorkerEvent────► host / page       (output, exits, heartbeats, stats)
 *     host ─────────HostCommand────► scheduler k       (comlink RPC in the browser; plain messages on Node)
 *
 * Tags are readable strings so a batch can be logged and read. A signal carries everything
 * its handler needs; nothing refers back to the sender's memory.
 */
import type { Pid, Ref } from "./term";

/** A signal between schedulers: what one process does to another that lives elsewhere. */
export type Signal =
  /** A message for `to`'s mailbox. */
  | { t: "msg"; to: Pid; msg: unknown }
  /** Start an exported top-level function as process `pid` (pre-allocated by the spawner). */
  | { t: "spawn"; pid: Pid; fn: string; args: unknown[]; link?: Pid; monitor?: { by: Pid; ref: Ref } }
  /** `from` linked to `to`: add the other half of the link. */
  | { t: "link"; from: Pid; to: Pid }
  /** `from` unlinked from `to`. */
  | { t: "unlink"; from: Pid; to: Pid }
  /** An exit signal. `link` says it comes from a link (the sender died) rather than `Process.exit`. */
  | { t: "exit"; from: Pid; to: Pid; reason: unknown; link: boolean }
  /** `by` monitors `to` under `ref`. */
  | { t: "monitor"; by: Pid; to: Pid; ref: Ref }
  /** `by` dropped its monitor `ref` on `to`. */
  | { t: "demonitor"; by: Pid; to: Pid; ref: Ref }
  /** A monitored process died: deliver `["DOWN", ref, "process", pid, reason]` to `to`. */
  | { t: "down"; to: Pid; ref: Ref; pid: Pid; reason: unknown }
  /** A name was registered for `pid` (broadcast; every scheduler keeps a replica of the names). */
  | { t: "register"; name: string; pid: Pid }
  /** A name was released (broadcast). */
  | { t: "unregister"; name: string; pid: Pid }
  /** A question about processes that live on the receiving scheduler; answered with `answer`. */
  | { t: "query"; id: number; from: number; q: Query }
  /** The answer to `query` number `id`. */
  | { t: "answer"; id: number; value: unknown }
  /** A signal for a runtime extension (ETS replicas, ...), dispatched by `kind`. */
  | { t: "ext"; kind: string; from: number; data: unknown };

/** Questions one scheduler asks another (Process.info, Process.alive, Process.list). */
export type Query =
  | { kind: "info"; pid: Pid }
  | { kind: "alive"; pid: Pid }
  | { kind: "list" };

/** Questions a scheduler asks its host (`Scheduler.askHost`); the host answers with `Scheduler.hostAnswer`. */
export type HostQuery = { kind: "memory" };

/**
 * What `System.measureMemory()` resolves to: `bytes` of JS heap, measured over `scope` —
 * "worker" (the asking scheduler's own heap) or "page" (every scheduler worker of the page
 * together, when the browser cannot tell them apart) — and whether it is `precise` (a
 * measurement) or an estimate from process and message counts.
 */
export interface MemoryMeasurement {
  bytes: number;
  scope: "worker" | "page";
  precise: boolean;
}

/** What a scheduler reports to its host. */
export type WorkerEvent =
  /** Program output. `kind` "crash" marks a crash report; "error" a runtime message. */
  | { t: "output"; lines: OutputLine[] }
  /** The main process ended with `reason`. */
  | { t: "main-exit"; reason: unknown; crashed: boolean }
  /** Liveness and idleness: sent every heartbeat interval and whenever the scheduler goes idle. */
  | { t: "beat"; sched: number; procs: number; timers: number; sent: number; received: number; busy: boolean }
  /** A packed stats frame (see host/stats.ts). */
  | { t: "stats"; sched: number; frame: ArrayBuffer; names: Array<[number, string]> }
  /** The answer to the host's `info` command `id`: the process's details, or null when it is dead. */
  | { t: "info"; id: number; info: ProcessDetails | null }
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

/** One line of program output. */
export interface OutputLine {
  pid: Pid | null;
  text: string;
  kind: "out" | "crash" | "error";
}

/** Settings a scheduler worker starts with. */
export interface WorkerConfig {
  index: number;
  count: number;
  budget?: number;
  sliceMs?: number;
  syncLimitMs?: number;
  maxProcesses?: number;
  maxMailbox?: number;
  /** First process number (a restarted worker starts past its previous pids). */
  firstId?: number;
  /** Heartbeat interval, ms. */
  beatMs?: number;
  /** Stats frames per second (0: none). */
  statsHz?: number;
  /** Output lines kept per flush before the oldest are dropped (a page cannot show more); default 2000. */
  outputLinesPerFlush?: number;
}

/** What a host tells a scheduler worker. Ports travel in the transfer list. */
export type HostCommand =
  /** Configure the scheduler; `ports[k]` reaches scheduler k (undefined at `index`). */
  | { t: "init"; config: WorkerConfig; ports: Array<MessagePort | undefined> }
  /** Replace the port to scheduler `k` (it was restarted) and tell local processes it was lost. */
  | { t: "peer-restarted"; k: number; port: MessagePort }
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
  /** The page's answer to `memory-request` `id`; `bytes` null when the page cannot measure (the worker estimates). */
  | { t: "memory-answer"; id: number; bytes: number | null; scope: MemoryMeasurement["scope"]; precise: boolean };

/**
 * A batch of signals on the mesh, with the sender's run-queue length for placement.
 * `items` is compact: a message is two entries, the destination pid (a string) then the
 * message; any other signal is one `Signal` object. A million messages thus clone as
 * strings and values, not as a million `{ t, to, msg }` objects.
 */
export interface Batch {
  from: number;
  load: number;
  /** Signals in the batch (a message counts once). */
  count: number;
  items: unknown[];
}
