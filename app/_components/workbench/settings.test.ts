/**
 * Typing into a number setting: what the field settles to when the learner leaves it or
 * presses Enter, and what it says when that is not what they typed.
 */
import { describe, expect, it } from "vitest";
import { settleTyped, sanitizeSettings, DEFAULT_SETTINGS } from "./settings";

describe("settleTyped", () => {
  it("keeps a whole number in range as typed", () => {
    expect(settleTyped("budget", "500", 4000)).toEqual({ value: 500 });
    expect(settleTyped("maxMailbox", " 2000 ", 100_000)).toEqual({ value: 2000 });
  });

  it("clamps a number below or above the range, and says to what", () => {
    expect(settleTyped("budget", "5", 4000)).toEqual({ value: 10, message: "At least 10: set to 10." });
    expect(settleTyped("syncLimitMs", "999999", 2000)).toEqual({ value: 60_000, message: "At most 60,000: set to 60000." });
  });

  it("rounds a fraction and says so", () => {
    expect(settleTyped("budget", "250.6", 4000)).toEqual({ value: 251, message: "A whole number: set to 251." });
  });

  it("keeps the current value when the field is empty or not a number, and says what it takes", () => {
    expect(settleTyped("budget", "", 4000)).toEqual({ value: 4000, message: "Enter a whole number from 10 to 1,000,000; kept 4000." });
    expect(settleTyped("maxProcesses", "lots", 50)).toEqual({ value: 50, message: "Enter a whole number from 1 to 1,048,576; kept 50." });
  });
});

describe("sanitizeSettings", () => {
  it("clamps saved values into the same ranges the fields settle to", () => {
    expect(sanitizeSettings({ budget: 5, syncLimitMs: 1e9 })).toEqual({ ...DEFAULT_SETTINGS, budget: 10, syncLimitMs: 60_000 });
  });
});
