/**
 * Node's worker_threads as an `Endpoint` (comlink's node-adapter): the one place Node's
 * event-emitter `Worker` and `parentPort` are made to look like a Web Worker, so the run
 * monitor and the worker runtime speak to both platforms the same way.
 *
 *     const worker = nodeEndpoint(new Worker(url));              // the host's side
 *     startWorkerRuntime(nodeEndpoint(parentPort!));             // the worker's side
 *
 * Listeners get `{ data }`, as a browser's `message` event. (Node's `MessagePort` between two
 * workers has `addEventListener` itself, so the mesh takes it as it is.)
 *
 * Internal module: node-host.ts and node-worker.ts use it.
 */
import type { Endpoint } from "./protocol";

/** What Node's `Worker` and `MessagePort` offer: an emitter of `message` events. */
export interface NodeEmitter {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(type: "message", listener: (data: unknown) => void): unknown;
  off(type: "message", listener: (data: unknown) => void): unknown;
  start?(): void;
}

/** `nep` as an Endpoint. */
export function nodeEndpoint(nep: NodeEmitter): Endpoint {
  const listeners = new WeakMap<(event: { data: unknown }) => void, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => nep.postMessage(message, transfer),
    addEventListener(_type, listener) {
      const l = (data: unknown) => listener({ data });
      nep.on("message", l);
      listeners.set(listener, l);
    },
    removeEventListener(_type, listener) {
      const l = listeners.get(listener);
      if (l === undefined) return;
      nep.off("message", l);
      listeners.delete(listener);
    },
    start: nep.start?.bind(nep),
  };
}
