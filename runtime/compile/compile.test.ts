import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { compile } from "./compile.ts";
import { CORPUS, misplacedMarks } from "../../test/support/compile-fixtures.ts";

/** A realistic learner program of exactly `lines` lines: a GenServer module, helpers, loops. */
function programOf(lines: number): string {
  const header = `import { spawn, send, receive, self, GenServer, IO, _ } from "beamlab";
import type { Pid } from "beamlab";

type State = { count: number; log: string[] };
`;
  const block = (i: number) => `
// Client ${i}
export async function start${i}(): Promise<Pid> {
  const [, pid] = await GenServer.start(Counter${i}, 0);
  return pid;
}
// Server (callbacks)
const Counter${i} = {
  init(n: number) { return ["ok", { count: n, log: [] } as State] as const; },
  handleCall(req: string, _from: unknown, state: State) {
    switch (req) {
      case "get": return ["reply", state.count, state] as const;
      default: return ["reply", undefined, state] as const;
    }
  },
  handleCast([tag, by]: [string, number], state: State) {
    const next = { ...state, count: state.count + (tag === "inc" ? by : -by) };
    return ["noreply", next] as const;
  },
};
export async function worker${i}(items: number[]): Promise<number> {
  let total = 0;
  for (const item of items) {
    if (item % 2 === 0) continue;
    total += items.filter((x) => x > item).map((x) => x * 2).reduce((a, b) => a + b, 0);
  }
  try {
    send(self(), ["done", total]);
  } catch ({ message }: any) {
    IO.puts(\`failed: \${message}\`);
  }
  const [, result] = await receive(["done", _]);
  return result as number;
}
`;
  let source = header;
  for (let i = 0; (source + block(i)).split("\n").length <= lines; i++) source += block(i);
  const all = source.split("\n");
  while (all.length < lines) all.push(`const pad${all.length} = (n: number) => n + ${all.length};`);
  return all.join("\n");
}

describe("compile", () => {
  it("compiles a program to a body that runs and reports where it is", () => {
    const result = compile(`import { IO } from "beamlab";\nexport default async function main() {\n  IO.puts("hi");\n}`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toContain("async function main() {if (--__bl.r < 0) await __bl.y();");
    expect(result.code.split("\n")[2]).toBe(`  _beamlab.IO.puts("hi");`);
  });

  it("reports syntax errors, sucrase's and acorn's, at the learner's line", () => {
    expect(compile(`const a = 1;\nconst b = ;`)).toEqual({ ok: false, errors: [{ line: 2, column: 11, message: "Unexpected token" }] });
    // sucrase accepts these; acorn does not
    expect(compile(`let a = 1;\n\nlet a = 2;`)).toEqual({
      ok: false,
      errors: [{ line: 3, column: 5, message: "Identifier 'a' has already been declared" }],
    });
    const q = compile(`export default function main() {\n  const q: number;\n}`);
    expect(!q.ok && q.errors[0].line).toBe(2);
  });

  it("reports rule violations with their lines", () => {
    expect(compile(`import { spawn } from "beamlab";\nimport os from "os";\nawait 1;`)).toEqual({
      ok: false,
      errors: [
        { line: 2, column: 1, message: 'Only "beamlab" can be imported here (got "os")' },
        { line: 3, column: 1, message: expect.stringMatching(/^await is only allowed inside an async function/) },
      ],
    });
  });

  it("keeps every line of every corpus program", () => {
    for (const { name, source } of CORPUS) {
      const result = compile(source);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
      expect(result.code.split("\n").length, name).toBe(source.split("\n").length);
      expect(misplacedMarks(result.code), name).toEqual([]);
    }
  });

  it("compiles a 200-line program in at most 20 ms once warm", () => {
    const source = programOf(200);
    expect(source.split("\n").length).toBe(200);
    const first = compile(source);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    for (let i = 0; i < 30; i++) compile(source);
    // Per-compile mean over batches of 10; the best batch, so that other processes on a busy
    // machine do not decide the figure (a slower compiler still fails: every batch is slow).
    const batches: number[] = [];
    for (let b = 0; b < 8; b++) {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) compile(source);
      batches.push((performance.now() - t0) / 10);
    }
    batches.sort((x, y) => x - y);
    console.log(`compile: 200 lines, warm ${batches[0].toFixed(2)} ms per compile (best batch; median batch ${batches[4].toFixed(2)} ms)`);
    expect(batches[0]).toBeLessThan(20);
  });

  it("imports nothing that only Node has, so it runs in a browser Worker", () => {
    const dir = new URL(".", import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "fixtures.ts");
    expect(sources).toContain("compile.ts");
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
      for (const [, spec] of text.matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']/gm)) {
        expect(["sucrase", "acorn", "magic-string"].includes(spec) || spec.startsWith("./"), `${file} imports ${spec}`).toBe(true);
      }
      expect(text, file).not.toMatch(/\b(Buffer|process\.|__dirname)/);
    }
  });
});
