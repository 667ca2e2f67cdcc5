#!/usr/bin/env node
/**
 * `npm run bench`: the benchmark in real Chromium, beside the BEAM's figures.
 *
 *     npm run bench [-- --quick] [--only key,key] [--no-beam] [--beam] [--schedulers N] [--reuse] [--trace]
 *     npm run bench -- --trace-cost N [--only ping_pong,ring] [--reuse]
 *
 *     next build (out/) ──serve──► headless Chromium /lab/ ──window.__beamlab.run──► Web Workers
 *     bench/scenarios/<key>.ts ──withScale──► run ──"BENCH {json}" line──► parseBenchLines ─┐
 *     bench/beam/<key>.exs ──elixir──► last stdout line (runBeam of bench/node.ts) ─────────┤
 *                                                  formatTable (bench/report.ts) ◄──────────┘
 *
 * Each scenario runs in a fresh page (its workers are gone after each run). Flags mean what
 * they mean for `npx beamlab bench`: `--quick` scales every scenario to 0.1 and skips the
 * BEAM unless `--beam`; `--schedulers` defaults to 2. `--reuse` serves the existing out/
 * instead of building (the build takes ≈ 25 s). Runs record nothing (the page records by
 * default) unless `--trace`, which records as the page does. `--trace-cost N` runs each
 * scenario (default ping_pong and ring) N times with recording off and N times on, alternately
 * in the same browser (so a change in the machine's load hits both), and prints the medians,
 * their ratio, the CPU time Chromium spent on each run (every process, page and workers,
 * from the DevTools protocol's SystemInfo.getProcessInfo: on a loaded machine the work a run
 * costs, where its throughput measures the machine's load too) and the load average. Chromium is Debian's (/usr/bin/chromium or
 * $CHROMIUM_PATH), launched with the e2e flags plus `--js-flags=--expose-gc` (a worker
 * collects its garbage before it is measured) and
 * `--enable-blink-features=ForceEagerMeasureMemory`. The memory scenarios measure with
 * `System.measureMemory()`: the page (cross-origin isolated: serve.mjs sends COOP/COEP)
 * measures its scheduler workers with `performance.measureUserAgentSpecificMemory()`, which
 * without that flag answers only at Chromium's next GC (≈ 20 s a call). A memory figure a
 * scenario reports as not `precise` (an estimate) is dropped, so the table never shows an
 * estimate as a measurement. Writes .bench/latest-browser.json. Exit code: 0 when every
 * scenario printed its figures.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.mjs";

register();
const { SCENARIOS, BEAM_ONLY, formatTable, parseBenchLines, withScale } = await import("../bench/report.ts");
const { QUICK_SCALE, elixirVersion, runBeam } = await import("../bench/node.ts");
const { parseArgs } = await import("../runtime/cli/args.ts");

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "out");
const RESULTS_FILE = path.join(ROOT, ".bench", "latest-browser.json");
// --expose-gc: the memory scenarios collect garbage before they measure.
const BENCH_ARGS = [...CHROMIUM_ARGS, "--js-flags=--expose-gc"];
/** A scenario that takes longer than this is stopped and reported as failed. */
const SCENARIO_TIMEOUT_MS = 300_000;

const log = (s) => process.stderr.write(s);

function build() {
  return new Promise((resolve, reject) => {
    // `npm run build`, not `next build`: the project's build steps (pre-build scripts) run too.
    const child = spawn("npm", ["run", "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, BEAMLAB_BASE_PATH: "", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}`))));
  });
}

/** Run scenario `key` in a fresh /lab/ page: its figures, or `{ key, error }`. */
async function runScenario(context, url, key, { scale, schedulers, trace, cpu }) {
  let source;
  try {
    source = withScale(fs.readFileSync(path.join(ROOT, "bench", "scenarios", `${key}.ts`), "utf8"), scale);
  } catch (e) {
    return { key, error: e.message };
  }
  const page = await context.newPage();
  const cpuBefore = cpu ? await cpu.read() : null;
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  try {
    await page.goto(`${url}lab/`);
    await page.waitForFunction(() => window.__beamlab !== undefined);
    const run = await page.evaluate(([src, opts]) => window.__beamlab.run(src, opts), [
      source,
      // No stats frames: they would measure the sampler (a frame lists every process), not the runtime.
      // Recording off (the page's default is on) unless --trace: the table measures the runtime.
      // memoryWaitMs: the memory scenarios want the browser's measurement, however long its GC takes.
      { schedulers, timeoutMs: SCENARIO_TIMEOUT_MS, statsHz: 0, trace, memoryWaitMs: 60_000 },
    ]);
    const figures = parseBenchLines(run.output.map((l) => l.text))[key];
    if (figures && cpu) figures.cpu_s = cpu.since(cpuBefore, await cpu.read());
    if (figures) return figures;
    const crash = run.output.find((l) => l.kind !== "out")?.text.split("\n")[0];
    return { key, error: [run.status, run.message, crash, ...pageErrors].filter(Boolean).join(": ") };
  } catch (e) {
    return { key, error: `${e.message.split("\n")[0]}${pageErrors.length ? `: ${pageErrors.join("; ")}` : ""}` };
  } finally {
    await page.close();
  }
}

/**
 * A memory figure from an estimate (`precise: false`: the page could not measure its
 * workers, e.g. not cross-origin isolated) measures nothing: drop it rather than print it.
 */
function withoutEstimates(figures) {
  if (figures.error !== undefined || figures.precise !== false) return figures;
  if (figures.key === "idle_memory") return { key: figures.key, error: "not measurable: System.measureMemory() could only estimate (is the page cross-origin isolated?)" };
  if (figures.key === "million") return { ...figures, bytes_per_process: undefined, total_mb: undefined };
  return figures;
}

/**
 * What recording costs in the page: each of `keys` `rounds` times off and `rounds` times on,
 * alternately, each run in a fresh page; the medians and on/off, as `npx beamlab bench --trace-cost`.
 */
async function traceCost(context, url, rounds, keys, schedulers) {
  const rows = [
    "| scenario | recording off (median) | recording on (median) | on/off | CPU s per run, off → on (medians) | CPU off/on | runs |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const cpu = await processCpu(context.browser());
  const loads = [os.loadavg()[0]];
  let failed = 0;
  for (const key of keys) {
    const off = [];
    const on = [];
    const cpuOff = [];
    const cpuOn = [];
    let unit = "";
    for (let r = 0; r < rounds; r++) {
      for (const trace of r % 2 === 0 ? [false, true] : [true, false]) {
        const f = await runScenario(context, url, key, { scale: 1, schedulers, trace, cpu });
        loads.push(os.loadavg()[0]);
        if (f.error !== undefined || typeof f.value !== "number") {
          failed++;
          log(`${key} (${trace ? "on" : "off"}): ${f.error ?? "no value"}\n`);
          continue;
        }
        unit = String(f.unit ?? "");
        (trace ? on : off).push(f.value);
        (trace ? cpuOn : cpuOff).push(f.cpu_s);
        log(`${key} recording ${trace ? "on " : "off"}: ${f.value} ${unit}, ${f.cpu_s.toFixed(2)} CPU s\n`);
      }
    }
    const a = median(off);
    const b = median(on);
    const [ca, cb] = [median(cpuOff), median(cpuOn)];
    rows.push(`| ${key} | ${fmt(a)} ${unit} | ${fmt(b)} ${unit} | ${(b / a).toFixed(2)}× | ${ca.toFixed(2)} → ${cb.toFixed(2)} | ${(ca / cb).toFixed(2)}× | ${off.length} + ${on.length} |`);
  }
  const about = `${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? "cpu"} (${os.availableParallelism()} cores), Chromium ${context.browser().version()}, ${schedulers} schedulers; runs interleaved off/on; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  process.stdout.write(`${rows.join("\n")}\n\n${about}\n`);
  return failed > 0 ? 1 : 0;
}

/** CPU seconds of Chromium's processes (DevTools SystemInfo.getProcessInfo): `read()` now, `since(before, after)` spent between. */
async function processCpu(browser) {
  const cdp = await browser.newBrowserCDPSession();
  return {
    async read() {
      const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
      return new Map(processInfo.map((p) => [p.id, p.cpuTime]));
    },
    since(before, after) {
      let s = 0;
      for (const [id, t] of after) s += t - (before.get(id) ?? 0);
      return s;
    },
  };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function fmt(x) {
  if (x === undefined || !Number.isFinite(x)) return "—";
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k` : String(x);
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2), ["trace"]);
  const trace = flags.has("trace");
  const quick = flags.has("quick");
  const only = flags.string("only")?.split(",").map((s) => s.trim()).filter(Boolean);
  const known = [...SCENARIOS, ...BEAM_ONLY];
  const unknown = only?.filter((k) => !known.includes(k)) ?? [];
  if (unknown.length > 0) {
    log(`bench: unknown scenario(s) ${unknown.join(", ")}; known: ${known.join(", ")}\n`);
    return 64;
  }
  const selected = (keys) => keys.filter((k) => !only || only.includes(k));
  const schedulers = flags.number("schedulers") ?? 2;
  const scale = quick ? QUICK_SCALE : 1;
  const wantBeam = !flags.has("no-beam") && (!quick || flags.has("beam"));
  if (!fs.existsSync(CHROMIUM)) {
    log(`bench: no Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH\n`);
    return 1;
  }

  if (flags.has("reuse") && fs.existsSync(path.join(OUT, "lab", "index.html"))) log("bench: reusing out/\n");
  else {
    log("bench: building the static export … ");
    const t0 = performance.now();
    await build();
    log(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  const server = await startServer({ dir: OUT, port: 0, host: "127.0.0.1" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BENCH_ARGS });
  if (flags.has("trace-cost")) {
    try {
      const keys = only ?? ["ping_pong", "ring"];
      return await traceCost(await browser.newContext(), server.url, flags.number("trace-cost") ?? 5, keys, schedulers);
    } finally {
      await browser.close();
      await server.close();
    }
  }
  const ours = {};
  let failed = 0;
  let version;
  try {
    version = browser.version();
    const context = await browser.newContext();
    for (const key of selected(SCENARIOS)) {
      log(`chromium ${key} … `);
      const t0 = performance.now();
      ours[key] = withoutEstimates(await runScenario(context, server.url, key, { scale, schedulers, trace }));
      if (ours[key].error !== undefined) failed++;
      log(`${ours[key].error ?? "ok"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  let beam = null;
  const elixir = wantBeam ? elixirVersion() : undefined;
  if (wantBeam && elixir === undefined) log("BEAM: not installed (no elixir on PATH)\n");
  if (elixir !== undefined) {
    beam = {};
    for (const key of selected(known)) {
      log(`BEAM     ${key} … `);
      const t0 = performance.now();
      beam[key] = runBeam(key);
      log(`${beam[key].error ?? "ok"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  }

  const otp = beam && Object.values(beam).find((f) => f.otp !== undefined)?.otp;
  const host = `Chromium ${version.split(".")[0]}`;
  const table = formatTable(ours, wantBeam ? beam : {}, { host, keys: only });
  const about = [
    `${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? "cpu"} (${os.availableParallelism()} cores), Chromium ${version}`,
    elixir ? `${elixir}${otp ? ` (OTP ${otp})` : ""}` : "BEAM not run",
    `${schedulers} schedulers (Web Workers)${quick ? `, --quick (scale ${scale}: figures are not comparable with the BEAM's)` : ""}`,
  ].join("; ");
  process.stdout.write(`${table}\n\n${about}\n`);
  if (!wantBeam) process.stdout.write("BEAM: not run (--no-beam or --quick)\n");

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date: new Date().toISOString(), host, chromium: version, schedulers, scale, elixir: elixir ?? null, otp: otp ?? null, ours, beam }, null, 2)}\n`,
  );
  log("wrote .bench/latest-browser.json\n");
  return failed > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  log(`bench: ${e instanceof Error ? e.stack : e}\n`);
}
process.exit(code);
