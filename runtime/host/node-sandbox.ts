/**
 * What a program can reach from a runner worker thread. `beamlab run` (without --allow-host)
 * runs under Node's permission model and `--disallow-code-generation-from-strings`
 * (runtime/cli/sandbox.ts); on each worker thread, before the program loads:
 *
 *     always             process.exit / abort / reallyExit ─► a clear error (they would end the
 *                        scheduler's thread and every process on it; "stuck" was all the host saw)
 *     without host access process.getBuiltinModule / binding / dlopen / kill ─► a clear error
 *                        fetch, WebSocket, EventSource ─► a clear error; process.env is empty
 *                        (the worker starts with env {}); eval and new Function are off (the flag),
 *                        so the program is compiled with vm.compileFunction, which has no
 *                        dynamic import()
 *
 *     lockNodeWorker(workerData.sandbox);   // node-worker.ts, at boot
 *
 * Node 20's permission model denies the file system (reads outside Beamlab and the program),
 * child processes started by the program's own code are out of its reach too (no module can be
 * loaded), but it has no network permission: the network is closed here, by leaving the
 * program no way to load `net`, `http` or `dgram`. Internal module: node-worker.ts uses it.
 */
import { compileFunction } from "node:vm";
import { FUNCTION_HEADER_LINES, PROGRAM_URL } from "../compile/load";

/** Remove what a program must not reach on this worker thread; `sandbox` is "no host access". */
export function lockNodeWorker(sandbox: boolean): void {
  const proc = process as unknown as Record<string, unknown>;
  const stops = "it would end this scheduler's thread and every process on it; return from main to end the run, or exit(reason) to end a process";
  for (const name of ["exit", "abort", "reallyExit"]) refuse(proc, name, `process.${name} is not available in Beamlab programs: ${stops}`);
  if (!sandbox) return;
  const host = "the runner gives a program no host access unless it is run with --allow-host";
  for (const name of ["getBuiltinModule", "binding", "_linkedBinding", "dlopen", "kill"]) {
    refuse(proc, name, `process.${name} is not available in Beamlab programs: ${host}`);
  }
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of ["fetch", "WebSocket", "EventSource"]) refuse(g, name, `${name} is not available in Beamlab programs: ${host}`);
}

function refuse(on: Record<string, unknown>, name: string, message: string): void {
  const refused = () => {
    throw new Error(message);
  };
  try {
    Object.defineProperty(on, name, { value: refused, writable: false, configurable: false });
  } catch {
    on[name] = refused;
  }
}

/**
 * `new Function(...params, body)` for loadProgram, without code generation from strings:
 * vm.compileFunction, lines counted as `new Function` counts them (two header lines).
 */
export function vmFunction(params: string[], body: string): (...args: unknown[]) => unknown {
  // A `//# sourceURL` comment would make V8 drop lineOffset: the file name is given here instead.
  const code = body.replace(/\n\/\/# sourceURL=[^\n]*$/, "");
  return compileFunction(code, params, { filename: PROGRAM_URL, lineOffset: FUNCTION_HEADER_LINES }) as (...args: unknown[]) => unknown;
}
