/**
 * The page measures its scheduler workers' memory, which a worker cannot do by itself
 * (Chromium's dedicated workers have neither `performance.memory` nor
 * `performance.measureUserAgentSpecificMemory`).
 *
 *     worker ──memory-request { id, url }──► page: measurePageMemory(url)
 *            ◄──memory-answer { id, bytes, scope, precise }──
 *
 * `performance.measureUserAgentSpecificMemory()` exists on a cross-origin isolated page; its
 * breakdown attributes JS heaps to contexts, a worker as
 * `{ scope: "DedicatedWorkerGlobalScope", url }`. Every scheduler worker runs the same
 * script, so when several match the asker's url their sum is reported with `scope: "page"`;
 * when exactly one does, it is the asker's own heap (`scope: "worker"`). The page's own heap
 * and the shared heap are left out: no process lives there. Chromium answers at its next
 * GC (≈ 20 s) unless launched with `--enable-blink-features=ForceEagerMeasureMemory`.
 * Without the API (not isolated, other browsers) the answer is null: the page's
 * `performance.memory` measures only the main thread, which holds no process, so the worker
 * estimates instead.
 *
 *     const m = await measurePageMemory(workerUrl);   // { bytes, scope, precise: true } | null
 *
 * Internal module: browser-host.ts hands it to the run monitor.
 */
import type { MemoryMeasurement } from "../kernel/protocol";

/** One entry of `measureUserAgentSpecificMemory()`'s breakdown. */
export interface MemoryBreakdownEntry {
  bytes: number;
  attribution: Array<{ scope?: string; url?: string }>;
  types: string[];
}

/** The result of `measureUserAgentSpecificMemory()`. */
export interface UserAgentMemory {
  bytes: number;
  breakdown: MemoryBreakdownEntry[];
}

const WORKER_SCOPE = "DedicatedWorkerGlobalScope";

/**
 * The bytes of the dedicated workers running `url` in `result` (null when none is listed),
 * with `scope: "worker"` when exactly one entry is attributed to that script, else "page".
 * An entry counts when every context it is attributed to is such a worker.
 */
export function workerBytes(result: UserAgentMemory, url: string | undefined): MemoryMeasurement | null {
  const base = url === undefined ? undefined : url.split("#")[0];
  let bytes = 0;
  let entries = 0;
  for (const e of result.breakdown) {
    if (e.attribution.length === 0) continue;
    const ours = e.attribution.every((a) => a.scope === WORKER_SCOPE && (base === undefined || a.url?.split("#")[0] === base));
    if (!ours) continue;
    bytes += e.bytes;
    entries++;
  }
  if (entries === 0) return null;
  return { bytes, scope: entries === 1 ? "worker" : "page", precise: true };
}

/** Measure the scheduler workers running `url`; null when this page cannot measure them. */
export async function measurePageMemory(url: string | undefined): Promise<MemoryMeasurement | null> {
  const perf = globalThis.performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<UserAgentMemory> };
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated || typeof perf?.measureUserAgentSpecificMemory !== "function") {
    return null;
  }
  try {
    return workerBytes(await perf.measureUserAgentSpecificMemory(), url);
  } catch {
    // SecurityError (not isolated after all) or a browser that refuses: the worker estimates.
    return null;
  }
}
