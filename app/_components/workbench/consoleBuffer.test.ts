/** The console keeps the newest lines only, and finds a crash's source line. */
import { describe, expect, it } from "vitest";
import { ConsoleBuffer, crashSource } from "./consoleBuffer";

describe("ConsoleBuffer", () => {
  it("keeps only the newest lines however much a program prints", () => {
    const c = new ConsoleBuffer(100);
    for (let i = 0; i < 100_000; i++) c.push({ pid: "#PID<0.1.0>", text: `line ${i}`, kind: "out" });
    const lines = c.lines();
    expect(lines).toHaveLength(100);
    expect(lines[0]!.text).toBe("line 99900");
    expect(lines.at(-1)!.text).toBe("line 99999");
    expect(c.dropped).toBe(99_900);
  });
});

describe("crashSource", () => {
  it("points at the first program.ts frame's line", () => {
    const code = "line one\n  throw new Error('boom');\n";
    const report = "[error] Process #PID<0.3.0> raised an exception\n** (Error) boom\n    at <anonymous> (program.ts:2:9)";
    expect(crashSource(report, code)).toEqual({ line: 2, text: "throw new Error('boom');" });
    expect(crashSource("no frame here", code)).toBeUndefined();
  });
});
