import { describe, expect, it } from "vitest";
import { checkProgram } from "./check.ts";
import { parseScript } from "./parse.ts";
import { transpile } from "./transpile.ts";

function check(source: string) {
  const result = transpile(source);
  if (!result.ok) throw new Error(`does not transpile: ${JSON.stringify(result.errors)}`);
  return checkProgram(parseScript(result.code), result.code, source);
}

const fs = 'Only "beamlab" can be imported here (got "fs")';

describe("check", () => {
  it("accepts every way of importing beamlab", () => {
    expect(
      check(`import { spawn, type Pid } from "beamlab";
import type { Ref } from "beamlab";
import * as B from "beamlab";
import D from "beamlab";
import "beamlab";
export { send } from "beamlab";
export default async function main() { await B.receive(); }`),
    ).toEqual([]);
  });

  describe("rejects importing any other module, at the import's line", () => {
    const cases: [string, string, { line: number; column: number; message: string }][] = [
      ["an unused default import", `// 1\n\nimport x from "fs";`, { line: 3, column: 1, message: fs }],
      ["named imports", `import { spawn } from "beamlab";\n  import { readFile } from 'fs';`, { line: 2, column: 3, message: fs }],
      ["a side-effect import", `import "fs";`, { line: 1, column: 1, message: fs }],
      ["a re-export", `\nexport * from "fs";`, { line: 2, column: 1, message: fs }],
      ["a named re-export", `export { readFile } from "fs";`, { line: 1, column: 1, message: fs }],
      ["import = require", `import fsm = require("fs");`, { line: 1, column: 1, message: fs }],
      ["a direct require", `const m = require("fs");`, { line: 1, column: 11, message: fs }],
      ["a multi-line import (at the line naming the module)", `import {\n  readFile,\n} from "fs";`, { line: 3, column: 8, message: fs }],
      [
        "a relative path",
        `import { x } from "./helpers";`,
        { line: 1, column: 1, message: 'Only "beamlab" can be imported here (got "./helpers")' },
      ],
      [
        "a computed require",
        `const name = "fs";\nconst m = require(name);`,
        { line: 2, column: 11, message: 'Only "beamlab" can be imported here (got a module name computed at run time)' },
      ],
    ];
    for (const [what, source, expected] of cases) {
      it(what, () => {
        expect(check(source)).toEqual([expected]);
      });
    }
  });

  it("rejects import() at its line", () => {
    const errors = check(`export default async function main() {\n  const m = await import("beamlab");\n}`);
    expect(errors).toEqual([
      { line: 2, column: 19, message: 'import() is not available: import what you need from "beamlab" at the top of the file' },
    ]);
  });

  it("rejects top-level await and for await at their lines", () => {
    const errors = check(`const a = 1;\nawait Promise.resolve();\nfor await (const x of []) {}\n`);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(errors[0].message).toMatch(/^await is only allowed inside an async function/);
  });

  it("accepts await inside any async function, even one defined at the top level", () => {
    expect(check(`const f = async () => { await 1; for await (const x of []) {} };\nclass C { async m() { await 2; } }`)).toEqual([]);
  });

  it("reserves names starting with __bl for the compiler's hooks", () => {
    expect(check(`let x = 1;\nconst __bl = { r: 1e9 };`)).toEqual([
      { line: 2, column: 7, message: 'Names starting with "__bl" are reserved for Beamlab (got "__bl")' },
    ]);
    expect(check(`const { __blob } = { __blob: 1 };`).map((e) => e.message)).toEqual([
      'Names starting with "__bl" are reserved for Beamlab (got "__blob")',
    ]);
  });

  it("lets property names start with __bl", () => {
    expect(check(`const o = { __blob: 1, get __blx() { return 1; } };
class C { __bly = 2; __blz() {} }
console.log(o.__blob);`)).toEqual([]);
  });
});
