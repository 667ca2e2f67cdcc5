/**
 * What a program sees of time and chance in a deterministic run.
 *
 *     Date.now(), new Date()       the virtual clock, from a fixed epoch (2026-01-01T00:00:00Z)
 *     performance.now()            the virtual clock, ms since the run started
 *     Math.random()                the run's seeded stream
 *     setTimeout / setInterval     refused, with a pointer to Process.sendAfter / Process.sleep
 *     console.log / warn / error   the run's output, tagged with the printing process (as in a real run)
 *
 * They are passed to the program as parameters that shadow the real globals
 * (`loadProgram(code, require, bl, virtualGlobals(...))`), so the runtime around the program
 * keeps the real ones. `globalThis.Date` still reaches the real clock: the README says so.
 *
 * Mirrors what a simulation test harness does to a system under test (FoundationDB's
 * deterministic simulation: time and randomness come from the simulator).
 */
import type { Clock } from "../kernel/clock";
import { inspect } from "../kernel/inspect";

/** The wall-clock time a deterministic run starts at: 2026-01-01T00:00:00Z. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);

/** The globals a program sees in a deterministic run on `clock`, drawing chance from `random`, printing with `print`. */
export function virtualGlobals(
  clock: Clock,
  random: () => number,
  print: (kind: "out" | "error", text: string) => void,
): Record<string, unknown> {
  const RealDate = Date;
  const wall = () => VIRTUAL_EPOCH_MS + Math.floor(clock.now());
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(wall());
      else super(...(args as [number]));
    }
    static now(): number {
      return wall();
    }
  }
  const VirtualMath = Object.create(Math) as Math;
  Object.defineProperty(VirtualMath, "random", { value: random });
  const refuse = (name: string) => () => {
    throw new Error(
      `${name} is not available in a deterministic run (its callback would run outside any process, on real time): ` +
        "use Process.sendAfter or Process.sleep",
    );
  };
  const write = (kind: "out" | "error") => (...args: unknown[]) =>
    print(kind, args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
  const out = write("out");
  const err = write("error");
  return {
    console: Object.freeze({ ...console, log: out, info: out, debug: out, warn: err, error: err }),
    Date: VirtualDate,
    Math: VirtualMath,
    performance: Object.freeze({ now: () => clock.now(), timeOrigin: VIRTUAL_EPOCH_MS }),
    setTimeout: refuse("setTimeout"),
    setInterval: refuse("setInterval"),
    setImmediate: refuse("setImmediate"),
  };
}
