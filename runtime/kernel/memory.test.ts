/**
 * Memory estimates a scheduler makes by itself: from process and message counts, and, when
 * the page could not measure this time, anchored to the last precise figure so that a
 * before/after difference is the estimated growth rather than a measured heap minus an estimate.
 */
import { describe, expect, it } from "vitest";
import { receive } from "./api";
import { anchorAt, estimateBytes, estimateSince, PROC_BYTES } from "./memory";
import { cluster } from "../../test/support/cluster";

async function withSleepers(n: number) {
  const c = cluster(1);
  for (let i = 0; i < n; i++) c.spawn(0, async () => void (await receive("stop")));
  await c.drain();
  return c.schedulers[0];
}

describe("estimateSince", () => {
  it("is the plain estimate, as an estimate of this worker, when nothing was measured", async () => {
    const s = await withSleepers(10);
    expect(estimateSince(null, s)).toEqual({ bytes: 10 * PROC_BYTES, scope: "worker", precise: false });
  });

  it("adds the estimated growth since the last precise figure to that figure, in its scope", async () => {
    const s = await withSleepers(10);
    const anchor = anchorAt({ bytes: 3_000_000, scope: "page", precise: true }, s);
    const more = await withSleepers(0);
    expect(estimateSince(anchor, s)).toEqual({ bytes: 3_000_000, scope: "page", precise: false });
    // Same anchor on a scheduler with 10 processes fewer: 10 processes' worth less, never below 0.
    expect(estimateSince(anchor, more).bytes).toBe(3_000_000 - 10 * PROC_BYTES);
    expect(estimateSince({ bytes: 100, scope: "worker", estimate: estimateBytes(s) }, more).bytes).toBe(0);
  });

  it("makes after − before the estimated cost of the processes spawned in between", async () => {
    const before = await withSleepers(0);
    const anchor = anchorAt({ bytes: 5_000_000, scope: "worker", precise: true }, before);
    const after = await withSleepers(1000);
    expect(estimateSince(anchor, after).bytes - 5_000_000).toBe(1000 * PROC_BYTES);
  });
});
