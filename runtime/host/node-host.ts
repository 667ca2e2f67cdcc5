/**
 * The Node host: runs a compiled program on N worker threads, one scheduler each.
 *
 *     main thread (this file)                     worker k (node-worker.ts → worker-runtime.ts)
 *     ───────────────────────                     ─────────────────────────────────────────
 *     start N workers, wire the mesh ──init────►  Scheduler k + Mesh
 *     load(code) on every worker     ──load────►  loadProgram; main starts on scheduler 0
 *     print output, watch beats      ◄─events──   output, main-exit, beat, stats
 *
 * A run ends when main crashes (exit 1), when nothing is left to do anywhere (no process,
 * no timer, no signal in flight: exit 0), when every process left is waiting in a receive
 * that nothing can ever satisfy (a deadlock if main is among them), or at the timeout; with
 * `haltWhenMainExits` (the runner without --no-halt) also as soon as main returns.
 * A worker whose heartbeat stops (stuck in code that cannot be preempted) is terminated
 * and restarted: its processes exit `killed`, and the other schedulers tell every process
 * linked to or monitoring them.
 *
 *     const result = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 5000 });
 *     result.status   // "normal" | "crashed" | "timeout" | "deadlock"
 *
 * End detection, the watchdog and the mesh wiring live in run-monitor.ts, shared with the
 * browser host; this file only says what a worker and a channel are on Node (a worker
 * thread made an `Endpoint` by node-endpoint.ts, so commands travel as they do in the page).
 */
import { MessageChannel, Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { nodeEndpoint } from "./node-endpoint";
import type { OutputLine } from "./protocol";
import { describeRunEnd, RunMonitor, type WorkerPlatform } from "./run-monitor";
import { clampSchedulers, type RunSettings } from "./settings";
import type { DecodedFrame } from "./stats";
import type { TraceStore } from "./trace-store";

/** How to run. Schedulers default to the machine's cores. */
export interface NodeRunOptions extends RunSettings {
  /** Per-worker heap limit, MB. */
  heapMb?: number;
  /**
   * No host access for the program (`beamlab run` without --allow-host): each worker starts
   * with an empty environment and takes away process.getBuiltinModule, fetch ... (node-sandbox.ts).
   */
  sandbox?: boolean;
  onOutput?: (line: OutputLine) => void;
  onStats?: (frame: DecodedFrame) => void;
}

/** How a run ended. */
export interface NodeRunResult {
  status: "normal" | "crashed" | "timeout" | "deadlock" | "error";
  reason?: unknown;
  message?: string;
  output: OutputLine[];
  ms: number;
  restarts: number;
  /** The run's recording, when `trace` was asked for (`store.toJSON()` is what `--trace` writes). */
  trace: TraceStore | null;
}

const WORKER_URL = new URL("./node-worker-boot.mjs", import.meta.url);

/** Worker threads and Node's MessageChannel as the run monitor's platform. */
function nodePlatform(heapMb: number, sandbox: boolean): WorkerPlatform {
  return {
    start(k, fail) {
      const w = new Worker(WORKER_URL, {
        resourceLimits: { maxOldGenerationSizeMb: heapMb },
        workerData: { sandbox },
        ...(sandbox ? { env: {} } : {}),
      });
      w.on("error", (e) => {
        const oom = /ERR_WORKER_OUT_OF_MEMORY|heap out of memory/i.test(String((e as { code?: string }).code ?? e.message));
        fail(
          oom
            ? `scheduler ${k} ran out of memory (limit ${heapMb} MB): a program that floods memory was stopped`
            : `scheduler ${k} failed: ${e.message}`,
        );
      });
      return { ...nodeEndpoint(w), terminate: () => void w.terminate() };
    },
    channel() {
      const ch = new MessageChannel();
      // Node's MessagePort has the browser's addEventListener: the mesh takes it as it is.
      return [ch.port1 as unknown as MessagePort, ch.port2 as unknown as MessagePort];
    },
  };
}

/** Run compiled program `code` on Node worker threads. */
export async function runOnNode(code: string, opts: NodeRunOptions = {}): Promise<NodeRunResult> {
  const schedulers = clampSchedulers(opts.schedulers ?? availableParallelism());
  const run = new RunMonitor(nodePlatform(opts.heapMb ?? 4096, opts.sandbox ?? false), {
    // A terminal (or a pipe) takes every line: the runner never drops output.
    outputLinesPerFlush: Infinity,
    ...opts,
    schedulers,
    beatMs: 100,
    statsHz: opts.statsHz ?? 0,
  });
  run.start();
  run.load(code);
  // Node runs are never stopped from outside, so "stopped" cannot happen here.
  const result = (await run.finish()) as Omit<NodeRunResult, "trace">;
  return { ...result, trace: run.trace };
}

/** A one-line description of how a run ended, for the runner's stderr. */
export function describeEnd(r: NodeRunResult): string {
  return describeRunEnd(r);
}
