/**
 * Check: the rules a Beamlab program must follow beyond being valid TypeScript, each
 * reported at the learner's line in words a learner can act on.
 *
 * - Only `"beamlab"` can be imported. A program runs inside a scheduler worker with nothing
 *   else to load; `import fs from "fs"` (which sucrase turns into `require('fs')` on the same
 *   line) is an error there, not a crash at run time.
 * - No `import()`: modules are not loaded at run time.
 * - No top-level `await`: top-level code runs once per scheduler, synchronously, to define
 *   things; waiting belongs in a process (`export default async function main`).
 * - Names starting with `__bl` belong to the compiler's hooks (see `hooks.ts`).
 *
 * ```ts
 * checkProgram(parseScript(js), source)
 * // [{ line: 2, column: 1, message: 'Only "beamlab" can be imported here (got "fs")' }]
 * ```
 *
 * Type-only imports (`import type { X } from "fs"`) are erased by sucrase before this pass
 * sees them; they have no effect at run time and are left to the editor's type checker.
 *
 * Mirrors the errors `elixirc` raises before any code runs.
 */
import { positionOf, sourceColumn, type CompileError } from "./errors.ts";
import { forEachChild, type AnyNode, type Node, type Program } from "./parse.ts";

/** The module learner programs may import. */
export const RUNTIME_MODULE = "beamlab";

/** Every rule broken by the compiled program `js` (parsed as `ast`), at `source` positions. */
export function checkProgram(ast: Program, js: string, source: string): CompileError[] {
  const errors: CompileError[] = [];
  const report = (node: Node, needles: string[], message: string) => {
    const { line, column: compiledColumn } = positionOf(js, node.start);
    let column = compiledColumn;
    for (const needle of needles) {
      const found = sourceColumn(source, line, needle, -1);
      if (found > 0) {
        column = found;
        break;
      }
    }
    errors.push({ line, column, message });
  };

  const visit = (node: AnyNode, insideFunction: boolean): void => {
    switch (node.type) {
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        forEachChild(node, (child) => visit(child, true));
        return;
      case "CallExpression": {
        if (node.callee.type === "Identifier" && node.callee.name === "require") {
          const arg = node.arguments[0];
          if (arg?.type === "Literal" && typeof arg.value === "string") {
            if (arg.value !== RUNTIME_MODULE) {
              // A multi-line import's require lands on its last line, the one naming the module.
              const name = arg.value;
              report(node, ["import", "export", "require", `"${name}"`, `'${name}'`], onlyRuntime(`"${name}"`));
            }
          } else {
            report(node, ["require"], onlyRuntime("a module name computed at run time"));
          }
        }
        break;
      }
      case "ImportExpression":
        report(node, ["import("], `import() is not available: import what you need from "${RUNTIME_MODULE}" at the top of the file`);
        break;
      case "AwaitExpression":
        if (!insideFunction) report(node, ["await"], topLevelAwait());
        break;
      case "ForOfStatement":
        if (node.await && !insideFunction) report(node, ["for await", "for"], topLevelAwait());
        break;
      // Property names (`o.__blob`, `{ __blob: 1 }`) are not bindings: only look at values.
      case "MemberExpression":
        if (!node.computed) {
          visit(node.object, insideFunction);
          return;
        }
        break;
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition":
        if (!node.computed) {
          if (node.value) visit(node.value, insideFunction);
          return;
        }
        break;
      case "Identifier":
        if (node.name.startsWith("__bl")) {
          report(node, [node.name], `Names starting with "__bl" are reserved for Beamlab (got "${node.name}")`);
        }
        break;
    }
    forEachChild(node, (child) => visit(child, insideFunction));
  };
  visit(ast, false);
  return errors;
}

function onlyRuntime(got: string): string {
  return `Only "${RUNTIME_MODULE}" can be imported here (got ${got})`;
}

function topLevelAwait(): string {
  return "await is only allowed inside an async function: top-level code runs once per scheduler to define things; wait inside a process instead (e.g. export default async function main)";
}
