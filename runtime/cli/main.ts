/**
 * The `beamlab` command-line runner.
 *
 *     npx beamlab run FILE.ts [--no-halt] [--schedulers N] [--timeout MS] [--budget R] [--max-mailbox N]
 *                             [--max-processes N] [--sync-limit MS] [--stuck-ms MS] [--trace run.json] [--allow-host]
 *                             [--seed N [--faults kill:NAME@120ms,...]] [--explore RUNS [--seed FIRST]]
 *     npx beamlab trace run.json --mermaid [--only name,name]
 *     npx beamlab bench [--quick] [--only key,key] [--no-beam]
 *
 * `run` compiles the program with the same transpile/instrument pipeline as the page and
 * runs it on Node worker threads with the same runtime. Like `elixir script.exs`, the run
 * ends when main returns, whatever other processes still do; `--no-halt` (as
 * `mix run --no-halt`) waits until nothing is left, a deadlock or the timeout. Output goes to
 * stdout (crash reports to stderr); the exit code is 0 when the run ends normally, 1 when
 * main crashes (or a linked process's exit takes it down), 2 on a compile error, 3 on timeout
 * or deadlock, 4 when a scheduler fails (memory). `--trace` writes the run's recording as JSON
 * (host/trace-store.ts `TraceFile`); `trace --mermaid` prints one as a Mermaid sequenceDiagram.
 *
 * `--seed N` makes the run deterministic (runtime/sim): every scheduler simulated on this
 * thread on virtual time, each choice drawn from the seed, so the same seed prints the same
 * output and writes the same recording every time. `--faults` adds faults to it. `--explore
 * RUNS` runs seeds FIRST.. (default 1..RUNS), groups the outcomes and prints the first seed of
 * each group; it exits 0 when every run ended normally with the same output, 1 otherwise.
 *
 * Without `--allow-host` the program gets no host access (no files, network, environment or
 * child processes): the run happens in a sandboxed child process (cli/sandbox.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { compile } from "../compile/index";
import { describeEnd, runOnNode } from "../host/node-host";
import { mermaid } from "../host/mermaid";
import { SCHEDULER_DEFAULTS, stuckMsFor, type RunSettings } from "../host/settings";
import type { TraceFile } from "../host/trace-store";
import { parseArgs } from "./args";
import { Simulation, type SimOptions } from "../sim/simulation";
import { explore } from "../sim/explore";
import { formatFaults, parseFaults, type Fault } from "../sim/faults";
import type { MakeFunction } from "../compile/load";
import { lockNodeWorker, vmFunction } from "../host/node-sandbox";
import { inSandbox } from "./sandbox";
import { RUN_BOOLEAN_FLAGS, sandboxedRerun } from "./sandbox";

const D = SCHEDULER_DEFAULTS;
const USAGE = `usage:
  beamlab run FILE.ts [--no-halt] [--schedulers N] [--timeout MS] [--budget R] [--max-mailbox N] [--max-processes N]
                      [--sync-limit MS] [--stuck-ms MS] [--trace run.json] [--allow-host]
                      [--seed N [--faults kill:NAME@120ms,kill:#PID<0.7.0>@#340]] [--explore RUNS [--seed FIRST]]
  beamlab trace run.json --mermaid [--only name,name]
  beamlab bench [--quick] [--only key,key] [--no-beam] [--schedulers N]
the run ends when main returns (as elixir script.exs); --no-halt waits for every process and timer
--seed N: a deterministic run (one thread, virtual time; --timeout in virtual ms); --explore RUNS: many seeds, grouped
--allow-host gives the program the host (files, network, environment); without it the run is sandboxed
defaults: --schedulers one per core, no --timeout, --budget ${D.budget}, --max-mailbox ${D.maxMailbox},
  --max-processes ${D.maxProcesses}, --sync-limit ${D.syncLimitMs}, --stuck-ms ${stuckMsFor(D.syncLimitMs)}`;

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "run") return runCommand(rest);
  if (cmd === "trace") return traceCommand(rest);
  if (cmd === "bench") {
    // The benchmark lives in bench/, outside the runtime: loaded only when asked for.
    const { benchCommand } = await import("../../bench/node");
    return benchCommand(rest);
  }
  process.stderr.write(`${cmd ? `unknown command: ${cmd}\n` : ""}${USAGE}\n`);
  return cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 64;
}

async function runCommand(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, RUN_BOOLEAN_FLAGS);
  const file = positional[0];
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    process.stderr.write(`beamlab: cannot read ${file}: ${(e as Error).message}\n`);
    return 66;
  }
  // No host access unless asked for: the run starts again in a sandboxed Node (cli/sandbox.ts;
  // bin/beamlab.mjs does it before loading this file, this is for other callers of cli()).
  const rerun = sandboxedRerun(["run", ...argv]);
  if (rerun !== null) return rerun;
  const deterministic = flags.has("seed") || flags.has("explore");
  const compiled = compile(source, { filename: file });
  if (!compiled.ok) {
    for (const e of compiled.errors) process.stderr.write(`${file}:${e.line}:${e.column}: error: ${e.message}\n`);
    return 2;
  }
  // A flag left out is undefined: the run takes its default (host/settings.ts).
  const settings: RunSettings = {
    schedulers: flags.number("schedulers"),
    timeoutMs: flags.number("timeout"),
    budget: flags.number("budget"),
    maxMailbox: flags.number("max-mailbox"),
    maxProcesses: flags.number("max-processes"),
    syncLimitMs: flags.number("sync-limit"),
    stuckMs: flags.number("stuck-ms"),
    haltWhenMainExits: !flags.has("no-halt"),
    trace: flags.has("trace"),
  };
  const sandbox = !flags.has("allow-host");
  // A deterministic run loads the program on this thread: in the sandbox, lock it as a worker is.
  if (deterministic && sandbox && inSandbox()) lockNodeWorker(true);
  const makeFunction = deterministic && sandbox && inSandbox() ? vmFunction : undefined;
  const traceFile = flags.string("trace");
  if (flags.has("trace") && traceFile === undefined) {
    process.stderr.write(`beamlab: --trace needs a file name (--trace run.json)\n`);
    return 64;
  }
  if (flags.has("explore")) return exploreCommand(compiled.code, settings, flags.number("explore") ?? 100, flags.number("seed") ?? 1, makeFunction);
  if (flags.has("seed")) {
    let faults: Fault[] = [];
    try {
      faults = parseFaults(flags.string("faults") ?? "");
    } catch (e) {
      process.stderr.write(`beamlab: ${(e as Error).message}\n`);
      return 64;
    }
    return seededCommand(compiled.code, settings, flags.number("seed")!, faults, traceFile, makeFunction);
  }
  if (flags.has("faults")) {
    process.stderr.write("beamlab: --faults needs --seed (faults happen in deterministic runs)\n");
    return 64;
  }
  const result = await runOnNode(compiled.code, {
    ...settings,
    sandbox,
    onOutput: (l) => (l.kind === "out" ? process.stdout : process.stderr).write(`${l.text}\n`),
  });
  const note = describeEnd(result);
  if (note) process.stderr.write(`${note}\n`);
  if (traceFile !== undefined && result.trace) {
    try {
      writeFileSync(traceFile, `${JSON.stringify(result.trace.toJSON())}\n`);
    } catch (e) {
      process.stderr.write(`beamlab: cannot write ${traceFile}: ${(e as Error).message}\n`);
      return 73;
    }
  }
  switch (result.status) {
    case "normal":
      return 0;
    case "crashed":
      return 1;
    case "timeout":
    case "deadlock":
      return 3;
    default:
      return 4;
  }
}

/** `run --seed N`: one deterministic run, printed as a real run is. */
async function seededCommand(
  code: string,
  settings: RunSettings,
  seed: number,
  faults: Fault[],
  traceFile: string | undefined,
  makeFunction: MakeFunction | undefined,
): Promise<number> {
  const sim = new Simulation(code, {
    ...simSettings(settings),
    makeFunction,
    seed,
    faults,
    trace: traceFile !== undefined,
    onOutput: (l) => (l.kind === "out" ? process.stdout : process.stderr).write(`${l.text}\n`),
  });
  const r = await sim.run();
  if (r.message) process.stderr.write(`${r.message}\n`);
  process.stderr.write(
    `(deterministic run: seed ${seed}, ${r.strategy} schedule, ${r.steps} decisions, ${r.virtualMs.toFixed(3)} virtual ms` +
      `${r.faults.length > 0 ? `, faults ${formatFaults(r.faults)}` : ""})\n`,
  );
  if (traceFile !== undefined && r.trace !== null) {
    try {
      writeFileSync(traceFile, `${JSON.stringify(r.trace)}\n`);
    } catch (e) {
      process.stderr.write(`beamlab: cannot write ${traceFile}: ${(e as Error).message}\n`);
      return 73;
    }
  }
  return r.status === "normal" ? 0 : r.status === "crashed" ? 1 : r.status === "timeout" || r.status === "deadlock" ? 3 : 4;
}

/** `run --explore RUNS`: many seeds, the outcomes grouped, a seed to replay each. */
async function exploreCommand(code: string, settings: RunSettings, runs: number, from: number, makeFunction: MakeFunction | undefined): Promise<number> {
  const r = await explore(code, { ...simSettings(settings), runs, from, makeFunction });
  const file = process.argv.slice(2).find((a) => a.endsWith(".ts")) ?? "FILE.ts";
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  process.stdout.write(
    `explored ${plural(r.runs, "schedule")} (seeds ${from}..${from + r.runs - 1}) in ${(r.ms / 1000).toFixed(1)} s, ` +
      `${Math.round(r.perSecond)} per second: ${plural(r.groups.length, "distinct outcome")}\n`,
  );
  for (const g of r.groups) {
    const pct = ((100 * g.count) / r.runs).toFixed(g.count * 100 < r.runs ? 1 : 0);
    process.stdout.write(`\n${String(g.count).padStart(6)} ${g.count === 1 ? "run " : "runs"} (${pct}%)  ${g.status}${g.message ? `: ${g.message.replace(/^\*\* /, "")}` : ""}\n`);
    const shown = g.output.slice(-6);
    if (g.output.length > shown.length) process.stdout.write(`        … ${g.output.length - shown.length} earlier lines\n`);
    for (const line of shown) process.stdout.write(`        | ${line.split("\n")[0].slice(0, 120)}\n`);
    process.stdout.write(`        replay: beamlab run ${file} --seed ${g.firstSeed}${settings.schedulers ? ` --schedulers ${settings.schedulers}` : ""}\n`);
  }
  const clean = r.groups.length === 1 && r.groups[0].status === "normal";
  return clean ? 0 : 1;
}

/** The runner's settings as a deterministic run takes them (--timeout is virtual ms there). */
function simSettings(s: RunSettings): Omit<SimOptions, "seed"> {
  return {
    schedulers: s.schedulers ?? 2,
    timeoutMs: s.timeoutMs,
    budget: s.budget,
    maxMailbox: s.maxMailbox,
    maxProcesses: s.maxProcesses,
    syncLimitMs: s.syncLimitMs,
    haltWhenMainExits: s.haltWhenMainExits,
  };
}

/** `beamlab trace run.json --mermaid [--only name,name]`: a recording as a Mermaid sequenceDiagram on stdout. */
function traceCommand(argv: string[]): number {
  const { positional, flags } = parseArgs(argv, ["mermaid"]);
  const file = positional[0];
  if (!file || !flags.has("mermaid")) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  let trace: TraceFile;
  try {
    trace = JSON.parse(readFileSync(file, "utf8")) as TraceFile;
  } catch (e) {
    process.stderr.write(`beamlab: cannot read ${file}: ${(e as Error).message}\n`);
    return 66;
  }
  const only = flags.string("only")?.split(",").map((s) => s.trim()).filter(Boolean);
  try {
    process.stdout.write(`${mermaid(trace, { only })}\n`);
  } catch (e) {
    process.stderr.write(`beamlab: ${file}: ${(e as Error).message}\n`);
    return 65;
  }
  return 0;
}
