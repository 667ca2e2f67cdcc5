import { describe, expect, it } from "vitest";
import { QuietRounds, type Beat } from "./quiet-rounds";

const idle = (procs: number, sent = 5, received = 5): Beat => ({ procs, timers: 0, sent, received, busy: false });

describe("quiet rounds", () => {
  it("waits for every worker to beat before judging a round", () => {
    const q = new QuietRounds(2);
    q.beat(0, idle(0));
    expect(q.judge(false)).toBe("pending");
    q.beat(0, idle(0)); // the same worker again does not complete the round
    expect(q.judge(false)).toBe("pending");
  });

  it("calls a run ended after two identical quiet rounds with nothing alive", () => {
    const q = new QuietRounds(2);
    const round = (b0: Beat, b1: Beat) => (q.beat(0, b0), q.beat(1, b1), q.judge(false));
    expect(round(idle(0), idle(0))).toBe("pending");
    expect(round(idle(0), idle(0))).toBe("ended");
  });

  it("calls processes stuck waiting only after three identical quiet rounds", () => {
    const q = new QuietRounds(1);
    const round = (b: Beat) => (q.beat(0, b), q.judge(false));
    expect([round(idle(3)), round(idle(3)), round(idle(3))]).toEqual(["pending", "pending", "waiting"]);
    expect(q.procs).toBe(3);
  });

  it("is not quiet while a signal is in flight, a timer is pending or a worker is busy", () => {
    const q = new QuietRounds(2);
    const round = (b0: Beat, b1: Beat) => (q.beat(0, b0), q.beat(1, b1), q.judge(false));
    expect(round(idle(1, 6, 5), idle(1))).toBe("running");
    expect(round({ ...idle(1), timers: 1 }, idle(1))).toBe("running");
    expect(round({ ...idle(1), busy: true }, idle(1))).toBe("running");
  });

  it("starts over when the totals change between quiet rounds (the run still moves)", () => {
    const q = new QuietRounds(1);
    const round = (b: Beat) => (q.beat(0, b), q.judge(false));
    round(idle(2, 5, 5));
    round(idle(2, 5, 5));
    expect(round(idle(2, 7, 7))).toBe("pending");
    round(idle(2, 7, 7));
    expect(round(idle(2, 7, 7))).toBe("waiting");
  });
});
