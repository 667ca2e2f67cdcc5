/**
 * Entry point of a scheduler on a Node worker thread (the `beamlab` runner's host).
 * Internal module: node-host.ts starts it.
 */
import { parentPort } from "node:worker_threads";
import type { HostCommand } from "../kernel/protocol";
import { startWorkerRuntime } from "./worker-runtime";

const port = parentPort!;
startWorkerRuntime({
  post: (ev, transfer) => port.postMessage(ev, transfer as never),
  onCommand: (handler) => port.on("message", (cmd: HostCommand) => handler(cmd)),
});
