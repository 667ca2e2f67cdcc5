/** Lesson progress in localStorage: visited, then completed, never back; bad data reads as none. */
import { describe, expect, it } from "vitest";
import { PROGRESS_KEY, completedCount, markCompleted, markVisited, parseProgress, readProgress, type ProgressStorage } from "./progress";

function memoryStorage(initial?: string): ProgressStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(PROGRESS_KEY, initial);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("progress", () => {
  it("starts empty", () => {
    expect(readProgress(memoryStorage())).toEqual({});
  });

  it("marks a lesson visited when its page opens, then completed when its checks pass", () => {
    const s = memoryStorage();
    expect(markVisited(s, "processes")).toBe(true);
    expect(readProgress(s)).toEqual({ processes: "visited" });
    expect(markCompleted(s, "processes")).toBe(true);
    expect(markVisited(s, "supervisors")).toBe(true);
    expect(readProgress(s)).toEqual({ processes: "completed", supervisors: "visited" });
  });

  it("never lowers a completed lesson back to visited, and does not rewrite what it already knows", () => {
    const s = memoryStorage();
    markCompleted(s, "processes");
    expect(markVisited(s, "processes")).toBe(false);
    expect(markCompleted(s, "processes")).toBe(false);
    expect(readProgress(s)).toEqual({ processes: "completed" });
  });

  it("reads corrupt or foreign data as no progress, keeping only known values", () => {
    expect(parseProgress("{not json")).toEqual({});
    expect(parseProgress("[1,2]")).toEqual({});
    expect(parseProgress("null")).toEqual({});
    expect(parseProgress(JSON.stringify({ a: "completed", b: "done", c: 3, d: "visited" }))).toEqual({ a: "completed", d: "visited" });
    const s = memoryStorage("garbage");
    expect(markVisited(s, "processes")).toBe(true);
    expect(readProgress(s)).toEqual({ processes: "visited" });
  });

  it("works without storage (blocked or full): nothing saved, nothing thrown", () => {
    const blocked: ProgressStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(readProgress(blocked)).toEqual({});
    expect(markCompleted(blocked, "processes")).toBe(false);
  });

  it("counts completed lessons among a list", () => {
    expect(completedCount({ a: "completed", b: "visited", z: "completed" }, ["a", "b", "c"])).toBe(1);
  });
});
