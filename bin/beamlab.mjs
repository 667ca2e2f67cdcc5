#!/usr/bin/env node
// The `beamlab` runner: loads the TypeScript CLI through tsx's loader (no build step).
import { register } from "tsx/esm/api";

register();
// `beamlab run x.ts | head` closes the pipe early: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
const { cli } = await import("../runtime/cli/main.ts");
process.exitCode = await cli(process.argv.slice(2));
