/**
 * What a host platform gives the run monitor: scheduler workers and channels between them.
 * The page gives Web Workers and MessageChannels (browser-host.ts), the runner worker threads
 * (node-host.ts); the run monitor drives either the same way.
 *
 *     const platform: WorkerPlatform = { start: (k, fail) => new Worker(...), channel: () => [port1, port2] };
 *
 * Internal module: hosts use it.
 */
import type { Endpoint } from "./protocol";

/** A scheduler worker as the monitor drives it: commands out and events back on its endpoint. */
export interface SchedulerWorker extends Endpoint {
  /** Stop the worker now, whatever it is running. */
  terminate(): void;
}

/** What a host provides: workers and channels of its platform. */
export interface WorkerPlatform {
  /** Start scheduler worker `k`; report its failure (it crashed, ran out of memory) through `fail`. */
  start(k: number, fail: (message: string) => void): SchedulerWorker;
  /** A new channel between two workers. */
  channel(): [MessagePort, MessagePort];
}
