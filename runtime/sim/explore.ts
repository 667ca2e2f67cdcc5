/**
 * Explore: run a program under many seeds and group what happened, so a race that shows up
 * once in a hundred runs is found in seconds and replayed by its seed.
 *
 *     const r = await explore(code, { runs: 500 });
 *     r.groups   // [{ count: 497, firstSeed: 1, status: "normal", output: ["visits: 10"] },
 *                //  { count: 3, firstSeed: 138, status: "normal", output: ["visits: 9"] }]
 *     // beamlab run prog.ts --seed 138   ← replays the second group's run exactly
 *
 * Two runs are in the same group when they ended the same way (status and message) and
 * printed the same lines, pids and refs aside (`#PID<0.4.0>` and `#PID<0.6.0>` crashing
 * the same way are one outcome). Seeds alternate between random and PCT schedules (strategy.ts).
 *
 * Mirrors Concuerror's report of distinct interleavings found, and awslabs Shuttle's
 * `check_random` / `check_pct` printing the schedule that failed.
 */
import type { OutputLine } from "../kernel/protocol";
import { Simulation, type SimOptions, type SimStatus } from "./simulation";

/** How to explore. */
export interface ExploreOptions extends Omit<SimOptions, "seed" | "onOutput" | "onStep" | "trace"> {
  /** How many seeds (default 100). */
  runs?: number;
  /** The first seed (default 1): seeds `from`, `from + 1`, ... */
  from?: number;
  /** After each run (a host showing progress); return false to stop early. */
  onRun?: (done: number, groups: readonly OutcomeGroup[]) => boolean | void;
}

/** Runs that ended alike. */
export interface OutcomeGroup {
  status: SimStatus;
  message: string;
  /** What the runs printed (every line, crash reports included). */
  output: string[];
  /** The first run's lines, with their kind and pid (what lesson checks read). */
  lines: OutputLine[];
  count: number;
  firstSeed: number;
  /** Up to 10 seeds of the group. */
  seeds: number[];
}

/** What an exploration found. */
export interface ExploreResult {
  runs: number;
  groups: OutcomeGroup[];
  /** Real time it took, ms, and schedules explored per second. */
  ms: number;
  perSecond: number;
}

/** Run `code` (compiled) under `opts.runs` seeds; see the file comment. */
export async function explore(code: string, opts: ExploreOptions = {}): Promise<ExploreResult> {
  const runs = opts.runs ?? 100;
  const from = opts.from ?? 1;
  const groups = new Map<string, OutcomeGroup>();
  const t0 = performance.now();
  let done = 0;
  for (let seed = from; seed < from + runs; seed++) {
    const r = await new Simulation(code, { ...opts, seed, haltWhenMainExits: opts.haltWhenMainExits ?? true }).run();
    const output = r.output.map((l) => l.text);
    // Pids and refs differ between interleavings that do the same thing: not a difference.
    const key = JSON.stringify([r.status, r.message, output]).replace(/#(PID|Reference)<[\d.]+>/g, "#$1<…>");
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { status: r.status, message: r.message, output, lines: r.output, count: 1, firstSeed: seed, seeds: [seed] });
    else {
      g.count++;
      if (g.seeds.length < 10) g.seeds.push(seed);
    }
    done++;
    if (opts.onRun?.(done, [...groups.values()]) === false) break;
  }
  const ms = performance.now() - t0;
  return { runs: done, groups: [...groups.values()].sort((a, b) => b.count - a.count), ms, perSecond: done / (ms / 1000) };
}
