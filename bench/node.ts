/**
 * The Node bench, `beamlab bench`: runs every benchmark scenario on Node worker threads, runs
 * its BEAM twin with `elixir`, and prints the comparison table. The CLI (runtime/cli/main.ts)
 * loads this file with a dynamic import, so the runtime never depends on its benchmark.
 *
 *     npx beamlab bench [--quick] [--only key,key] [--no-beam] [--beam] [--schedulers N] [--trace]
 *     npx beamlab bench --trace-cost N [--only ping_pong,ring]
 *     npx beamlab bench --explore N        deterministic schedules explored per second (runtime/sim)
 *
 *     bench/scenarios/<key>.ts ──withScale──► compile ──► runOnNode (a fresh run each) ──► BENCH line
 *     bench/beam/<key>.exs ──elixir──► last stdout line (JSON)
 *                                  └──► formatTable ──► stdout, .bench/latest-node.json
 *
 * `--quick` shrinks every scenario (its `const SCALE = 1;` becomes 0.1) for smoke tests and
 * skips the BEAM, whose scripts have fixed sizes (`--beam` runs it anyway). `--no-beam`
 * skips the BEAM. `--schedulers` defaults to 2 (cross_scheduler and fairness need two).
 * `--trace` records every run as the page does (the recording's cost shows in the figures);
 * `--trace-cost N` runs each scenario (default: ping_pong and ring) 2N times, recording off
 * and on alternately, and prints the medians and their ratio (the BEAM is not run).
 * `--explore N` explores N seeds of runtime/cli/examples/race.ts (and of the cross-scheduler
 * example) and prints how many schedules a second the explorer runs (the BEAM has no twin).
 * The host's V8 is told to expose `gc` so the memory scenarios measure live heap.
 * Exit code: 0 when every scenario printed its figures, 1 otherwise (missed targets are
 * reported in the table, not in the exit code).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import { compile } from "../runtime/compile/index";
import { describeEnd, runOnNode } from "../runtime/host/node-host";
import {
  BEAM_ONLY,
  SCENARIOS,
  formatTable,
  parseBeamOutput,
  parseBenchLines,
  withScale,
  type Figures,
  type Results,
} from "./report";
import { parseArgs } from "../runtime/cli/args";

const BENCH_DIR = fileURLToPath(new URL("./", import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL("../.bench/latest-node.json", import.meta.url));
/** Scale used by `--quick`. */
export const QUICK_SCALE = 0.1;

/** Options for one scenario run. */
export interface ScenarioOptions {
  /** Multiplies the scenario's sizes (1 = the full benchmark). */
  scale?: number;
  schedulers?: number;
  timeoutMs?: number;
  /** Record the run, as the page does. */
  trace?: boolean;
}

/** Run scenario `key` (bench/scenarios/<key>.ts) in a fresh run: its figures, or `error`. */
export async function runScenario(key: string, opts: ScenarioOptions = {}): Promise<Figures> {
  exposeGc();
  let source: string;
  try {
    source = withScale(readFileSync(`${BENCH_DIR}scenarios/${key}.ts`, "utf8"), opts.scale ?? 1);
  } catch (e) {
    return { key, error: (e as Error).message };
  }
  const compiled = compile(source, { filename: `${key}.ts` });
  if (!compiled.ok) return { key, error: compiled.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("; ") };
  // stuckMs: a full GC of million's 1.5 GB heap can silence a worker's heartbeat for
  // seconds on a loaded machine; the watchdog must not take that for a runaway loop.
  const run = await runOnNode(compiled.code, {
    schedulers: opts.schedulers ?? 2,
    timeoutMs: opts.timeoutMs ?? 300_000,
    stuckMs: 60_000,
    trace: opts.trace ?? false,
  });
  const figures = parseBenchLines(run.output.map((l) => l.text))[key];
  if (figures) return figures;
  const crash = run.output.find((l) => l.kind !== "out")?.text.split("\n")[0];
  return { key, error: [run.status, describeEnd(run), crash].filter(Boolean).join(": ") };
}

/** Is `elixir` on PATH? Its version line, or undefined. */
export function elixirVersion(): string | undefined {
  const r = spawnSync("elixir", ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split("\n").find((l) => l.startsWith("Elixir"))?.trim() ?? "elixir";
}

/** Run bench/beam/<key>.exs: its figures, or `error`. */
export function runBeam(key: string): Figures {
  const r = spawnSync("elixir", [`${BENCH_DIR}beam/${key}.exs`], { encoding: "utf8", maxBuffer: 64 << 20, timeout: 600_000 });
  const figures = r.status === 0 ? parseBeamOutput(r.stdout) : undefined;
  if (figures) return figures;
  const why = r.error?.message ?? (r.stderr || "").trim().split("\n").slice(-1)[0] ?? "";
  return { key, error: `elixir exited ${r.status ?? r.signal}${why ? `: ${why}` : ""}` };
}

/** The `bench` subcommand; resolves to the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, ["trace"]);
  if (flags.has("explore")) return exploreSpeed(flags.number("explore") ?? 500, flags.number("schedulers") ?? 2);
  if (flags.has("trace-cost")) return traceCost(flags.number("trace-cost") ?? 5, flags.string("only")?.split(",") ?? ["ping_pong", "ring"], flags.number("schedulers") ?? 2);
  const trace = flags.has("trace");
  const quick = flags.has("quick");
  const only = flags.string("only")?.split(",").map((s) => s.trim()).filter(Boolean);
  const known: readonly string[] = [...SCENARIOS, ...BEAM_ONLY];
  const unknown = only?.filter((k) => !known.includes(k)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`beamlab bench: unknown scenario(s) ${unknown.join(", ")}; known: ${known.join(", ")}\n`);
    return 64;
  }
  const selected = (keys: readonly string[]) => keys.filter((k) => !only || only.includes(k));
  const schedulers = flags.number("schedulers") ?? 2;
  const scale = quick ? QUICK_SCALE : 1;
  const wantBeam = !flags.has("no-beam") && (!quick || flags.has("beam"));
  const log = (s: string) => process.stderr.write(s);

  const ours: Results = {};
  let failed = 0;
  for (const key of selected(SCENARIOS)) {
    log(`beamlab  ${key} … `);
    const t0 = performance.now();
    ours[key] = await runScenario(key, { scale, schedulers, trace });
    if (ours[key].error !== undefined) failed++;
    log(`${ours[key].error ?? "ok"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }

  let beam: Results | null = null;
  const elixir = wantBeam ? elixirVersion() : undefined;
  if (wantBeam && elixir === undefined) log("BEAM: not installed (no elixir on PATH)\n");
  if (elixir !== undefined) {
    beam = {};
    for (const key of selected([...SCENARIOS, ...BEAM_ONLY])) {
      log(`BEAM     ${key} … `);
      const t0 = performance.now();
      beam[key] = runBeam(key);
      log(`${beam[key].error ?? "ok"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  }

  const otp = beam && Object.values(beam).find((f) => f.otp !== undefined)?.otp;
  const host = `Node ${process.versions.node.split(".")[0]}`;
  // null tells the table elixir is missing; an empty record (BEAM not asked for) shows "—".
  const table = formatTable(ours, wantBeam ? beam : {}, { host, keys: only });
  const about = [
    `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? "cpu"} (${availableParallelism()} cores), Node ${process.version}`,
    elixir ? `${elixir}${otp ? ` (OTP ${otp})` : ""}` : "BEAM not run",
    `${schedulers} schedulers${trace ? ", recording on (--trace)" : ""}${quick ? `, --quick (scale ${scale}: figures are not comparable with the BEAM's)` : ""}`,
  ].join("; ");
  process.stdout.write(`${table}\n\n${about}\n`);
  if (!wantBeam) process.stdout.write("BEAM: not run (--no-beam or --quick)\n");

  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        host,
        node: process.version,
        cores: availableParallelism(),
        cpu: cpus()[0]?.model,
        schedulers,
        scale,
        elixir: elixir ?? null,
        otp: otp ?? null,
        ours,
        beam,
      },
      null,
      2,
    )}\n`,
  );
  log("wrote .bench/latest-node.json\n");
  return failed > 0 ? 1 : 0;
}

/**
 * What recording costs: each scenario `rounds` times with recording off and `rounds` times on,
 * alternately (so a change in the machine's load hits both), then the medians and on/off.
 */
async function traceCost(rounds: number, keys: string[], schedulers: number): Promise<number> {
  const log = (s: string) => process.stderr.write(s);
  const rows: string[] = ["| scenario | recording off (median) | recording on (median) | on/off | runs |", "| --- | --- | --- | --- | --- |"];
  let failed = 0;
  for (const key of keys) {
    const off: number[] = [];
    const on: number[] = [];
    let unit = "";
    for (let r = 0; r < rounds; r++) {
      for (const trace of [false, true]) {
        const f = await runScenario(key, { schedulers, trace });
        if (f.error !== undefined || typeof f.value !== "number") {
          failed++;
          log(`${key} (${trace ? "on" : "off"}): ${f.error ?? "no value"}\n`);
          continue;
        }
        unit = String(f.unit ?? "");
        (trace ? on : off).push(f.value);
        log(`${key} recording ${trace ? "on " : "off"}: ${f.value} ${unit}\n`);
      }
    }
    const m = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [a, b] = [m(off), m(on)];
    rows.push(`| ${key} | ${fmt(a)} ${unit} | ${fmt(b)} ${unit} | ${(b / a).toFixed(2)}× | ${off.length} + ${on.length} |`);
  }
  process.stdout.write(`${rows.join("\n")}\n\n${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? "cpu"} (${availableParallelism()} cores), Node ${process.version}, ${schedulers} schedulers; runs interleaved off/on\n`);
  return failed > 0 ? 1 : 0;
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return "—";
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k` : String(x);
}

let gcExposed = false;
/** Let the scheduler workers started after this call see `globalThis.gc` (V8 flags are per process). */
function exposeGc(): void {
  if (gcExposed) return;
  setFlagsFromString("--expose-gc");
  gcExposed = true;
}

/** `--explore N`: schedules explored per second on two example programs. */
async function exploreSpeed(runs: number, schedulers: number): Promise<number> {
  const { explore } = await import("../runtime/sim/explore");
  const [load1] = loadAverage();
  for (const name of ["race", "cross-scheduler"]) {
    const compiled = compile(readFileSync(fileURLToPath(new URL(`../runtime/cli/examples/${name}.ts`, import.meta.url)), "utf8"), { filename: `${name}.ts` });
    if (!compiled.ok) return 1;
    const r = await explore(compiled.code, { runs, schedulers });
    const steps = r.groups.length;
    process.stdout.write(
      `explore ${name}.ts: ${r.runs} schedules in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.perSecond)} per second (${steps} distinct outcome${steps === 1 ? "" : "s"})\n`,
    );
  }
  process.stdout.write(`load average ${load1.toFixed(2)} before, ${loadAverage()[0].toFixed(2)} after; ${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores\n`);
  return 0;
}

function loadAverage(): number[] {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return [0, 0, 0];
  }
}
