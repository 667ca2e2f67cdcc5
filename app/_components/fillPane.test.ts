import { describe, expect, it } from "vitest";
import { fillHeight } from "./fillPane";

describe("fillHeight", () => {
  it("gives the target what is left of the pane below its top and above the padding", () => {
    // 1366×768 lesson pane: 716 px high, the workbench grid starts 110 px down, 12 px padding.
    expect(fillHeight({ paneHeight: 716, offset: 110, paddingBottom: 12, min: 432 })).toBe(594);
  });

  it("shrinks when more is above the target (an open checks list), down to the minimum", () => {
    expect(fillHeight({ paneHeight: 716, offset: 250, paddingBottom: 12, min: 432 })).toBe(454);
    expect(fillHeight({ paneHeight: 716, offset: 400, paddingBottom: 12, min: 432 })).toBe(432);
  });
});
