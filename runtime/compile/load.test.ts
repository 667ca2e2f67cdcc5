import { describe, expect, it } from "vitest";
import { compile } from "./compile.ts";
import type { BlHooks } from "./hooks.ts";
import { formatStackForLearner, FUNCTION_HEADER_LINES, loadProgram, sourcePosition } from "./load.ts";

const hooks = (): BlHooks => ({ r: 1e9, y: async () => {}, s: () => {}, k: () => {} });
const runtime = { spawn: () => "pid" };
const requireBeamlab = (id: string) => {
  if (id !== "beamlab") throw new Error(`no module ${id}`);
  return runtime;
};

function load(source: string): Record<string, unknown> {
  const result = compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return loadProgram(result.code, requireBeamlab, hooks());
}

/** Calls `fn` from a frame that is not the program's, as the runtime would, and returns its error. */
async function crashOf(fn: () => unknown): Promise<Error> {
  try {
    await runtimeInternalRunner(fn);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the program to throw");
}
async function runtimeInternalRunner(fn: () => unknown) {
  return await fn();
}

// Line 7 throws; the lines above hold types that sucrase erases and code the compiler instruments.
const THROWS_AT_7 = `import { spawn } from "beamlab";
interface Job {
  id: number;
}
export default function main(): number {
  const job: Job = { id: 1 };
  throw new Error("boom " + job.id);
}
`;

describe("loadProgram", () => {
  it("returns the module's exports: default and named", () => {
    const exports = load(`export default function main() { return "m"; }\nexport const answer: number = 42;`);
    expect((exports.default as () => string)()).toBe("m");
    expect(exports.answer).toBe(42);
  });

  it("answers require('beamlab') with the runtime it is given", () => {
    const exports = load(`import { spawn } from "beamlab";\nexport default () => spawn();`);
    expect((exports.default as () => string)()).toBe("pid");
  });

  it("returns what the program assigns to module.exports", () => {
    const exports = load(`module.exports = { replaced: true };`);
    expect(exports).toEqual({ replaced: true });
  });
});

describe("sourcePosition", () => {
  it(`maps a throw at line 7 to line 7 (new Function adds ${FUNCTION_HEADER_LINES} lines)`, async () => {
    const error = await crashOf(load(THROWS_AT_7).default as () => unknown);
    expect(error.stack).toContain(`beamlab-program.js:${7 + FUNCTION_HEADER_LINES}:`);
    expect(sourcePosition(error.stack)).toEqual({ line: 7, column: 9 });
  });

  it("counts Windows line endings as the editor does", async () => {
    const error = await crashOf(load(THROWS_AT_7.replaceAll("\n", "\r\n")).default as () => unknown);
    expect(sourcePosition(error.stack)).toEqual({ line: 7, column: 9 });
  });

  it("maps a throw inside a sync callback in an async function", async () => {
    const exports = load(`export default async function main() {
  await null;
  return [1, 2].map((x) => {
    if (x === 2) null!.boom();
    return x;
  });
}`);
    const error = await crashOf(exports.default as () => unknown);
    expect(sourcePosition(error.stack)?.line).toBe(4);
  });

  it("finds nothing when no frame is the program's", () => {
    expect(sourcePosition(new Error("x").stack)).toBeUndefined();
    expect(sourcePosition(undefined)).toBeUndefined();
  });
});

describe("formatStackForLearner", () => {
  it("names program frames program.ts:LINE:COL and drops the runtime's frames", async () => {
    const exports = load(`export default function main() {
  return [1].map(fail);
}
function fail(): never {
  throw new Error("boom");
}`);
    const error = await crashOf(exports.default as () => unknown);
    const formatted = formatStackForLearner(error.stack);
    expect(formatted.split("\n")).toEqual([
      "Error: boom",
      "    at fail (program.ts:5:9)",
      "    at Array.map (<anonymous>)",
      "    at main (program.ts:2:14)",
    ]);
  });

  it("calls an anonymous function <anonymous>, not V8's eval", async () => {
    const exports = load(`export default function main() {\n  return [1].map((x) => {\n    throw new Error("in arrow");\n  });\n}`);
    const formatted = formatStackForLearner((await crashOf(exports.default as () => unknown)).stack);
    expect(formatted.split("\n")[1]).toBe("    at <anonymous> (program.ts:3:11)");
  });

  it("keeps the message lines of a multi-line message", () => {
    const stack = "Error: line one\nline two\n    at f (beamlab-program.js:9:3)\n    at run (/app/runtime/kernel/process.ts:10:1)";
    expect(formatStackForLearner(stack)).toBe("Error: line one\nline two\n    at f (program.ts:7:3)");
  });

  it("reads Firefox and Safari style frames too", () => {
    const stack = "f@beamlab-program.js:12:5\nrun@https://beamlab.dev/_next/static/chunks/worker.js:1:200";
    expect(formatStackForLearner(stack)).toBe("f@program.ts:10:5");
    expect(sourcePosition(stack)).toEqual({ line: 10, column: 5 });
  });
});

describe("a program's timers (#16 item 11)", () => {
  it("setTimeout, setInterval and setImmediate throw an error that points at Process.sendAfter, at the learner's line", async () => {
    for (const name of ["setTimeout", "setInterval", "setImmediate"]) {
      let ran = false;
      const exports = load(`export default function main(mark: () => void) {\n  ${name}(mark, 10);\n}\n`);
      const e = await crashOf(() => (exports.default as (f: () => void) => void)(() => (ran = true)));
      expect(e.message).toMatch(new RegExp(`^${name} is not available in Beamlab programs: .*outside any process.*Process\\.sendAfter`));
      expect(sourcePosition(e.stack)?.line).toBe(2);
      await new Promise((r) => setTimeout(r, 30));
      expect(ran).toBe(false);
    }
  });

  it("a program may still declare its own setTimeout", () => {
    const exports = load(`const setTimeout = (f: () => number) => f();\nexport default () => setTimeout(() => 7);`);
    expect((exports.default as () => number)()).toBe(7);
  });
});

describe("a program's close() (#16 item 12)", () => {
  it("throws a clear error instead of stopping the scheduler's worker", async () => {
    const exports = load(`export default function main() {\n  close();\n}\n`);
    const e = await crashOf(() => (exports.default as () => void)());
    expect(e.message).toMatch(/^close is not available in Beamlab programs: it would stop this scheduler's worker/);
  });
});

