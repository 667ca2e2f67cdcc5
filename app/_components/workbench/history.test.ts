/** The charts' history stays bounded over a long run and keeps what matters. */
import { describe, expect, it } from "vitest";
import { History } from "./history";

describe("History", () => {
  it("keeps every point until it is full", () => {
    const h = new History(8);
    for (let i = 0; i < 8; i++) h.push(i, { q: i });
    expect(h.times).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("never holds more than its capacity, over a very long run", () => {
    const h = new History(100);
    for (let i = 0; i < 100_000; i++) h.push(i, { q: i % 7, u: 0.5 });
    expect(h.length).toBeLessThanOrEqual(100);
    // The first and the last moments of the run are still covered.
    expect(h.times[0]).toBeLessThan(100_000 / 2);
    expect(h.times.at(-1)).toBe(99_999);
    // Times stay increasing.
    for (let i = 1; i < h.length; i++) expect(h.times[i]).toBeGreaterThan(h.times[i - 1]!);
  });

  it("keeps recent points sharp and merges old ones, keeping spikes (max) and averaging means", () => {
    const h = new History(8);
    h.add("u", "mean");
    for (let i = 0; i < 9; i++) h.push(i, { q: i === 0 ? 100 : 0, u: i % 2 });
    expect(h.times).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.column("q")).toEqual([100, 0, 0, 0, 0, 0, 0, 0]);
    expect(h.column("u")).toEqual([0.5, 0, 1, 0, 1, 0, 1, 0]);
    for (let i = 9; i < 1000; i++) h.push(i, { q: 0, u: 0 });
    // The newest quarter is as sampled.
    expect(h.times.slice(-2)).toEqual([998, 999]);
  });

  it("fills null before a column existed and gives uPlot's aligned data", () => {
    const h = new History(8);
    h.push(0, { a: 1 });
    h.push(1, { a: 2, b: 5 });
    expect(h.data(["a", "b", "missing"])).toEqual([[0, 1], [1, 2], [null, 5], [null, null]]);
    h.drop("a");
    expect(h.keys()).toEqual(["b"]);
  });
});
