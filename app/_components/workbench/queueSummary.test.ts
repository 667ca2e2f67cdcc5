import { describe, expect, it } from "vitest";
import { paced, queueSummary } from "./queueSummary";

describe("queueSummary", () => {
  it("names the process whose queue peaked highest, its queue now, its trend and its peak", () => {
    const data = [
      [0, 0.5, 1, 1.5],
      [0, 0, 1, 0],
      [0, 10, 20, 37],
    ];
    expect(queueSummary({ labels: ["main", "ServerFlood"], data })).toBe("ServerFlood: 37 queued, rising (peak 37); 1 other process charted");
  });

  it("says falling once the backlog drains, and keeps the peak", () => {
    const data = [
      [0, 1, 2, 3],
      [5, 277, 120, 0],
    ];
    expect(queueSummary({ labels: ["B"], data })).toBe("B: 0 queued, falling (peak 277)");
  });

  it("says steady for a queue unchanged over the last second, skipping gaps", () => {
    const data = [
      [0, 0.25, 0.5, 1.5, 1.75],
      [3, 3, null, 3, 3],
    ];
    expect(queueSummary({ labels: ["worker"], data })).toBe("worker: 3 queued, steady (peak 3)");
  });

  it("says there is nothing yet before a run", () => {
    expect(queueSummary({ labels: [], data: [[]] })).toMatch(/^No message queues yet/);
  });
});

describe("paced", () => {
  it("writes the first text at once, then the latest at most once per interval, and never drops the last", async () => {
    const { vi } = await import("vitest");
    vi.useFakeTimers();
    try {
      const written: string[] = [];
      const say = paced((t) => written.push(t), 2000);
      say("a: 1 queued");
      say("a: 2 queued");
      say("a: 3 queued");
      expect(written).toEqual(["a: 1 queued"]);
      vi.advanceTimersByTime(2000);
      expect(written).toEqual(["a: 1 queued", "a: 3 queued"]);
      say("a: 3 queued");
      vi.advanceTimersByTime(5000);
      expect(written).toEqual(["a: 1 queued", "a: 3 queued"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
