/**
 * Memory figures a scheduler can take by itself, for `System.memory` and `System.measureMemory`.
 *
 *     measureHere(s)    // Node (worker thread or test): { bytes: this isolate's heapUsed, scope: "worker", precise: true }
 *                       // a browser worker: its own heap is not exposed, so an estimate, precise: false
 *     estimateBytes(s)  // processes × 900 B + queued messages × 64 B
 *     estimateSince(anchor, s)  // no precise answer this time: the last precise figure + the estimated growth since
 *
 * Where the platform exposes this thread's heap (Node's `process.memoryUsage()` is per
 * isolate, so a worker thread sees its own heap), a full GC first (when `gc` is exposed:
 * `--expose-gc`, or `v8.setFlagsFromString` before the worker started) makes the figure the
 * live heap. A Chromium worker has neither `performance.memory` nor
 * `performance.measureUserAgentSpecificMemory`: only the page can measure it (see
 * host/page-memory.ts); without that, the figure is an estimate and says so.
 *
 * The page answers within a moment or not at all (Chromium measures at its next GC), so one
 * run can get a precise figure first and an estimate later. Subtracting a bare estimate from
 * a measured heap would be nonsense, so an estimate is anchored to the last precise figure:
 * before − after then shows the estimated growth, never the gap between two kinds of figure.
 *
 * Internal module.
 */
import type { MemoryMeasurement } from "./protocol";
import type { Scheduler } from "./scheduler";

/** Estimated bytes of one idle process and one queued message (measured on Node; see DESIGN.md). */
export const PROC_BYTES = 900;
export const MSG_BYTES = 64;

/** An estimate of one process's memory with `queued` messages in its mailbox, bytes. */
export function processBytes(queued: number): number {
  return PROC_BYTES + queued * MSG_BYTES;
}

/** An estimate of the memory of `s`'s processes and their queued messages, bytes. */
export function estimateBytes(s: Scheduler): number {
  let queued = 0;
  for (const p of s.procs.values()) queued += p.mailbox.length;
  return s.procs.size * PROC_BYTES + queued * MSG_BYTES;
}

type NodeLike = { process?: { memoryUsage?: () => { heapUsed: number } }; gc?: () => void };

/** This thread's heap in bytes when the platform tells it (Node), else undefined. */
export function threadHeap(collect: boolean): number | undefined {
  const g = globalThis as NodeLike;
  const usage = g.process?.memoryUsage;
  if (typeof usage !== "function") return undefined;
  if (collect) g.gc?.();
  return usage().heapUsed;
}

/**
 * What this thread can measure by itself: its heap (after a GC when `gc` is exposed) where
 * the platform exposes it, else an estimate for `s`.
 */
export function measureHere(s: Scheduler): MemoryMeasurement {
  const heap = threadHeap(true);
  if (heap !== undefined) return { bytes: heap, scope: "worker", precise: true };
  return { bytes: estimateBytes(s), scope: "worker", precise: false };
}

/** Is this a browser worker whose page can measure it (cross-origin isolated)? */
export function pageCanMeasure(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; process?: unknown; WorkerGlobalScope?: unknown };
  return g.process === undefined && g.WorkerGlobalScope !== undefined && g.crossOriginIsolated === true;
}

/** The last precise figure a scheduler got, and its own estimate at that moment. */
export interface MemoryAnchor {
  bytes: number;
  scope: MemoryMeasurement["scope"];
  estimate: number;
}

/** Remember precise measurement `m` as the anchor for `s`'s later estimates. */
export function anchorAt(m: MemoryMeasurement, s: Scheduler): MemoryAnchor {
  return { bytes: m.bytes, scope: m.scope, estimate: estimateBytes(s) };
}

/**
 * An estimate for `s` when no precise figure came: the anchor's measured bytes plus the
 * estimated growth since (never below 0), or the plain estimate when nothing was measured.
 */
export function estimateSince(anchor: MemoryAnchor | null, s: Scheduler): MemoryMeasurement {
  const now = estimateBytes(s);
  if (anchor === null) return { bytes: now, scope: "worker", precise: false };
  return { bytes: Math.max(0, anchor.bytes + now - anchor.estimate), scope: anchor.scope, precise: false };
}
