/**
 * Schedules: how a deterministic run makes each choice a real run leaves to chance.
 *
 *     which lane runs next      (a scheduler's slice, or a batch crossing from one scheduler to another)
 *     which runnable process    (within a scheduler's run queue)
 *     where a process is cut    (the step's reduction budget)
 *     how long a slice lasts    (when the scheduler lets other lanes in)
 *
 * Two kinds, both drawn from the seed so `--seed N` replays any run `--explore` found:
 * - **random**: every choice uniform, budgets often the BEAM's 4000 and sometimes tiny, so a
 *   process is now and then cut between two lines (where check-then-act races live);
 * - **pct**: Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010; Shuttle's
 *   `PctScheduler`): every lane gets a random priority, the highest runnable lane always
 *   runs, and at `depth - 1` random steps the running lane drops to the lowest priority.
 *   Bugs that need a few precise orderings are found with a probability that does not fall
 *   with the length of the run the way uniform choices do.
 *
 * Odd seeds use random, even seeds pct (`strategyFor(seed)`).
 *
 *     const st = strategyFor(42);            // pct
 *     st.lane([0, 3, 5]);                    // index into the lanes that have work
 *     st.choice.budget();                    // 4000, or now and then a few reductions
 *
 * Internal to the simulation.
 */
import type { SchedulingChoice } from "../kernel/scheduler-options";
import { SCHEDULER_DEFAULTS } from "../kernel/defaults";
import { below, seeded } from "./prng";

/** The kinds of schedule. */
export type StrategyKind = "random" | "pct";

/** One run's choices. */
export interface Strategy {
  readonly kind: StrategyKind;
  /** The random stream behind every choice (also the program's seeded Math.random). */
  readonly rng: () => number;
  /** Which of `lanes` (ids of the lanes that have work, ascending) runs next: an index into it. */
  lane(lanes: readonly number[]): number;
  /** The choices inside a scheduler. */
  readonly choice: SchedulingChoice;
}

/** How many PCT change points a run gets (depth d: bugs of depth ≤ d are found with probability ≥ 1/(n·k^(d-1))). */
const PCT_DEPTH = 3;
/** Steps over which PCT spreads its change points, before it knows how long a run is. */
const PCT_HORIZON = 2000;

/** The schedule seed `seed` runs under. */
export function strategyFor(seed: number, budget: number = SCHEDULER_DEFAULTS.budget): Strategy {
  const kind: StrategyKind = Math.abs(Math.trunc(seed)) % 2 === 1 ? "random" : "pct";
  const rng = seeded(seed);
  const choice = processChoice(rng, budget);
  if (kind === "random") return { kind, rng, choice, lane: (lanes) => below(rng, lanes.length) };

  const priority = new Map<number, number>();
  const changes = new Set(Array.from({ length: PCT_DEPTH - 1 }, () => below(rng, PCT_HORIZON)));
  let lowest = 0;
  let step = 0;
  return {
    kind,
    rng,
    choice,
    lane(lanes) {
      let best = 0;
      for (let i = 0; i < lanes.length; i++) {
        const p = prio(lanes[i]);
        if (p > prio(lanes[best])) best = i;
      }
      if (changes.has(step++)) priority.set(lanes[best], --lowest);
      return best;
    },
  };
  function prio(lane: number): number {
    let p = priority.get(lane);
    if (p === undefined) priority.set(lane, (p = rng()));
    return p;
  }
}

/** Run-queue order, budgets and slice lengths drawn from `rng`. */
function processChoice(rng: () => number, budget: number): SchedulingChoice {
  const logBudget = Math.log(budget);
  return {
    // Mostly the front (as a real run queue), sometimes any runnable process.
    process: (n) => (n <= 1 || rng() < 0.5 ? 0 : below(rng, n)),
    // Mostly the full budget; one step in four is cut short at a point spread log-uniformly.
    budget: () => (rng() < 0.75 ? budget : Math.max(1, Math.floor(Math.exp(rng() * logBudget)))),
    sliceMs: () => 0.05 + rng() * (SCHEDULER_DEFAULTS.sliceMs - 0.05),
  };
}
