#!/usr/bin/env node
// The `beamlab` runner: loads the TypeScript CLI through tsx's loader (no build step).
import { register } from "tsx/esm/api";

register();
const { cli } = await import("../runtime/cli/main.ts");
process.exitCode = await cli(process.argv.slice(2));
