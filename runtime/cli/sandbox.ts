/**
 * The runner's sandbox: `beamlab run` gives a program no host access unless it is given
 * `--allow-host`. The run starts again as a child Node process under
 *
 *     --experimental-permission          Node 20's permission model: the file system is closed
 *       --allow-fs-read=<beamlab>          except Beamlab's own files (the runtime, node_modules)
 *       --allow-fs-read=<program.ts>       and the program; --allow-fs-write only for --trace's file
 *       --allow-fs-read/write=<tmp>/tsx-*  and tsx's cache
 *       --allow-worker                     the schedulers are worker threads
 *       --allow-child-process              tsx compiles the runtime with esbuild, a child process
 *     --disallow-code-generation-from-strings   no eval / new Function: nothing can import() a module
 *
 * and each worker takes away what is left (runtime/host/node-sandbox.ts): process.getBuiltinModule,
 * process.binding, fetch, the environment. Checked on Node 20.20: the permission model denies
 * fs and child_process in worker threads, but not the network (Node 20 has no net permission),
 * and a worker started with `execArgv: []` escapes it: so the program must never reach a
 * module, which the last two lines ensure.
 *
 *     const code = sandboxedRerun(process.argv.slice(2));   // bin/beamlab.mjs, before loading the CLI
 *     if (code !== null) process.exitCode = code;            // the run happened in the sandbox
 *
 * A deterministic run (--seed, --explore) simulates every scheduler on the runner's own thread:
 * in the sandbox that thread is locked as a worker's is (lockNodeWorker) and the program is
 * compiled with vm.compileFunction, so it is sandboxed the same way.
 */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./args";

const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");

/**
 * `beamlab ...argv`: when it is a run that must be sandboxed (a `run` without --allow-host, not
 * already in the sandbox), run it in the sandbox and give its exit code;
 * otherwise null, and the caller goes on. Cheap: it loads nothing of the runtime, so the
 * sandboxed run costs one more Node start, not two CLI loads.
 */
export function sandboxedRerun(argv: string[]): number | null {
  const [cmd, ...rest] = argv;
  if (cmd !== "run" || inSandbox()) return null;
  const { positional, flags } = parseArgs(rest, RUN_BOOLEAN_FLAGS);
  const file = positional[0];
  if (file === undefined || flags.has("allow-host")) return null;
  return rerunSandboxed(rest, file, flags.string("trace"));
}

/** The flags of `beamlab run` that take no value. */
export const RUN_BOOLEAN_FLAGS = ["no-halt", "allow-host"];

/** Is this process already under the permission model (the sandboxed child)? */
export function inSandbox(): boolean {
  return typeof (process as { permission?: { has?: unknown } }).permission?.has === "function";
}

/** The Node flags of the sandbox for running `file` (and writing `traceFile`). */
export function sandboxFlags(file: string, traceFile?: string): string[] {
  return [
    "--experimental-permission",
    // The directory and what is in it, as a wildcard (giving both "dir" and "dir/" trips an
    // assertion in Node 20.20, and "dir/" alone stops matching "dir" once a path below it is
    // given); tsx asks whether the file system is case-sensitive by looking for the upper-cased path.
    `--allow-fs-read=${ROOT}*`,
    `--allow-fs-read=${ROOT.toUpperCase()}`,
    ...(resolve(file).startsWith(`${ROOT}/`) ? [] : [`--allow-fs-read=${resolve(file)}`]),
    // tsx's cache of compiled runtime files (os.tmpdir()/tsx-<uid>).
    `--allow-fs-read=${join(tmpdir(), "tsx-")}*`,
    `--allow-fs-write=${join(tmpdir(), "tsx-")}*`,
    ...(traceFile !== undefined ? [`--allow-fs-write=${resolve(traceFile)}`] : []),
    "--allow-worker",
    "--allow-child-process",
    "--disallow-code-generation-from-strings",
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
  ];
}

/** Run `beamlab run ...argv` again, sandboxed, with this process's stdio; its exit code. */
export function rerunSandboxed(argv: string[], file: string, traceFile?: string): number {
  const bin = `${ROOT}/bin/beamlab.mjs`;
  const r = spawnSync(process.execPath, [...sandboxFlags(file, traceFile), bin, "run", ...argv], { stdio: "inherit" });
  if (r.error) {
    process.stderr.write(`beamlab: cannot start the sandboxed run: ${r.error.message}\n`);
    return 70;
  }
  return r.status ?? 1;
}
