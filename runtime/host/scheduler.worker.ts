/**
 * Entry point of a scheduler in a Web Worker (the page's host; see browser-host.ts).
 *
 *     page ──HostCommand: init / compile / load / peer-restarted / stop / kill / pin / info / memory-answer──► this worker
 *          ◄──WorkerEvent: output / main-exit / beat / stats / compiled / info / memory-request──────────────
 *
 * The worker's `self` is already an `Endpoint` (protocol.ts): commands arrive as plain
 * messages, exactly as on a Node worker thread, and events go back the same way (a stats
 * frame's buffer is transferred, not copied). Worker 0 also compiles the learner's program,
 * off the page's main thread, before every worker loads it.
 *
 * Internal module: browser-host.ts starts it, with the one literal
 * `new Worker(new URL("./scheduler.worker.ts", import.meta.url), { type: "module" })`.
 */
import { startWorkerRuntime } from "./worker-runtime";

startWorkerRuntime(self as unknown as DedicatedWorkerGlobalScope);
