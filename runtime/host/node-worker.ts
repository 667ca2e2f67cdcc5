/**
 * Entry point of a scheduler on a Node worker thread (the `beamlab` runner's host):
 * the same worker runtime as a Web Worker's, on `parentPort` made an Endpoint. Before any
 * program loads, node-sandbox.ts takes away what a program must not reach (`workerData.sandbox`:
 * the runner was not given --allow-host).
 * Internal module: node-host.ts starts it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { nodeEndpoint } from "./node-endpoint";
import { lockNodeWorker, vmFunction } from "./node-sandbox";
import { startWorkerRuntime } from "./worker-runtime";

lockNodeWorker(Boolean((workerData as { sandbox?: boolean } | null)?.sandbox));
startWorkerRuntime(nodeEndpoint(parentPort!), { makeFunction: vmFunction });
