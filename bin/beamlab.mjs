#!/usr/bin/env node
// The `beamlab` runner: loads the TypeScript CLI through tsx's loader (no build step).
import { register } from "tsx/esm/api";

register();
// Kept before anything runs: a deterministic run in the sandbox locks process.exit on this thread.
const exit = process.exit.bind(process);
// `beamlab run x.ts | head` closes the pipe early: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") exit(0);
    throw e;
  });
}
// `beamlab run` without --allow-host happens in a sandboxed child Node (runtime/cli/sandbox.ts):
// decided before the CLI (and the compiler it imports) loads, so the rerun costs one Node start.
const { sandboxedRerun } = await import("../runtime/cli/sandbox.ts");
const rerun = sandboxedRerun(process.argv.slice(2));
if (rerun !== null) process.exitCode = rerun;
else {
  const { cli } = await import("../runtime/cli/main.ts");
  process.exitCode = await cli(process.argv.slice(2));
}
