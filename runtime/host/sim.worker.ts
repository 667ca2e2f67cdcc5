/**
 * Entry point of the worker that runs deterministic runs in the page (see browser-sim-host.ts
 * and sim-worker-runtime.ts): one worker simulates every scheduler of the run.
 *
 * Internal module: browser-sim-host.ts starts it, with the one literal
 * `new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module" })`.
 */
import { startSimWorker } from "./sim-worker-runtime";

startSimWorker(self as unknown as DedicatedWorkerGlobalScope);
