/** The console's "running anyway" line: every type error counted, the first few by line. */
import { describe, expect, it } from "vitest";
import { describeTypeProblems } from "./typeProblems";

describe("describeTypeProblems", () => {
  it("says nothing when there is no type error", () => {
    expect(describeTypeProblems([])).toBeNull();
  });

  it("counts the errors and names each by its line, in line order", () => {
    expect(
      describeTypeProblems([
        { line: 9, message: "Cannot find name 'fibb'." },
        { line: 4, message: "Type 'string' is not assignable to type 'number'." },
      ]),
    ).toBe("2 type errors (line 4: Type 'string' is not assignable to type 'number'.; line 9: Cannot find name 'fibb'.); running anyway");
  });

  it("spells out three and counts the rest", () => {
    const five = [1, 2, 3, 4, 5].map((line) => ({ line, message: "x" }));
    expect(describeTypeProblems(five)).toBe("5 type errors (line 1: x; line 2: x; line 3: x; 2 more); running anyway");
    expect(describeTypeProblems([{ line: 1, message: "x" }])).toBe("1 type error (line 1: x); running anyway");
  });
});
