/**
 * Entry point of a scheduler in a Web Worker (the page's host; see browser-host.ts).
 *
 *     page ──comlink: init / load / peerRestarted / stop / kill / info / memoryAnswer / compile──► this worker
 *          ◄──plain postMessage: WorkerEvent (output, main-exit, beat, stats, info, memory-request)──
 *
 * Commands arrive as comlink calls on `SchedulerControl`, each turned into the HostCommand
 * the shared worker runtime understands; ports travel with `Comlink.transfer`. Events go
 * back as plain messages (no `id`, so comlink's listener on the page ignores them): they are
 * a one-way stream, and a stats frame's buffer is transferred, not copied. `compile` runs
 * the compiler here, off the page's main thread (worker 0 compiles before every worker loads).
 *
 * Internal module: browser-host.ts starts it, with the one literal
 * `new Worker(new URL("./scheduler.worker.ts", import.meta.url), { type: "module" })`.
 */
import * as Comlink from "comlink";
import { compile } from "../compile/index";
import type { CompileResult } from "../compile/errors";
import type { HostCommand, MemoryMeasurement, WorkerConfig } from "../kernel/protocol";
import type { Pid } from "../kernel/term";
import { startWorkerRuntime } from "./worker-runtime";

/** What the page can ask of a scheduler worker. */
export interface SchedulerControl {
  /** Configure the scheduler; `ports[k]` reaches scheduler k. */
  init(config: WorkerConfig, ports: Array<MessagePort | undefined>): void;
  /** Load the compiled program; `start` spawns its main here. */
  load(code: string, start: boolean): void;
  /** Scheduler `k` was restarted: use `port` to reach it and tell local processes it was lost. */
  peerRestarted(k: number, port: MessagePort): void;
  /** Kill every process. */
  stop(): void;
  /** Send `kill` to one process. */
  kill(pid: Pid): void;
  /** The pinned processes on this scheduler (always in its stats frames). */
  pin(pids: Pid[]): void;
  /** Ask for one process's details; the answer comes back as the `info` event `id`. */
  info(pid: Pid, id: number): void;
  /** The page's answer to the worker's `memory-request` `id` (bytes null: the page cannot measure). */
  memoryAnswer(id: number, bytes: number | null, scope: MemoryMeasurement["scope"], precise: boolean): void;
  /** Compile learner source to loadable code, or errors with line and column. */
  compile(source: string): CompileResult;
}

let handle: (cmd: HostCommand) => void = () => {};

startWorkerRuntime({
  post: (ev, transfer) => self.postMessage(ev, { transfer: transfer ?? [] }),
  onCommand: (handler) => (handle = handler),
});

const control: SchedulerControl = {
  init: (config, ports) => handle({ t: "init", config, ports }),
  load: (code, start) => handle({ t: "load", code, start }),
  peerRestarted: (k, port) => handle({ t: "peer-restarted", k, port }),
  stop: () => handle({ t: "stop" }),
  kill: (pid) => handle({ t: "kill", pid }),
  pin: (pids) => handle({ t: "pin", pids }),
  info: (pid, id) => handle({ t: "info", pid, id }),
  memoryAnswer: (id, bytes, scope, precise) => handle({ t: "memory-answer", id, bytes, scope, precise }),
  compile: (source) => compile(source, { filename: "program.ts" }),
};

Comlink.expose(control);
