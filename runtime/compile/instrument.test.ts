import { describe, expect, it } from "vitest";
import { CORPUS, misplacedMarks } from "../../test/support/compile-fixtures.ts";
import type { BlHooks } from "./hooks.ts";
import { instrument } from "./instrument.ts";
import { loadProgram } from "./load.ts";
import { parseScript } from "./parse.ts";
import { transpile } from "./transpile.ts";

/** The error a fake runtime throws to kill a process. */
class Kill extends Error {}

/**
 * A stand-in for the scheduler's hooks: counts every call; `s()` throws a `Kill` on its
 * `killAfter`th call (and, when `sticky`, on every call after that, as the runtime does);
 * `y()` refills the budget after a macrotask.
 */
function fakeHooks({ budget = 1_000_000, killAfter = Infinity, sticky = true } = {}) {
  const hooks = {
    r: budget,
    sCalls: 0,
    yCalls: 0,
    kCalls: 0,
    killed: false,
    s() {
      hooks.sCalls++;
      if ((sticky && hooks.killed) || hooks.sCalls === killAfter) {
        hooks.killed = true;
        hooks.r = 0; // stays killed: every later check throws again
        throw new Kill("killed");
      }
      hooks.r = budget;
    },
    async y() {
      hooks.yCalls++;
      await new Promise((resolve) => setTimeout(resolve, 0));
      hooks.r = budget;
    },
    k(e: unknown) {
      hooks.kCalls++;
      if (e instanceof Kill) throw e;
    },
  };
  return hooks satisfies BlHooks;
}

const fakeRuntime = { spawn: () => "pid" };
const fakeRequire = (id: string) => {
  if (id !== "beamlab") throw new Error(`no module ${id}`);
  return fakeRuntime;
};

function toJs(ts: string): string {
  const t = transpile(ts);
  if (!t.ok) throw new Error(`does not transpile: ${JSON.stringify(t.errors)}`);
  return t.code;
}

function instrumentTs(ts: string): string {
  const js = toJs(ts);
  return instrument(js, parseScript(js));
}

/** Loads instrumented `ts` and returns its default export's result. */
async function runInstrumented(ts: string, hooks: BlHooks = fakeHooks()): Promise<unknown> {
  const main = loadProgram(instrumentTs(ts), fakeRequire, hooks).default as () => unknown;
  return await main(); // called as a plain function, as the runtime calls a process
}

describe("instrument", () => {
  describe("on a corpus of tricky programs", () => {
    for (const { name, source } of CORPUS) {
      it(`keeps valid JavaScript, lines and behaviour: ${name}`, async () => {
        const plainJs = toJs(source);
        const code = instrumentTs(source);
        expect(() => new Function("require", "exports", "module", "__bl", code)).not.toThrow();
        expect(code.split("\n").length).toBe(source.split("\n").length);
        expect(misplacedMarks(code)).toEqual([]);

        const plain = await (loadProgram(plainJs, fakeRequire, fakeHooks()).default as () => unknown)();
        const hooks = fakeHooks();
        const before = hooks.r;
        const result = await runInstrumented(source, hooks);
        expect(result).toEqual(plain);
        expect(hooks.r).toBeLessThan(before);
      });
    }
  });

  it("costs one reduction per function call and one per loop iteration", async () => {
    const hooks = fakeHooks();
    await runInstrumented(
      `export default function main() { let n = 0; for (let i = 0; i < 10; i++) n += inc(); return n; }
       function inc() { return 1; }`,
      hooks,
    );
    // main: 1, ten iterations: 10, ten calls of inc: 10
    expect(1_000_000 - hooks.r).toBe(21);
  });

  it("counts a call of an expression-bodied arrow", async () => {
    const hooks = fakeHooks();
    const result = await runInstrumented(`export default () => [1, 2, 3].map((x) => ({ x }))`, hooks);
    expect(result).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(1_000_000 - hooks.r).toBe(4);
  });

  it("ends a sync infinite loop when the runtime's s() throws", async () => {
    const hooks = fakeHooks({ budget: 100, killAfter: 5 });
    await expect(runInstrumented(`export default function main() { while (true) {} }`, hooks)).rejects.toBeInstanceOf(Kill);
    expect(hooks.sCalls).toBe(5);
  });

  it("ends an infinite loop with a non-block body", async () => {
    const hooks = fakeHooks({ budget: 10, killAfter: 3 });
    await expect(runInstrumented(`export default function main() { for (;;) ; }`, hooks)).rejects.toBeInstanceOf(Kill);
  });

  it("ends infinite recursion through function-entry checks", async () => {
    const hooks = fakeHooks({ budget: 10, killAfter: 3 });
    await expect(
      runInstrumented(`export default function main() { const f = (n: number): number => n === -1 ? 0 : f(n + 1); return f(0); }`, hooks),
    ).rejects.toBeInstanceOf(Kill);
  });

  describe("catch", () => {
    for (const [form, clause] of [
      ["catch (e)", "catch (e) { }"],
      ["catch without a binding", "catch { }"],
      ["a destructuring catch", "catch ({ message }: any) { void message; }"],
    ] as const) {
      it(`cannot swallow a kill: ${form}`, async () => {
        // Not sticky: only the rethrow in the catch can stop main from returning "swallowed".
        const hooks = fakeHooks({ budget: 100, killAfter: 3, sticky: false });
        await expect(
          runInstrumented(`export default function main() { try { while (true) {} } ${clause} return "swallowed"; }`, hooks),
        ).rejects.toBeInstanceOf(Kill);
        expect(hooks.kCalls).toBe(1);
      });
    }

    it("still catches ordinary errors, with the destructured names bound", async () => {
      const hooks = fakeHooks();
      const result = await runInstrumented(
        `export default function main() {
           try { throw new RangeError("bad"); } catch ({ name, message }: any) { return name + ":" + message; }
         }`,
        hooks,
      );
      expect(result).toBe("RangeError:bad");
      expect(hooks.kCalls).toBe(1);
    });

    it("cannot swallow a kill in async code either", async () => {
      const hooks = fakeHooks({ budget: 100, killAfter: 2, sticky: false });
      await expect(
        runInstrumented(
          `export default async function main() { try { [1].forEach(() => { while (true) {} }); } catch (e) { return "swallowed"; } }`,
          hooks,
        ),
      ).rejects.toBeInstanceOf(Kill);
    });
  });

  it("does not let finally { return } keep a killed process alive", async () => {
    const hooks = fakeHooks({ budget: 100, killAfter: 3 });
    await expect(
      runInstrumented(`export default function main() { try { while (true) {} } finally { return "survived"; } }`, hooks),
    ).rejects.toBeInstanceOf(Kill);
  });

  it("yields from a long loop inside an async function", async () => {
    const hooks = fakeHooks({ budget: 10 });
    const result = await runInstrumented(
      `export default async function main() { let n = 0; for (let i = 0; i < 100; i++) n += i; return n; }`,
      hooks,
    );
    expect(result).toBe(4950);
    // 101 reductions (entry + 100 iterations) with a budget of 10: the check fires on the
    // 11th, then every 11th after a refill to 10.
    expect(hooks.yCalls).toBe(9);
    expect(hooks.sCalls).toBe(0);
  });

  it("lets two async loops interleave: each y() is a real context switch", async () => {
    const hooks = fakeHooks({ budget: 3 });
    const log: string[] = [];
    const exports = loadProgram(
      instrumentTs(`
        export async function loop(name: string, log: string[]) {
          for (let i = 0; i < 6; i++) log.push(name);
        }`),
      fakeRequire,
      hooks,
    );
    const loop = exports.loop as (name: string, log: string[]) => Promise<void>;
    const a = loop("a", log);
    hooks.r = 3; // as the scheduler does when it starts the next process
    const b = loop("b", log);
    await Promise.all([a, b]);
    expect(log.join("")).not.toMatch(/^a{6}b{6}$/);
    expect(log.join("").slice(0, 4)).toBe("aabb");
  });

  it("checks with s() inside a sync callback of an async function", async () => {
    const code = instrumentTs(`export default async function main() { return [1, 2].map((x) => { for (;;) return x; }); }`);
    expect(code).toContain("async function main() {if (--__bl.r < 0) await __bl.y();");
    expect(code).toContain("map((x) => {if (--__bl.r < 0) __bl.s(); for (;;) {if (--__bl.r < 0) __bl.s(); return x;} })");
    const hooks = fakeHooks({ budget: 0 });
    expect(await runInstrumented(`export default async function main() { return [1, 2].map((x) => { for (;;) return x; }); }`, hooks)).toEqual([1, 2]);
    expect(hooks.sCalls).toBe(4);
    expect(hooks.yCalls).toBe(1);
  });

  it("uses await __bl.y() in async arrows, async methods and async generators", () => {
    const code = instrumentTs(`
      const a = async (x: number) => x;
      const o = { async m() { }, async *g() { } };
      class C { async m() { } }`);
    expect(code).toContain("async (x) => (--__bl.r < 0 && await __bl.y(), x)");
    expect(code).toContain("async m() {if (--__bl.r < 0) await __bl.y(); }, async *g() {if (--__bl.r < 0) await __bl.y(); }");
    expect(code).toContain("class C { async m() {if (--__bl.r < 0) await __bl.y(); } }");
  });

  it("wraps an expression body in parentheses so operators keep their meaning", async () => {
    const code = instrumentTs(`export default () => [(() => ({ a: 1 }))(), ((x: number) => x, 2), (() => 1 ? 2 : 3)()]`);
    expect(code).toContain("() => ((--__bl.r < 0 && __bl.s(), { a: 1 }))");
    expect(await runInstrumented(`export default () => [(() => ({ a: 1 }))(), (() => 1 ? 2 : 3)()]`)).toEqual([{ a: 1 }, 2]);
  });

  it("puts a check after a function's directive prologue, keeping it a directive", async () => {
    const code = instrumentTs(`export default function main() { "use strict"\n  return this; }`);
    expect(code).toContain(`"use strict";if (--__bl.r < 0) __bl.s();`);
    expect(await runInstrumented(`export default function main(this: unknown) { "use strict"\n  return this; }`)).toBeUndefined();
  });

  it("does not instrument sucrase's import helpers", () => {
    const code = instrumentTs(`import * as B from "beamlab";\nimport D from "beamlab";\nexport default () => [B, D];`);
    const firstLine = code.split("\n")[0];
    expect(firstLine).toContain("function _interopRequireWildcard(obj) {");
    expect(firstLine).not.toContain("_interopRequireWildcard(obj) {if");
    expect(firstLine.match(/__bl\./g)).toBeNull();
  });

  it("inserts no line breaks even into multi-line destructuring catches", () => {
    const source = `try {\n  f();\n} catch ({\n  message,\n}: any) {\n  g(message);\n}\n`;
    const code = instrumentTs(source);
    expect(code.split("\n").length).toBe(source.split("\n").length);
    const lines = code.split("\n");
    expect(lines[2]).toBe("} catch (__blE) {__bl.k(__blE); let {");
    expect(lines[3]).toBe("  message,");
    expect(lines[4]).toMatch(/^\}\s*= __blE;\s*\{$/);
  });
});
