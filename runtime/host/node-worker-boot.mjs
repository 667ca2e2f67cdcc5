// Boots a scheduler worker thread: registers tsx's TypeScript loader in this thread (Node 20
// workers do not inherit the parent's loader hooks), then loads the worker entry.
// Messages from the host queue on parentPort until node-worker.ts starts listening.
import { register } from "tsx/esm/api";

register();
await import("./node-worker.ts");
