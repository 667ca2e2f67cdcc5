/**
 * The benchmark report: reads the figures the scenarios print and lays them out beside
 * the BEAM's, each row judged against its target from issue 3.
 *
 *     scenario program ──"BENCH {json}"──► parseBenchLines ──┐
 *     bench/beam/<key>.exs ──last stdout line {json}──► parseBeamOutput ──┤
 *                                                             └──► formatTable ──► markdown table
 *
 *     const ours = parseBenchLines(run.output.map((l) => l.text));
 *     const beam = { ring: parseBeamOutput(stdout) };
 *     console.log(formatTable(ours, beam, { host: "Node 20" }));
 *
 * Pure functions with no Node-only imports: the Node bench (bench/node.ts) and the
 * Chromium bench both use it. Figures keep the BEAM scripts' field names and units
 * (bench/beam/README.md): `value` + `unit`, fairness `p50_us/p99_us/max_us`, million `ms`
 * + `bytes_per_process`.
 */

/** One scenario's figures, as printed (a failed run carries `error` instead). */
export interface Figures {
  key: string;
  value?: number;
  unit?: string;
  error?: string;
  [field: string]: unknown;
}

/** Figures by scenario key. */
export type Results = Record<string, Figures>;

/** Our scenarios, in report order (bench/scenarios/<key>.ts). */
export const SCENARIOS = [
  "idle_memory",
  "spawn_rate",
  "local_throughput",
  "ping_pong",
  "ring",
  "cross_scheduler",
  "fairness",
  "million",
  "genserver_call",
  "genstage_pipeline",
] as const;

/** BEAM-only rows (bench/beam/<key>.exs with no Beamlab twin yet). */
export const BEAM_ONLY = [] as const;

/** The prefix of the one line each scenario prints. */
export const BENCH_PREFIX = "BENCH ";

/** The line each scenario declares and the harness rewrites to shrink it (`--quick`). */
export const SCALE_LINE = "const SCALE = 1;";

/** `source` with its `const SCALE = 1;` replaced by `scale`; throws if the line is missing. */
export function withScale(source: string, scale: number): string {
  if (scale === 1) return source;
  if (!source.includes(SCALE_LINE)) throw new Error(`scenario has no "${SCALE_LINE}" line to scale`);
  return source.replace(SCALE_LINE, `const SCALE = ${scale};`);
}

/** The figures of every well-formed `BENCH {json}` line in `output` (the last wins per key). */
export function parseBenchLines(output: string[]): Results {
  const results: Results = {};
  for (const line of output) {
    const text = line.trim();
    if (!text.startsWith(BENCH_PREFIX)) continue;
    const figures = parseFigures(text.slice(BENCH_PREFIX.length));
    if (figures) results[figures.key] = figures;
  }
  return results;
}

/** The figures a BEAM script printed: its last non-empty stdout line, a JSON object. */
export function parseBeamOutput(stdout: string): Figures | undefined {
  const lines = stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines.length === 0 ? undefined : parseFigures(lines[lines.length - 1]);
}

function parseFigures(json: string): Figures | undefined {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Figures).key === "string") return v as Figures;
  } catch {
    // not a figures line
  }
  return undefined;
}

/** How a row is judged. */
type Target =
  | { kind: "ratio"; atLeast?: number; atMost?: number; fallbackMax?: number }
  | { kind: "absolute"; atLeast?: number; atMost?: number }
  | { kind: "completes" }
  | { kind: "none" };

interface Row {
  key: string;
  label: string;
  /** The headline number (compared for the ratio). */
  headline: (f: Figures) => number | undefined;
  cell: (f: Figures) => string;
  target: Target;
  targetText: string;
}

const rate = (f: Figures) => `${si(num(f.value))}/s`;
const value = (f: Figures) => num(f.value);

const ROWS: Row[] = [
  {
    key: "idle_memory",
    label: "memory per idle process",
    headline: value,
    cell: (f) => bytes(num(f.value)),
    // Issue 3: ≤ 0.4× the BEAM's; without a BEAM figure, the absolute 1 KB it stands for.
    target: { kind: "ratio", atMost: 0.4, fallbackMax: 1024 },
    targetText: "≤ 0.4× BEAM (≤ 1 KB)",
  },
  { key: "spawn_rate", label: "spawn rate", headline: value, cell: rate, target: { kind: "ratio", atLeast: 1 }, targetText: "≥ 1×" },
  { key: "local_throughput", label: "local throughput (1 scheduler)", headline: value, cell: rate, target: { kind: "ratio", atLeast: 0.5 }, targetText: "≥ 0.5×" },
  { key: "ping_pong", label: "ping-pong round trips", headline: value, cell: rate, target: { kind: "ratio", atLeast: 0.5 }, targetText: "≥ 0.5×" },
  { key: "ring", label: "ring hops (10k processes)", headline: value, cell: rate, target: { kind: "ratio", atLeast: 0.5 }, targetText: "≥ 0.5×" },
  {
    key: "cross_scheduler",
    label: "cross-scheduler throughput",
    headline: value,
    cell: rate,
    target: { kind: "absolute", atLeast: 2_000_000 },
    targetText: "≥ 2 M/s",
  },
  {
    key: "fairness",
    label: "fairness: ping under load",
    headline: (f) => num(f.p99_us),
    cell: (f) => `p99 ${micros(num(f.p99_us))} (p50 ${micros(num(f.p50_us))}, max ${micros(num(f.max_us))})`,
    target: { kind: "absolute", atMost: 1000 },
    targetText: "p99 ≤ 1 ms",
  },
  {
    key: "million",
    label: "1M idle processes",
    headline: (f) => num(f.ms),
    cell: (f) => `${seconds(num(f.ms))}, ${bytes(num(f.bytes_per_process))}/proc`,
    target: { kind: "completes" },
    targetText: "completes",
  },
  { key: "genserver_call", label: "GenServer.call", headline: value, cell: rate, target: { kind: "none" }, targetText: "—" },
  { key: "genstage_pipeline", label: "GenStage pipeline", headline: value, cell: rate, target: { kind: "none" }, targetText: "—" },
];

/** Options for `formatTable`. */
export interface TableOptions {
  /** Where our figures were measured, shown in the Beamlab column's header. */
  host: "Node 20" | "Chromium" | (string & {});
  /** Only these scenarios' rows (default: every row). */
  keys?: readonly string[];
}

/**
 * A markdown table: scenario | Beamlab | BEAM | ratio | target, one row per scenario,
 * each marked ✓ or ✗ against its target (no mark where it cannot be judged). `beam`
 * null means elixir is not installed: the BEAM column says so.
 */
export function formatTable(ours: Results, beam: Results | null, opts: TableOptions): string {
  const header = ["scenario", `Beamlab (${opts.host})`, "BEAM", "ratio", "target"];
  const rows = ROWS.filter((row) => !opts.keys || opts.keys.includes(row.key)).map((row) => {
    const o = ours[row.key];
    const b = beam?.[row.key];
    const mine = usable(o, row);
    const theirs = usable(b, row);
    const ratio = mine !== undefined && theirs !== undefined && theirs !== 0 ? mine / theirs : undefined;
    const mark = judge(row.target, o, mine, ratio);
    return [
      row.label,
      o === undefined ? "—" : o.error !== undefined ? `failed: ${o.error}` : mine === undefined ? "—" : row.cell(o),
      beam === null ? "not installed" : b === undefined ? "—" : b.error !== undefined ? `failed: ${b.error}` : theirs === undefined ? "—" : row.cell(b),
      ratio === undefined ? "—" : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`,
      mark === undefined ? row.targetText : `${row.targetText} ${mark}`,
    ];
  });
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  if (beam === null) lines.push("", "BEAM: not installed (install elixir to run bench/beam/ beside our scenarios).");
  return lines.join("\n");
}

function usable(f: Figures | undefined, row: Row): number | undefined {
  if (f === undefined || f.error !== undefined) return undefined;
  return row.headline(f);
}

function judge(t: Target, f: Figures | undefined, mine: number | undefined, ratio: number | undefined): "✓" | "✗" | undefined {
  if (t.kind === "none") return undefined;
  if (f !== undefined && f.error !== undefined) return "✗";
  if (mine === undefined) return undefined;
  const within = (x: number, lo?: number, hi?: number) => (lo === undefined || x >= lo) && (hi === undefined || x <= hi);
  switch (t.kind) {
    case "completes":
      return "✓";
    case "absolute":
      return within(mine, t.atLeast, t.atMost) ? "✓" : "✗";
    case "ratio":
      if (ratio !== undefined) return within(ratio, t.atLeast, t.atMost) ? "✓" : "✗";
      if (t.fallbackMax !== undefined) return mine <= t.fallbackMax ? "✓" : "✗";
      return undefined;
  }
}

function num(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}

/** 1634000 → "1.63 M", 85300 → "85.3 k", 512 → "512". */
function si(x: number | undefined): string {
  if (x === undefined) return "—";
  const [div, suffix] = x >= 1e9 ? [1e9, " G"] : x >= 1e6 ? [1e6, " M"] : x >= 1e3 ? [1e3, " k"] : [1, ""];
  const v = x / div;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}${suffix}`;
}

function bytes(x: number | undefined): string {
  if (x === undefined) return "—";
  return x >= 1024 ? `${(x / 1024).toFixed(2)} KB` : `${Math.round(x)} B`;
}

function micros(x: number | undefined): string {
  if (x === undefined) return "—";
  return x >= 1000 ? `${(x / 1000).toFixed(1)} ms` : `${Math.round(x)} µs`;
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
