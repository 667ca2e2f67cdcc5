import { describe, expect, it } from "vitest";
import { formatCrashReport } from "./crash-report";
import { makePid } from "./term";

const pid = makePid(0, 96);

describe("formatCrashReport", () => {
  it("reports an exception like Elixir's logger, with stack frames as file:line: function", () => {
    const stack = "Error: boom\n    at fib (blob:http://localhost:3000/program.ts:12:5)\n    at async main (program.ts:3:9)\n    at program.ts:20:1";
    expect(formatCrashReport(pid, ["error", "boom", stack])).toBe(
      "[error] Process #PID<0.96.0> raised an exception\n" +
      "** (RuntimeError) boom\n" +
      "    program.ts:12: fib\n" +
      "    program.ts:3: main\n" +
      "    program.ts:20",
    );
  });

  it("names the exception from a 'TypeError: ...' message", () => {
    expect(formatCrashReport(pid, ["error", "TypeError: x is not a function", undefined], { line: 7 })).toBe(
      "[error] Process #PID<0.96.0> raised an exception\n" +
      "** (TypeError) x is not a function\n" +
      "    program.ts:7",
    );
  });

  it("takes the exception name from the stack's first line, as reasonOf(e) gives e.message and e.stack", () => {
    const e = new TypeError("x is not a function");
    e.stack = "TypeError: x is not a function\n    at run (program.ts:8:3)";
    expect(formatCrashReport(pid, ["error", e.message, e.stack])).toBe(
      "[error] Process #PID<0.96.0> raised an exception\n** (TypeError) x is not a function\n    program.ts:8: run",
    );
    const plain = new Error("boom");
    expect(formatCrashReport(pid, ["error", plain.message, plain.stack]).split("\n")[1]).toBe("** (RuntimeError) boom");
  });

  it("reads Firefox-style frames and frames given as an array", () => {
    expect(formatCrashReport(pid, ["error", "boom", "fib@http://x/program.ts:4:2\n@http://x/program.ts:9:1"])).toBe(
      "[error] Process #PID<0.96.0> raised an exception\n** (RuntimeError) boom\n    program.ts:4: fib\n    program.ts:9",
    );
    expect(formatCrashReport(pid, ["error", "boom", ["worker.ts:3: loop/1"]])).toBe(
      "[error] Process #PID<0.96.0> raised an exception\n** (RuntimeError) boom\n    worker.ts:3: loop/1",
    );
  });

  it("accepts an Error object as the reason or as its message", () => {
    const e = new RangeError("too big");
    e.stack = "RangeError: too big\n    at grow (program.ts:5:3)";
    const expected = "[error] Process #PID<0.96.0> raised an exception\n** (RangeError) too big\n    program.ts:5: grow";
    expect(formatCrashReport(pid, e)).toBe(expected);
    expect(formatCrashReport(pid, ["error", e, undefined])).toBe(expected);
  });

  it("reports any other reason as an exit, with name and initial call when given", () => {
    expect(formatCrashReport(pid, ["bad", 1], { name: "worker", initialCall: "worker/0" })).toBe(
      "[error] Process #PID<0.96.0> (:worker) terminating\n" +
      "** (exit) {:bad, 1}\n" +
      "Initial call: worker/0",
    );
    expect(formatCrashReport(pid, "killed")).toBe("[error] Process #PID<0.96.0> terminating\n** (exit) :killed");
  });
});

describe("formatCrashReport with hostile reasons", () => {
  const trap = () => {
    throw new Error("trap");
  };
  const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap, getOwnPropertyDescriptor: trap });

  it("never throws: a Proxy whose traps throw is reported as unprintable", () => {
    expect(formatCrashReport(pid, hostile)).toBe("[error] Process #PID<0.96.0> terminating\n** (exit) #Unprintable<trap>");
    expect(formatCrashReport(pid, ["error", hostile, hostile])).toContain("#Unprintable<trap>");
  });

  it("prints a symbol and a function in a reason", () => {
    expect(formatCrashReport(pid, ["weird", Symbol("s")])).toBe("[error] Process #PID<0.96.0> terminating\n** (exit) {:weird, #Symbol<s>}");
    expect(formatCrashReport(pid, ["fn", function job() {}])).toContain("#Function<job");
  });
});
