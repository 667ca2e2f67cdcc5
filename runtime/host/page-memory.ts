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
 * and the shared heap are left out: no process lives there.
 *
 * Chromium answers at its next garbage collection — 20–35 s away on an idle page — unless
 * launched with `--enable-blink-features=ForceEagerMeasureMemory` (the tests' browser). A
 * program waiting that long looks frozen, so the page waits at most `PROMPT_MS` and then
 * answers null (the worker estimates, `precise: false`, anchored to its last precise
 * figure); while that late request is still pending, further asks answer null at once
 * instead of waiting again:
 *
 *     ask ──► measureUserAgentSpecificMemory() ──answer within PROMPT_MS──► { precise: true }
 *                         └──later──► null now (estimate); asks before it lands ──► null at once
 *
 * Without the API (not isolated, other browsers) the answer is null too: the page's
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

/** How long the page waits for the browser's measurement before the worker estimates instead, ms. */
export const PROMPT_MS = 750;

/**
 * `measure`, answered within `waitMs` or as null: a measurement that misses the deadline is
 * left to land on its own, and until it has, every ask answers null at once (no pile of
 * requests waiting for the same garbage collection). A rejected measurement answers null.
 */
export function promptly<T>(measure: () => Promise<T>, waitMs: number): () => Promise<T | null> {
  let late = false;
  return () => {
    if (late) return Promise.resolve(null);
    const asked = measure();
    return new Promise<T | null>((resolve) => {
      const timer = setTimeout(() => {
        late = true;
        asked.then(
          () => (late = false),
          () => (late = false),
        );
        resolve(null);
      }, waitMs);
      asked.then(
        (v) => (clearTimeout(timer), resolve(v)),
        // SecurityError (not isolated after all) or a browser that refuses: the worker estimates.
        () => (clearTimeout(timer), resolve(null)),
      );
    });
  };
}

const askBrowser = new Map<number, () => Promise<UserAgentMemory | null>>();

/**
 * Measure the scheduler workers running `url`: null when this page cannot measure them, or
 * when the browser does not answer within `waitMs` (default `PROMPT_MS`; the benchmark waits
 * longer, as it wants the measurement, not a prompt answer).
 */
export async function measurePageMemory(url: string | undefined, waitMs: number = PROMPT_MS): Promise<MemoryMeasurement | null> {
  const perf = globalThis.performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<UserAgentMemory> };
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated || typeof perf?.measureUserAgentSpecificMemory !== "function") {
    return null;
  }
  let ask = askBrowser.get(waitMs);
  if (ask === undefined) askBrowser.set(waitMs, (ask = promptly(() => perf.measureUserAgentSpecificMemory!(), waitMs)));
  const result = await ask();
  return result === null ? null : workerBytes(result, url);
}
