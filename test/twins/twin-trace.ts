/**
 * Twin traces: a Beamlab program and its Elixir twin must print the same lines. Test support
 * (internal): the program runs through the compiler and the Node runner on 2 worker threads;
 * the reference is `elixir test/elixir/<name>.exs` when elixir is on PATH, otherwise the
 * checked-in `<name>.expected` recorded from real Elixir, so a trace test never passes
 * without a reference. With `CI` set a missing elixir is a failure (.ci/run installs it).
 *
 *     test/twins/exit-truth-table.ts   ──► Node runner ──┐
 *                                                         ├─ normalise ─► equal, line by line
 *     test/elixir/exit_truth_table.exs ──► elixir ───────┘   (or exit_truth_table.expected)
 *
 * Both sides are normalised the same way and otherwise compared strictly: pids print as
 * `#PID<…>` and refs as `#Reference<…>` (their numbers differ between the two systems).
 *
 * A difference found and reported but not fixed yet is written down, line by line, as a
 * `KnownDifference`: the test then holds the program to exactly that difference, and fails
 * (saying to drop it) once the runtime prints what Elixir prints.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { compile } from "../../runtime/compile/index";
import { runOnNode } from "../../runtime/host/node-host";
import { elixirVersion, runElixir } from "../../scripts/elixir-twins.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
let elixir: string | undefined | null = null;
let noted = false;

/** Pids and refs without their numbers, on both sides: `#PID<0.42.1>` → `#PID<…>`. */
export function normalise(line: string): string {
  return line.replace(/#PID<\d+\.\d+\.\d+>/g, "#PID<…>").replace(/#Reference<[\d.]+>/g, "#Reference<…>");
}

/** Output as lines, exactly (only the final newline dropped). */
const toLines = (text: string): string[] => text.trimEnd().split("\n");

const traces = new Map<string, Promise<{ lines: string[]; from: string }>>();

/**
 * The reference trace and where it came from: elixir's output, or the .expected file when
 * elixir is not installed (one run per twin, shared by its two tests). A twin that elixir
 * runs but that fails is an error, not a fallback; so is a missing elixir in CI.
 */
function elixirTrace(name: string): Promise<{ lines: string[]; from: string }> {
  let trace = traces.get(name);
  if (!trace) {
    trace = (async () => {
      if (elixir === null) elixir = elixirVersion();
      if (elixir) {
        const r = await runElixir(`test/elixir/${name}.exs`, { cwd: root, timeoutMs: 60_000 });
        if (r.error !== undefined || r.status !== 0) {
          const why = r.error ?? `exit ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`;
          throw new Error(`elixir test/elixir/${name}.exs failed (${why})`);
        }
        return { lines: toLines(r.stdout), from: "elixir" };
      }
      if (process.env.CI) throw new Error("elixir is not on PATH: in CI (CI is set) the twin traces are compared with the real BEAM; .ci/run installs Debian's elixir and erlang-base");
      if (!noted) {
        noted = true;
        console.warn("twin traces: `elixir` is not on PATH, so the programs are compared with the recorded test/elixir/*.expected traces instead of a fresh run on the BEAM");
      }
      return { lines: toLines(readFileSync(`${root}test/elixir/${name}.expected`, "utf8")), from: `${name}.expected` };
    })();
    traces.set(name, trace);
  }
  return trace;
}

/** Runs a twin program (a file under test/twins/) on the Node runner, 2 schedulers; its stdout, as lines. */
export async function runTwin(program: string): Promise<string[]> {
  const compiled = compile(readFileSync(fileURLToPath(new URL(`./${program}`, import.meta.url)), "utf8"));
  if (!compiled.ok) throw new Error(`${program} does not compile: ${JSON.stringify(compiled.errors)}`);
  const run = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 20_000 });
  // One entry per write; an IO.inspect that wraps writes several lines at once.
  const ours = run.output.filter((l) => l.kind === "out").flatMap((l) => l.text.split("\n"));
  const errs = run.output.filter((l) => l.kind !== "out").map((l) => l.text);
  expect(run.status, `${program} ended ${run.status}; it printed:\n${[...ours, ...errs].join("\n")}`).toBe("normal");
  return ours;
}

/** A line where Beamlab prints something else than Elixir (1-based, normalised; "(none)" past the end). */
export interface DifferingLine {
  line: number;
  ours: string;
  elixir: string;
}

/** A remaining difference between a twin and its Elixir twin, reported and awaiting a fix. */
export interface KnownDifference {
  /** What differs and where it was reported. */
  because: string;
  lines: DifferingLine[];
}

/** The lines where two normalised traces differ. */
export function differingLines(ours: string[], elixir: string[]): DifferingLine[] {
  const out: DifferingLine[] = [];
  for (let i = 0; i < Math.max(ours.length, elixir.length); i++) {
    if (ours[i] !== elixir[i]) out.push({ line: i + 1, ours: ours[i] ?? "(none)", elixir: elixir[i] ?? "(none)" });
  }
  return out;
}

/**
 * Define the two tests of a twin trace: `program` (a file beside this one) prints exactly the
 * Elixir twin's lines (normalised); and the checked-in expected file is in step with the .exs.
 */
export function twinTrace(name: string, program: string, what: string, minLines: number, known?: KnownDifference): void {
  const title = known
    ? `prints the Elixir twin's trace but for a known difference (${what}; ${known.because})`
    : `prints the same trace as the Elixir twin (${what})`;
  it(title, async () => {
    const [ours, { lines, from }] = await Promise.all([runTwin(program), elixirTrace(name)]);
    expect(lines.length, `reference trace from ${from}`).toBeGreaterThan(minLines);
    if (!known) return expect(ours.map(normalise), `${program} compared with ${from}`).toEqual(lines.map(normalise));
    const diff = differingLines(ours.map(normalise), lines.map(normalise));
    expect(diff.length, `${program} now prints what ${from} prints: the known difference is gone, drop it from the test`).toBeGreaterThan(0);
    expect(diff, `${program} compared with ${from}: the differences are not the known ones`).toEqual(known.lines);
  }, 90_000);

  it("keeps the checked-in expected trace in step with the .exs (when elixir is installed)", async () => {
    const { lines, from } = await elixirTrace(name);
    if (from !== "elixir") return; // nothing to check it against here
    const recorded = toLines(readFileSync(`${root}test/elixir/${name}.expected`, "utf8"));
    expect(recorded.map(normalise), `test/elixir/${name}.expected (record it: elixir test/elixir/${name}.exs > test/elixir/${name}.expected)`).toEqual(
      lines.map(normalise),
    );
  }, 90_000);
}
