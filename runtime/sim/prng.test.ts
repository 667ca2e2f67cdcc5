import { describe, expect, it } from "vitest";
import { below, seeded } from "./prng";

describe("seeded", () => {
  it("draws the same stream from the same seed", () => {
    const a = seeded(42);
    const b = seeded(42);
    const xs = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(xs);
  });

  it("draws different streams from neighbouring seeds, spread over [0, 1)", () => {
    const one = Array.from({ length: 1000 }, seeded(1));
    const two = Array.from({ length: 1000 }, seeded(2));
    expect(one).not.toEqual(two);
    const mean = one.reduce((x, y) => x + y, 0) / one.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(Math.min(...one)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...one)).toBeLessThan(1);
  });

  it("picks every index below n", () => {
    const rng = seeded(7);
    const seen = new Set(Array.from({ length: 200 }, () => below(rng, 5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
