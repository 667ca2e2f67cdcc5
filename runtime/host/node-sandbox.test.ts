import { describe, expect, it } from "vitest";
import { FUNCTION_HEADER_LINES, sourcePosition } from "../compile/load";
import { vmFunction } from "./node-sandbox";

describe("vmFunction (the runner sandbox's new Function)", () => {
  it("numbers the body's lines as new Function does, even with the sourceURL comment loadProgram adds", () => {
    const body = `"use strict";{\nconst x = 1;\nthrow new Error("on line 3");\n}\n//# sourceURL=beamlab-program.js`;
    const positions = [vmFunction(["a"], body), new Function("a", body) as (...a: unknown[]) => unknown].map((f) => {
      try {
        f(1);
      } catch (e) {
        return sourcePosition((e as Error).stack);
      }
      return undefined;
    });
    expect(FUNCTION_HEADER_LINES).toBe(2);
    expect(positions).toEqual([{ line: 3, column: 7 }, { line: 3, column: 7 }]);
  });
});
