/**
 * Entry point of a scheduler on a Node worker thread (the `beamlab` runner's host):
 * the same worker runtime as a Web Worker's, on `parentPort` made an Endpoint.
 * Internal module: node-host.ts starts it.
 */
import { parentPort } from "node:worker_threads";
import { nodeEndpoint } from "./node-endpoint";
import { startWorkerRuntime } from "./worker-runtime";

startWorkerRuntime(nodeEndpoint(parentPort!));
