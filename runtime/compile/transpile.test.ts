import { describe, expect, it } from "vitest";
import { CORPUS, misplacedMarks } from "../../test/support/compile-fixtures.ts";
import { transpile } from "./transpile.ts";

function errorsOf(source: string) {
  const result = transpile(source);
  if (result.ok) throw new Error(`expected a syntax error, got:\n${result.code}`);
  return result.errors;
}

describe("transpile", () => {
  describe("reports a syntax error at the learner's line and column", () => {
    const cases: [string, string, { line: number; column: number; message: string }][] = [
      ["an unclosed parameter list", "const a = 1;\nfunction f( {\n}", { line: 3, column: 2, message: 'Unexpected token, expected ","' }],
      ["a missing initialiser", "let x = ;", { line: 1, column: 9, message: "Unexpected token" }],
      [
        "an unterminated string",
        'export default function main() {\n  const s = "unterminated;\n}',
        { line: 2, column: 13, message: "Unterminated string constant" },
      ],
      ["a missing comma in an object", "const a = {\n  b: 1,\n  c: 2\n  d: 3\n};", { line: 4, column: 3, message: 'Unexpected token, expected ","' }],
      ["an extra closing brace", "class A {\n  method() {\n  }\n}}\n", { line: 4, column: 2, message: "Unexpected token" }],
      ["an unterminated template", "const t = `abc", { line: 1, column: 12, message: "Unterminated template" }],
      ["a doubled else", "if (x) {\n} else else {}", { line: 2, column: 8, message: "Unexpected token" }],
      ["a missing type", "\n\n\nconst x: = 1;", { line: 4, column: 10, message: "Unexpected token" }],
    ];
    for (const [what, source, expected] of cases) {
      it(what, () => {
        expect(errorsOf(source)).toEqual([expected]);
      });
    }
  });

  it("keeps every line where the learner wrote it", () => {
    for (const { name, source } of CORPUS) {
      const result = transpile(source);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
      expect(result.code.split("\n").length, name).toBe(source.split("\n").length);
      expect(misplacedMarks(result.code), name).toEqual([]);
    }
  });

  it("turns imports into require calls on the import's line, even when unused", () => {
    const result = transpile(`// line 1\nimport { spawn } from "beamlab";\nimport unused from "fs";\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = result.code.split("\n");
    expect(lines[1]).toContain(`require('beamlab')`);
    expect(lines[2]).toContain(`require('fs')`);
  });

  it("puts the default export on exports.default and named exports on exports", () => {
    const result = transpile(`export default async function main() {\n}\nexport function helper() {}\nexport const k = 1;`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toContain("exports.default = main;");
    expect(result.code).toContain("exports.helper = helper;");
    expect(result.code).toContain("exports.k = k;");
  });

  it("leaves modern syntax alone instead of adding helpers", () => {
    const result = transpile(`const a = b?.c ?? d; try { } catch { }`);
    expect(result.ok && result.code).toBe(`"use strict";const a = b?.c ?? d; try { } catch { }`);
  });

  it("rejects a namespace, which sucrase would silently drop", () => {
    expect(errorsOf(`const a = 1;\n\nexport namespace Geo {\n  export const origin = 0;\n}`)).toEqual([
      { line: 3, column: 8, message: "TypeScript namespaces are not supported here: use a plain object or top-level functions" },
    ]);
    expect(transpile(`declare namespace Ambient {\n  const x: number;\n}`).ok).toBe(true);
  });
});
