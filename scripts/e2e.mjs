#!/usr/bin/env node
/**
 * End-to-end tests against the static export in real Chromium:
 *
 *   1. find Chromium: $CHROMIUM_PATH, /usr/bin/chromium, or a Playwright-installed one;
 *   2. generate the editor's runtime typings (scripts/gen-types.mjs) and the lesson pages' map of
 *      checks (scripts/gen-lesson-checks.mjs), build the site twice: under /beamlab (moved to
 *      out-subpath/), then at the root (out/);
 *   3. check both exports load nothing from other hosts (scripts/check-offline.mjs);
 *   4. serve both on free ports with scripts/serve.mjs, run `playwright test`, stop servers.
 *
 * E2E_SKIP_BUILD=1 reuses existing out/ and out-subpath/ (fast reruns while writing specs).
 * Extra arguments go to playwright: `npm run test:e2e -- e2e/home.spec.ts`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startServer } from "./serve.mjs";
import { checkOffline } from "./check-offline.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "out");
const OUT_SUBPATH = path.join(ROOT, "out-subpath");
const SUBPATH = "/beamlab";
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  }
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    // Playwright's own download location (public API: BrowserType.executablePath()).
    const require = createRequire(import.meta.url);
    const exe = require("playwright-core").chromium.executablePath();
    if (exe && fs.existsSync(exe)) return exe;
  } catch {
    // playwright-core missing or no browser installed: fall through.
  }
  return undefined;
}

function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    children.add(child);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const children = new Set();
const servers = [];

async function cleanup() {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(servers.map((s) => s.close()));
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    cleanup().finally(() => process.exit(130));
  });
}

async function build(basePath) {
  const started = Date.now();
  const code = await run(bin("next"), ["build"], { BEAMLAB_BASE_PATH: basePath, NEXT_TELEMETRY_DISABLED: "1" });
  if (code !== 0) throw new Error(`next build (base path "${basePath || "/"}") failed`);
  console.log(`e2e: built ${basePath || "/"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const chromium = findChromium();
  if (!chromium) {
    console.error(
      "No Chromium found: install it with `sudo apt-get install -y chromium` or set CHROMIUM_PATH",
    );
    return 1;
  }

  if (process.env.E2E_SKIP_BUILD !== "1") {
    // The editor's "beamlab" typings (public/beamlab-types.json) are generated, not committed.
    if ((await run(process.execPath, [path.join(ROOT, "scripts", "gen-types.mjs")])) !== 0) throw new Error("gen-types failed");
    // So is the lesson pages' slug → checks map (app/_lib/lessonChecks.generated.ts).
    if ((await run(process.execPath, [path.join(ROOT, "scripts", "gen-lesson-checks.mjs")])) !== 0) throw new Error("gen-lesson-checks failed");
    await build(SUBPATH);
    fs.rmSync(OUT_SUBPATH, { recursive: true, force: true });
    fs.renameSync(OUT, OUT_SUBPATH);
    await build("");
  }

  for (const dir of [OUT, OUT_SUBPATH]) {
    const problems = checkOffline(dir);
    for (const { file, urls } of problems) console.error(`check-offline: ${file} loads ${urls.join(", ")}`);
    if (problems.length) return 1;
  }
  console.log("e2e: exports load nothing from other hosts");

  const root = await startServer({ dir: OUT, port: 0, host: "127.0.0.1" });
  servers.push(root);
  const sub = await startServer({ dir: OUT_SUBPATH, port: 0, base: SUBPATH, host: "127.0.0.1" });
  servers.push(sub);
  console.log(`e2e: serving ${root.url} and ${sub.url}; Chromium at ${chromium}`);

  return run(bin("playwright"), ["test", ...process.argv.slice(2)], {
    CHROMIUM_PATH: chromium,
    BEAMLAB_URL: root.url,
    BEAMLAB_SUBPATH_URL: sub.url,
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`e2e: ${e instanceof Error ? e.message : e}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
