import { describe, expect, it } from "vitest";
import { makePid, makeRef, type Pid } from "../../kernel/term";
import type { DispatcherContext, SubFrom } from "./dispatcher";
import { defaultHash, PartitionDispatcher } from "./partition-dispatcher";

/** A producer's world: what the dispatcher sends. */
function world() {
  const sent: Array<[Pid, unknown]> = [];
  const ctx: DispatcherContext = { self: makePid(0, 1), send: (to, msg) => void sent.push([to, msg]), log: () => {} };
  /** The batches consumers received, in order: `[pid, events]`. */
  const batches = () => sent.map(([to, m]) => [to, (m as unknown[])[2]]);
  return { ctx, sent, batches };
}

const a: SubFrom = [makePid(0, 2), makeRef(0, 1)];
const b: SubFrom = [makePid(0, 3), makeRef(0, 2)];
const parity = (n: number) => [n, n % 2] as const;

describe("PartitionDispatcher", () => {
  it("routes each event to the consumer of its partition", () => {
    const w = world();
    const d = new PartitionDispatcher(w.ctx, { partitions: 2, hash: parity });
    d.subscribe({ partition: 0 }, a);
    d.subscribe({ partition: 1 }, b);
    expect(d.ask(2, a)).toBe(2);
    expect(d.ask(2, b)).toBe(2);
    expect(d.dispatch([1, 2, 3, 4], 4)).toEqual([]);
    expect(w.batches()).toEqual([
      [b[0], [1, 3]],
      [a[0], [2, 4]],
    ]);
  });

  it("queues a partition's events until its consumer asks", () => {
    const w = world();
    const d = new PartitionDispatcher(w.ctx, { partitions: 2, hash: parity });
    d.subscribe({ partition: 0 }, a);
    d.subscribe({ partition: 1 }, b);
    d.ask(2, a);
    d.dispatch([1, 3], 2);
    expect(w.batches()).toEqual([]);
    d.ask(2, b);
    expect(w.batches()).toEqual([[b[0], [1, 3]]]);
  });

  it("returns the events beyond the demand it asked for, and skips events hashed to \"none\"", () => {
    const w = world();
    const d = new PartitionDispatcher(w.ctx, { partitions: 1, hash: (n: number) => (n < 0 ? "none" : [n, 0]) });
    d.subscribe({ partition: 0 }, a);
    d.ask(2, a);
    expect(d.dispatch([-1, 1, 2, 3], 4)).toEqual([3]);
    expect(w.batches()).toEqual([[a[0], [1, 2]]]);
  });

  it("asks again for the events queued for a consumer that leaves", () => {
    const d = new PartitionDispatcher(world().ctx, { partitions: 2, hash: parity });
    d.subscribe({ partition: 0 }, a);
    d.subscribe({ partition: 1 }, b);
    d.ask(3, a);
    d.dispatch([1, 3, 5], 3);
    expect(d.cancel(b)).toBe(3);
  });

  it("names its partitions by count or by list, and checks subscriptions against them", () => {
    const ctx = world().ctx;
    expect(() => new PartitionDispatcher(ctx, {} as never)).toThrow(/partitions option is required/);
    expect(() => new PartitionDispatcher(ctx, { partitions: ["x", "y"] })).toThrow(/hash option/);
    const d = new PartitionDispatcher(ctx, { partitions: ["x", "y"], hash: (e) => [e, "x"] });
    expect(() => d.subscribe({}, a)).toThrow(/partition option is required/);
    expect(() => d.subscribe({ partition: "z" }, a)).toThrow(/partition must be one of/);
    d.subscribe({ partition: "x" }, a);
    expect(() => d.subscribe({ partition: "x" }, b)).toThrow(/already taken/);
  });

  it("refuses an event hashed to an unknown partition", () => {
    const d = new PartitionDispatcher(world().ctx, { partitions: 2, hash: (e) => [e, 7] });
    d.subscribe({ partition: 0 }, a);
    d.ask(1, a);
    expect(() => d.dispatch(["e"], 1)).toThrow(/unknown partition 7/);
  });
});

describe("defaultHash", () => {
  it("is stable and spreads terms over partitions", () => {
    expect(defaultHash(["k", 1])).toBe(defaultHash(["k", 1]));
    expect(Number.isInteger(defaultHash("x")) && defaultHash("x") >= 0).toBe(true);
    const used = new Set(Array.from({ length: 100 }, (_, i) => defaultHash(i) % 4));
    expect(used.size).toBe(4);
  });
});
