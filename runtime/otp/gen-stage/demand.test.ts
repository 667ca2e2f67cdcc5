import { describe, expect, it } from "vitest";
import { readSubscription, splitBatches } from "./demand";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const plan = (batches: Array<[unknown[], number]>) => batches.map(([b, ask]) => [b.length, ask]);

describe("splitBatches", () => {
  it("cuts events into batches of at most max - min, asking back up to max after each", () => {
    const [demand, batches] = splitBatches(range(1000), 500, 1000, 1000, () => {});
    expect(plan(batches)).toEqual([
      [500, 500],
      [500, 500],
    ]);
    expect(demand).toBe(1000);
  });

  it("keeps the events of a batch in order and passes a small batch through uncut", () => {
    const events = range(7);
    const [, batches] = splitBatches(events, 0, 3, 10, () => {});
    expect(batches.map(([b]) => b)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const [, one] = splitBatches(events, 0, 10, 10, () => {});
    expect(one[0][0]).toBe(events);
  });

  it("does not ask while the outstanding demand stays above min", () => {
    const [demand, batches] = splitBatches(range(300), 500, 1000, 1000, () => {});
    expect(plan(batches)).toEqual([[300, 0]]);
    expect(demand).toBe(700);
    const [d2, b2] = splitBatches(range(200), 500, 1000, demand, () => {});
    expect(plan(b2)).toEqual([[200, 500]]);
    expect(d2).toBe(1000);
  });

  it("asks after every event when min is 0 and max is 1 (one event at a time)", () => {
    let demand = 1;
    for (let k = 0; k < 3; k++) {
      const [next, batches] = splitBatches([k], 0, 1, demand, () => expect.unreachable("no excess"));
      expect(plan(batches)).toEqual([[1, 1]]);
      demand = next;
    }
    expect(demand).toBe(1);
  });

  it("reports events beyond the outstanding demand, and does not ask for them again", () => {
    const excess: number[] = [];
    const [demand, batches] = splitBatches(range(5), 0, 3, 3, (n) => excess.push(n));
    expect(excess).toEqual([2]);
    expect(plan(batches)).toEqual([
      [3, 3],
      [2, 0],
    ]);
    expect(demand).toBe(3);
  });

  it("returns no batches and the same demand for no events", () => {
    expect(splitBatches([], 5, 10, 7, () => {})).toEqual([7, []]);
  });
});

describe("readSubscription", () => {
  it("defaults to maxDemand 1000, minDemand max / 2 rounded down, and a permanent subscription", () => {
    expect(readSubscription({})).toEqual({ max: 1000, min: 500, cancel: "permanent" });
    expect(readSubscription({ maxDemand: 5 })).toEqual({ max: 5, min: 2, cancel: "permanent" });
    expect(readSubscription({ maxDemand: 1 })).toEqual({ max: 1, min: 0, cancel: "permanent" });
    expect(readSubscription({ maxDemand: 10, minDemand: 0, cancel: "temporary" })).toEqual({ max: 10, min: 0, cancel: "temporary" });
  });

  it("says what is wrong with a bad maxDemand, minDemand or cancel", () => {
    expect(readSubscription({ maxDemand: 0 })).toMatch(/maxDemand to be an integer ≥ 1/);
    expect(readSubscription({ maxDemand: 2.5 })).toMatch(/maxDemand/);
    expect(readSubscription({ maxDemand: 10, minDemand: 10 })).toMatch(/minDemand to be an integer from 0 to 9/);
    expect(readSubscription({ minDemand: -1 })).toMatch(/minDemand/);
    expect(readSubscription({ cancel: "sometimes" as never })).toMatch(/expected cancel to be one of/);
  });
});
