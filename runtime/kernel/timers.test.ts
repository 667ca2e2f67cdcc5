import { describe, expect, it } from "vitest";
import { TimerHeap } from "./timers";

describe("TimerHeap", () => {
  it("fires timers in deadline order, equal deadlines in insertion order", () => {
    const heap = new TimerHeap();
    const fired: string[] = [];
    heap.add(30, () => fired.push("c"));
    heap.add(10, () => fired.push("a"));
    heap.add(20, () => fired.push("b1"));
    heap.add(20, () => fired.push("b2"));
    expect(heap.runDue(25)).toBe(3);
    expect(fired).toEqual(["a", "b1", "b2"]);
    heap.runDue(100);
    expect(fired).toEqual(["a", "b1", "b2", "c"]);
  });

  it("does not fire a cancelled timer and reports its deadline once", () => {
    const heap = new TimerHeap();
    let fired = false;
    const t = heap.add(10, () => (fired = true));
    expect(heap.cancel(t)).toBe(10);
    expect(heap.cancel(t)).toBeUndefined();
    heap.runDue(50);
    expect(fired).toBe(false);
    expect(heap.size).toBe(0);
    expect(heap.nextDeadline()).toBeUndefined();
  });

  it("stays small when most timers are cancelled (call timeouts), and still fires the live ones in order", () => {
    const heap = new TimerHeap();
    const fired: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = heap.add(5000 + i, () => fired.push(i));
      if (i % 1000 !== 0) heap.cancel(id);
    }
    expect(heap.size).toBe(100);
    expect((heap as unknown as { heap: unknown[] }).heap.length).toBeLessThan(300);
    heap.runDue(1e9);
    expect(fired).toEqual(Array.from({ length: 100 }, (_, k) => k * 1000));
  });

  it("keeps order over many random deadlines", () => {
    const heap = new TimerHeap();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 1000;
    const fired: number[] = [];
    const ids: Array<ReturnType<TimerHeap["add"]>> = [];
    for (let i = 0; i < 2000; i++) {
      const at = rand();
      ids.push(heap.add(at, () => fired.push(at)));
    }
    for (let i = 0; i < ids.length; i += 3) heap.cancel(ids[i]);
    heap.runDue(1000);
    expect(fired.length).toBe(2000 - Math.ceil(2000 / 3));
    for (let i = 1; i < fired.length; i++) expect(fired[i]).toBeGreaterThanOrEqual(fired[i - 1]);
  });
});
