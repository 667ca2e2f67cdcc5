/** Stats pacing: frames at the stats rate, soon after lifecycle changes (one per burst), and at the end. */
import { describe, expect, it } from "vitest";
import { StatsPacer, type PacerTimers } from "./stats-pacing";

/** A manual clock with timers. */
function manual() {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  const api: PacerTimers = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => void (timers = timers.filter((x) => x.id !== h)),
  };
  const advance = (ms: number) => {
    const until = t + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const first = timers[0];
      if (!first || first.at > until) break;
      timers.shift();
      t = first.at;
      first.fn();
    }
    t = until;
  };
  return { api, advance, now: () => t };
}

describe("StatsPacer", () => {
  it("takes a frame soon after a process starts, one for a whole burst", () => {
    const clock = manual();
    const frames: number[] = [];
    const pacer = new StatsPacer(() => frames.push(clock.now()), () => 20, clock.api);
    for (let i = 0; i < 1000; i++) pacer.changed();
    clock.advance(1);
    expect(frames).toEqual([0]);
    // More changes right after: the next frame waits out the gap.
    pacer.changed();
    clock.advance(5);
    expect(frames).toEqual([0]);
    clock.advance(20);
    expect(frames).toEqual([0, 20]);
  });

  it("gives a 50 ms run of spawns and exits several frames where a 4 Hz timer gives none", () => {
    const clock = manual();
    const frames: number[] = [];
    const pacer = new StatsPacer(() => frames.push(clock.now()), () => 20, clock.api);
    const periodic = 250;
    for (let ms = 0; ms < 50; ms++) {
      if (ms % 5 === 0) pacer.changed();
      if (ms > 0 && ms % periodic === 0) pacer.now();
      clock.advance(1);
    }
    pacer.now(); // the end of the run
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames.at(-1)).toBe(50);
  });

  it("a periodic frame makes a pending one unnecessary", () => {
    const clock = manual();
    let n = 0;
    const pacer = new StatsPacer(() => n++, () => 20, clock.api);
    pacer.now();
    pacer.changed();
    pacer.now();
    clock.advance(100);
    expect(n).toBe(2);
  });
});
