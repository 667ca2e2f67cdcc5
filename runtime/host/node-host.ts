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
 * that nothing can ever satisfy (a deadlock if main is among them), or at the timeout.
 * A worker whose heartbeat stops (stuck in code that cannot be preempted) is terminated
 * and restarted: its processes exit `killed`, and the other schedulers tell every process
 * linked to or monitoring them.
 *
 *     const result = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 5000 });
 *     result.status   // "normal" | "crashed" | "timeout" | "deadlock"
 */
import { Worker } from "node:worker_threads";
import { MessageChannel } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { HostCommand, OutputLine, WorkerConfig, WorkerEvent } from "../kernel/protocol";
import { inspect } from "../kernel/inspect";
import { decodeFrame, type DecodedFrame } from "./stats";

/** How to run. */
export interface NodeRunOptions {
  schedulers?: number;
  timeoutMs?: number;
  budget?: number;
  sliceMs?: number;
  syncLimitMs?: number;
  maxProcesses?: number;
  maxMailbox?: number;
  /** A worker silent this long is restarted (must exceed syncLimitMs). */
  stuckMs?: number;
  /** Per-worker heap limit, MB. */
  heapMb?: number;
  statsHz?: number;
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
}

interface Beat {
  procs: number;
  timers: number;
  sent: number;
  received: number;
  busy: boolean;
}

const WORKER_URL = new URL("./node-worker-boot.mjs", import.meta.url);

/** Run compiled program `code` on Node worker threads. */
export async function runOnNode(code: string, opts: NodeRunOptions = {}): Promise<NodeRunResult> {
  const n = Math.max(1, Math.min(64, opts.schedulers ?? availableParallelism()));
  const started = performance.now();
  const output: OutputLine[] = [];
  const workers: Array<Worker | undefined> = new Array(n);
  const beats: Array<Beat | undefined> = new Array(n);
  const lastSeen: number[] = new Array(n).fill(performance.now());
  let restarts = 0;
  let generation = 0;
  let mainEnded = false;
  let mainCrashed = false;
  let mainReason: unknown;
  let settle!: (r: Omit<NodeRunResult, "output" | "ms" | "restarts">) => void;
  const done = new Promise<Omit<NodeRunResult, "output" | "ms" | "restarts">>((r) => (settle = r));

  const config = (index: number, firstId?: number): WorkerConfig => ({
    index,
    count: n,
    budget: opts.budget,
    sliceMs: opts.sliceMs,
    syncLimitMs: opts.syncLimitMs,
    maxProcesses: opts.maxProcesses,
    maxMailbox: opts.maxMailbox,
    firstId,
    beatMs: 100,
    statsHz: opts.statsHz ?? 0,
  });

  const emit = (line: OutputLine) => {
    output.push(line);
    opts.onOutput?.(line);
  };

  const spawnWorker = (k: number): Worker => {
    const w = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? 4096 },
    });
    w.on("message", (ev: WorkerEvent) => onEvent(k, ev));
    w.on("error", (e) => {
      if (workers[k] !== w) return;
      const oom = /ERR_WORKER_OUT_OF_MEMORY|heap out of memory/i.test(String((e as { code?: string }).code ?? e.message));
      settle({
        status: "error",
        message: oom
          ? `scheduler ${k} ran out of memory (limit ${opts.heapMb ?? 4096} MB): a program that floods memory was stopped`
          : `scheduler ${k} failed: ${e.message}`,
      });
    });
    return w;
  };

  const onEvent = (k: number, ev: WorkerEvent) => {
    lastSeen[k] = performance.now();
    switch (ev.t) {
      case "output":
        for (const l of ev.lines) emit(l);
        return;
      case "main-exit":
        mainEnded = true;
        mainReason = ev.reason;
        if (ev.crashed) {
          mainCrashed = true;
          settle({ status: "crashed", reason: ev.reason });
        }
        return;
      case "beat":
        beats[k] = ev;
        checkEnd();
        return;
      case "stats":
        opts.onStats?.(decodeFrame(ev.frame));
        return;
    }
  };

  // A run is over when nothing is left anywhere; stalled when processes remain but all of
  // them wait with no timer and nothing in flight. Both need two matching rounds of beats.
  let quietRounds = 0;
  let lastTotals = "";
  const checkEnd = () => {
    if (beats.some((b) => b === undefined)) return;
    const bs = beats as Beat[];
    const sent = bs.reduce((a, b) => a + b.sent, 0);
    const received = bs.reduce((a, b) => a + b.received, 0);
    const procs = bs.reduce((a, b) => a + b.procs, 0);
    const quiet = bs.every((b) => b.timers === 0 && !b.busy) && (sent === received || restarts > 0);
    const totals = `${sent}/${received}/${procs}`;
    if (!quiet) {
      quietRounds = 0;
      return;
    }
    quietRounds = totals === lastTotals ? quietRounds + 1 : 1;
    lastTotals = totals;
    if (procs === 0 && mainEnded && quietRounds >= 2) settle({ status: "normal", reason: mainReason });
    else if (quietRounds >= 3 * n) {
      if (!mainEnded) {
        settle({
          status: "deadlock",
          message: `deadlock: main and ${procs - 1} other process(es) are waiting in receive, with no timer pending and no message in flight; nothing can wake them`,
        });
      } else settle({ status: "normal", reason: mainReason, message: `${procs} process(es) still waiting in receive when the run went quiet` });
    }
  };

  // Build the mesh: one channel per pair of schedulers.
  const ports: Array<Array<MessagePort | undefined>> = Array.from({ length: n }, () => new Array(n).fill(undefined));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ch = new MessageChannel();
      ports[i][j] = ch.port1 as unknown as MessagePort;
      ports[j][i] = ch.port2 as unknown as MessagePort;
    }
  }
  for (let k = 0; k < n; k++) {
    workers[k] = spawnWorker(k);
    const cmd: HostCommand = { t: "init", config: config(k), ports: ports[k] };
    workers[k]!.postMessage(cmd, ports[k].filter((p) => p !== undefined) as never);
  }
  for (let k = 0; k < n; k++) workers[k]!.postMessage({ t: "load", code, start: k === 0 } satisfies HostCommand);

  // Watchdog: restart a worker whose heartbeat stopped.
  const stuckMs = opts.stuckMs ?? Math.max(4000, (opts.syncLimitMs ?? 2000) * 2);
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (let k = 0; k < n; k++) {
      if (now - lastSeen[k] <= stuckMs) continue;
      restarts++;
      generation++;
      emit({
        pid: null,
        kind: "error",
        text: `** scheduler ${k} was stuck for ${Math.round(now - lastSeen[k])} ms in code that cannot be preempted; it was restarted and its processes exited with reason :killed`,
      });
      const old = workers[k]!;
      workers[k] = undefined;
      void old.terminate();
      const w = spawnWorker(k);
      workers[k] = w;
      beats[k] = undefined;
      lastSeen[k] = now;
      const fresh: Array<MessagePort | undefined> = new Array(n).fill(undefined);
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const ch = new MessageChannel();
        fresh[j] = ch.port1 as unknown as MessagePort;
        workers[j]!.postMessage({ t: "peer-restarted", k, port: ch.port2 as unknown as MessagePort } satisfies HostCommand, [ch.port2] as never);
      }
      w.postMessage(
        { t: "init", config: config(k, generation * 10_000_000), ports: fresh } satisfies HostCommand,
        fresh.filter((p) => p !== undefined) as never,
      );
      w.postMessage({ t: "load", code, start: false } satisfies HostCommand);
      if (k === 0 && !mainEnded) {
        mainEnded = true;
        mainCrashed = true;
        settle({ status: "crashed", reason: "killed", message: "main was on the stuck scheduler" });
      }
    }
  }, 250);

  const timeout =
    opts.timeoutMs && opts.timeoutMs > 0
      ? setTimeout(() => settle({ status: "timeout", message: `timeout: the run was stopped after ${opts.timeoutMs} ms` }), opts.timeoutMs)
      : undefined;

  const end = await done;
  clearInterval(watchdog);
  if (timeout) clearTimeout(timeout);
  // Let the last output batches arrive, then stop every worker.
  await new Promise((r) => setTimeout(r, 30));
  await Promise.all(workers.map((w) => w?.terminate()));
  void mainCrashed;
  return { ...end, output, ms: performance.now() - started, restarts };
}

/** A one-line description of how a run ended, for the runner's stderr. */
export function describeEnd(r: NodeRunResult): string {
  switch (r.status) {
    case "normal":
      return r.message ?? "";
    case "crashed":
      return `** main crashed: ${describeReason(r.reason)}${r.message ? ` (${r.message})` : ""}`;
    default:
      return `** ${r.message ?? r.status}`;
  }
}

function describeReason(reason: unknown): string {
  if (Array.isArray(reason) && reason[0] === "error" && typeof reason[1] === "string") return reason[1];
  return inspect(reason);
}
