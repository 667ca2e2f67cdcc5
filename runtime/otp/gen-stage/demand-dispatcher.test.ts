import { describe, expect, it } from "vitest";
import { makePid, makeRef, type Pid } from "../../kernel/term";
import { DemandDispatcher } from "./demand-dispatcher";
import type { DispatcherContext, SubFrom } from "./dispatcher";

/** A producer's world: what the dispatcher sends and logs. */
function world() {
  const sent: Array<[Pid, unknown]> = [];
  const logs: string[] = [];
  const ctx: DispatcherContext = { self: makePid(0, 1), send: (to, msg) => void sent.push([to, msg]), log: (t) => void logs.push(t) };
  /** The batches each consumer received, in order: `[pid, events]`. */
  const batches = () => sent.map(([to, msg]) => [to, (msg as unknown[])[2]]);
  return { ctx, sent, logs, batches };
}

const a: SubFrom = [makePid(0, 2), makeRef(0, 1)];
const b: SubFrom = [makePid(0, 3), makeRef(0, 2)];

describe("DemandDispatcher", () => {
  it("sends each batch to the consumer with the largest demand first", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    expect(d.ask(2, a)).toBe(2);
    expect(d.ask(7, b)).toBe(7);
    expect(d.dispatch([1, 2, 3], 3)).toEqual([]);
    expect(d.dispatch([4, 5, 6, 7, 8, 9], 6)).toEqual([]);
    expect(w.batches()).toEqual([
      [b[0], [1, 2, 3]],
      [b[0], [4, 5, 6, 7]],
      [a[0], [8, 9]],
    ]);
  });

  it("sends events as [\"$gen_consumer\", [producer, ref], events]", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    d.ask(1, a);
    d.dispatch(["x"], 1);
    expect(w.sent).toEqual([[a[0], ["$gen_consumer", [w.ctx.self, a[1]], ["x"]]]]);
  });

  it("on a tie, serves the consumer that got its demand first", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    d.ask(3, a);
    d.ask(3, b);
    d.dispatch([1, 2, 3], 3);
    expect(w.batches()).toEqual([[a[0], [1, 2, 3]]]);
  });

  it("returns the events nobody has demand for (the producer buffers them)", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    d.ask(2, a);
    expect(d.dispatch([1, 2, 3, 4, 5], 5)).toEqual([3, 4, 5]);
    expect(w.batches()).toEqual([[a[0], [1, 2]]]);
  });

  it("does not ask again for demand a cancelled consumer left behind", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    expect(d.ask(5, a)).toBe(5);
    expect(d.cancel(a)).toBe(0);
    d.subscribe({}, b);
    expect(d.ask(3, b)).toBe(0);
    expect(d.ask(4, b)).toBe(2);
  });

  it("warns when a consumer asks for more than the maximum demand (the first ask, or maxDemand)", () => {
    const w = world();
    const d = new DemandDispatcher(w.ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    d.ask(10, a);
    expect(w.logs).toEqual([]);
    d.ask(20, b);
    expect(w.logs).toHaveLength(1);
    expect(w.logs[0]).toMatch(/expects a maximum demand of 10/);
    const w2 = world();
    const d2 = new DemandDispatcher(w2.ctx, { maxDemand: 5 });
    d2.subscribe({}, a);
    d2.ask(6, a);
    expect(w2.logs[0]).toMatch(/expects a maximum demand of 5/);
  });

  it("refuses an ask from an unknown subscription", () => {
    const d = new DemandDispatcher(world().ctx);
    expect(() => d.ask(1, a)).toThrow(/unknown subscription/);
  });
});
