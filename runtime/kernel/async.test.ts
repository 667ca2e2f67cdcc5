import { describe, expect, it } from "vitest";
import { andThen, isThenable } from "./async";

describe("sync-or-async values", () => {
  it("recognises promises and thenables, not plain values", () => {
    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable({ then() {} })).toBe(true);
    expect(isThenable(1)).toBe(false);
    expect(isThenable(null)).toBe(false);
    expect(isThenable({ then: 1 })).toBe(false);
  });

  it("continues a plain value at once and a promise after it settles", async () => {
    const order: string[] = [];
    const a = andThen(1, (v) => (order.push(`sync ${v}`), v + 1));
    expect(a).toBe(2);
    const b = andThen(Promise.resolve(5), (v) => (order.push(`async ${v}`), v * 2));
    order.push("after");
    expect(await b).toBe(10);
    expect(order).toEqual(["sync 1", "after", "async 5"]);
  });
});
