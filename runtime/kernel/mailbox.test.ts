import { describe, expect, it } from "vitest";
import { Mailbox, NO_MATCH } from "./mailbox";

const tagged = (tag: string) => (m: unknown) => Array.isArray(m) && m[0] === tag;

describe("Mailbox", () => {
  it("takes the oldest matching message and leaves the rest in order", () => {
    const box = new Mailbox();
    box.push(["a", 1]);
    box.push(["b", 2]);
    box.push(["a", 3]);
    box.push(["b", 4]);
    expect(box.take(tagged("b"), box.head)).toEqual(["b", 2]);
    expect(box.length).toBe(3);
    expect(box.peek(10)).toEqual([["a", 1], ["a", 3], ["b", 4]]);
    expect(box.take(() => true, box.head)).toEqual(["a", 1]);
  });

  it("returns NO_MATCH when nothing matches, keeping every message", () => {
    const box = new Mailbox();
    box.push(undefined);
    box.push(["x"]);
    expect(box.take(tagged("y"), box.head)).toBe(NO_MATCH);
    expect(box.length).toBe(2);
    expect(box.take(() => true, box.head)).toBeUndefined();
  });

  it("scans only messages after a marker", () => {
    const box = new Mailbox();
    for (let i = 0; i < 1000; i++) box.push(["reply", i]);
    const marker = box.mark();
    box.push(["reply", "mine"]);
    let tested = 0;
    const pred = (m: unknown) => (tested++, tagged("reply")(m));
    expect(box.take(pred, marker)).toEqual(["reply", "mine"]);
    expect(tested).toBe(1);
  });

  it("keeps the tail right when the last message is taken", () => {
    const box = new Mailbox();
    box.push(1);
    box.push(2);
    expect(box.take((m) => m === 2, box.head)).toBe(2);
    box.push(3);
    expect(box.peek(5)).toEqual([1, 3]);
    expect(box.take((m) => m === 3, box.head)).toBe(3);
    expect(box.take((m) => m === 1, box.head)).toBe(1);
    expect(box.length).toBe(0);
    box.push(4);
    expect(box.peek(5)).toEqual([4]);
  });

  it("falls back to a full scan when a saved node was removed", () => {
    const box = new Mailbox();
    box.push("a");
    const saved = box.mark();
    box.take((m) => m === "a", box.head);
    box.push("b");
    expect(box.take((m) => m === "b", box.validFrom(saved))).toBe("b");
  });

  it("behaves like a reference list over random operation sequences", () => {
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 50; round++) {
      const box = new Mailbox();
      const ref: number[] = [];
      for (let step = 0; step < 300; step++) {
        if (rand(3) > 0) {
          const v = rand(10);
          box.push(v);
          ref.push(v);
        } else {
          const want = rand(10);
          const i = ref.indexOf(want);
          const got = box.take((m) => m === want, box.head);
          if (i < 0) expect(got).toBe(NO_MATCH);
          else {
            expect(got).toBe(want);
            ref.splice(i, 1);
          }
        }
        expect(box.length).toBe(ref.length);
      }
      expect(box.peek(1000)).toEqual(ref);
    }
  });
});
