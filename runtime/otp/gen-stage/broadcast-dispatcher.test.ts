import { describe, expect, it } from "vitest";
import { makePid, makeRef, type Pid } from "../../kernel/term";
import { BroadcastDispatcher, selectorCrossesSchedulers } from "./broadcast-dispatcher";
import type { DispatcherContext, SubFrom } from "./dispatcher";

/** A producer's world: what the dispatcher sends and logs. */
function world() {
  const sent: Array<[Pid, unknown]> = [];
  const logs: string[] = [];
  const ctx: DispatcherContext = { self: makePid(0, 1), send: (to, msg) => void sent.push([to, msg]), log: (t) => void logs.push(t) };
  /** The batches consumers received, in order: `[pid, events]`. */
  const batches = () => sent.filter(([, m]) => (m as unknown[])[0] === "$gen_consumer").map(([to, m]) => [to, (m as unknown[])[2]]);
  return { ctx, sent, logs, batches };
}

const a: SubFrom = [makePid(0, 2), makeRef(0, 1)];
const b: SubFrom = [makePid(0, 3), makeRef(0, 2)];

describe("BroadcastDispatcher", () => {
  it("asks the producer only for the smallest demand among consumers", () => {
    const w = world();
    const d = new BroadcastDispatcher(w.ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    expect(d.ask(5, a)).toBe(0);
    expect(d.ask(2, b)).toBe(2);
  });

  it("gives every event to every consumer, never more than the slowest asked for", () => {
    const w = world();
    const d = new BroadcastDispatcher(w.ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    d.ask(5, a);
    d.ask(2, b);
    expect(d.dispatch([1, 2, 3], 3)).toEqual([3]);
    expect(w.batches()).toEqual([
      [b[0], [1, 2]],
      [a[0], [1, 2]],
    ]);
  });

  it("asks for more when the slowest consumer leaves", () => {
    const d = new BroadcastDispatcher(world().ctx);
    d.subscribe({}, a);
    d.subscribe({}, b);
    d.ask(5, a);
    d.ask(2, b);
    expect(d.cancel(b)).toBe(3);
    expect(d.cancel(a)).toBe(0);
  });

  it("filters by a consumer's selector, and asks on its behalf for the events it skipped", () => {
    const w = world();
    const d = new BroadcastDispatcher(w.ctx);
    d.subscribe({ selector: (n: number) => n % 2 === 0 }, a);
    d.subscribe({}, b);
    d.ask(4, a);
    d.ask(4, b);
    d.dispatch([1, 2, 3, 4], 4);
    expect(w.batches()).toEqual([
      [b[0], [1, 2, 3, 4]],
      [a[0], [2, 4]],
    ]);
    expect(w.sent).toContainEqual([w.ctx.self, ["$gen_producer", [a[0], a[1]], ["ask", 2]]]);
  });

  it("refuses a second subscription from the same consumer", () => {
    const w = world();
    const d = new BroadcastDispatcher(w.ctx);
    expect(d.subscribe({}, a)).toBe(0);
    expect(d.subscribe({}, [a[0], makeRef(0, 9)])).toEqual(["error", "already_subscribed"]);
    expect(w.logs[0]).toMatch(/already registered/);
  });

  it("refuses a selector that is not a function", () => {
    const d = new BroadcastDispatcher(world().ctx);
    expect(() => d.subscribe({ selector: 42 as never }, a)).toThrow(/unary function/);
  });

  it("says a selector cannot reach a producer on another scheduler", () => {
    const f = () => true;
    expect(selectorCrossesSchedulers({ selector: f }, makePid(1, 5), 0)).toBe(true);
    expect(selectorCrossesSchedulers({ selector: f }, makePid(0, 5), 0)).toBe(false);
    expect(selectorCrossesSchedulers({}, makePid(1, 5), 0)).toBe(false);
  });
});
