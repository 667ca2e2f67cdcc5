import { describe, expect, it } from "vitest";
import {
  Exit, Kill, TIMEOUT, isPid, isRef, makePid, makeRef, pidId, pidScheduler, refScheduler, rethrowIfKill,
} from "./term.ts";

describe("pid", () => {
  it("prints like Elixir with the scheduler as the last number", () => {
    expect(makePid(1, 42)).toBe("#PID<0.42.1>");
    expect(makePid(0, 0)).toBe("#PID<0.0.0>");
  });

  it("compares with === and survives structured clone", () => {
    const a = makePid(3, 7);
    expect(a === makePid(3, 7)).toBe(true);
    expect(structuredClone(a) === a).toBe(true);
    expect(a === makePid(7, 3)).toBe(false);
  });

  it("gives back the scheduler and id it was made from", () => {
    for (const [s, id] of [[0, 0], [63, 1], [9, 123456789], [12, Number.MAX_SAFE_INTEGER]]) {
      const pid = makePid(s, id);
      expect(pidScheduler(pid)).toBe(s);
      expect(pidId(pid)).toBe(id);
    }
  });

  it("rejects a scheduler outside 0..63 and a bad id", () => {
    expect(() => makePid(64, 1)).toThrow(RangeError);
    expect(() => makePid(-1, 1)).toThrow(RangeError);
    expect(() => makePid(1.5, 1)).toThrow(RangeError);
    expect(() => makePid(0, -1)).toThrow(RangeError);
    expect(() => makePid(0, 0.5)).toThrow(RangeError);
  });

  it("is recognised by isPid and nothing else is", () => {
    expect(isPid(makePid(2, 5))).toBe(true);
    expect(isPid("ok")).toBe(false);
    expect(isPid(makeRef(0, 1))).toBe(false);
    expect(isPid(42)).toBe(false);
    expect(isPid(undefined)).toBe(false);
  });
});

describe("ref", () => {
  it("prints in four parts: 0, scheduler, high and low halves of the counter", () => {
    expect(makeRef(2, 7)).toBe("#Reference<0.2.0.7>");
    expect(makeRef(0, 2 ** 32 + 5)).toBe("#Reference<0.0.1.5>");
  });

  it("never repeats across counters or schedulers", () => {
    const seen = new Set<string>();
    for (const s of [0, 1, 10, 63]) {
      for (const n of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER]) seen.add(makeRef(s, n));
    }
    expect(seen.size).toBe(4 * 6);
  });

  it("gives back the scheduler that made it", () => {
    for (const s of [0, 5, 63]) expect(refScheduler(makeRef(s, 99))).toBe(s);
  });

  it("is recognised by isRef and a pid is not", () => {
    expect(isRef(makeRef(1, 1))).toBe(true);
    expect(isRef(makePid(1, 1))).toBe(false);
    expect(isRef({})).toBe(false);
  });
});

describe("Exit", () => {
  it("is an Error carrying its reason, catchable", () => {
    const reason = ["timeout", ["GenServer", "call", []]];
    let caught: unknown;
    try { throw new Exit(reason); } catch (e) { rethrowIfKill(e); caught = e; }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Exit).reason).toBe(reason);
    expect((caught as Exit).name).toBe("Exit");
    expect((caught as Exit).message).toBe('exit({:timeout, {GenServer, :call, []}})');
  });
});

describe("Kill", () => {
  it("passes through a catch block that calls rethrowIfKill", () => {
    const run = () => {
      try { throw new Kill("kill"); } catch (e) { rethrowIfKill(e); return "swallowed"; }
    };
    expect(run).toThrow(Kill);
    expect(new Kill("kill").name).toBe("Kill");
  });

  it("is not confused with an Exit or a plain error", () => {
    expect(() => rethrowIfKill(new Exit("normal"))).not.toThrow();
    expect(() => rethrowIfKill(new Error("x"))).not.toThrow();
    expect(() => rethrowIfKill("kill")).not.toThrow();
  });
});

describe("TIMEOUT", () => {
  it("is one shared symbol distinct from any message", () => {
    expect(typeof TIMEOUT).toBe("symbol");
    expect(TIMEOUT).toBe(Symbol.for("beamlab.timeout"));
    expect(TIMEOUT === ("timeout" as unknown)).toBe(false);
  });
});
