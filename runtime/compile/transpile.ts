/**
 * Transpile: the learner's TypeScript module becomes a CommonJS-style JavaScript body, line
 * for line, with sucrase (no type checking — the editor does that).
 *
 * ```
 *   1 import { spawn } from "beamlab";          1 "use strict";…var _beamlab = require('beamlab');
 *   2 export default async function main() {   2  async function main() {
 *   3   const n: number = 1;                     3   const n = 1;
 *   4 }                                          4 } exports.default = main;
 * ```
 *
 * Sucrase preserves line numbers, so a stack trace of the running program points at the
 * learner's line with no source map. The options are chosen for that and for a runtime the
 * browser and Node 20 share:
 * - `keepUnusedImports`: every value import becomes a `require(...)` on its own line, even
 *   when unused, so the import check (see `check.ts`) sees `import x from "fs"`.
 * - `preserveDynamicImport`: `import("x")` stays as written so the check can reject it.
 * - `disableESTransforms`: modern syntax (`?.`, `??`, class fields, `catch {}`) is left alone.
 *
 * Sucrase silently drops `namespace N { ... }` (it supports only type-level namespaces), so a
 * non-`declare` namespace is reported as an error instead of vanishing.
 *
 * Mirrors `elixirc`'s first stage: source to an executable form, with errors at source lines.
 */
import { transform } from "sucrase";
import { fromParserError, type CompileError } from "./errors.ts";

/** The JavaScript for `source`, or its syntax errors (positions in `source`). */
export type TranspileResult = { ok: true; code: string } | { ok: false; errors: CompileError[] };

/** Transpiles one learner module. Never throws on bad input: syntax errors come back as data. */
export function transpile(source: string, opts: { filename?: string } = {}): TranspileResult {
  const namespaces = namespaceErrors(source);
  if (namespaces.length > 0) return { ok: false, errors: namespaces };
  try {
    const { code } = transform(source, {
      transforms: ["typescript", "imports"],
      keepUnusedImports: true,
      preserveDynamicImport: true,
      disableESTransforms: true,
      filePath: opts.filename,
    });
    return { ok: true, code };
  } catch (e) {
    return { ok: false, errors: [fromParserError(e, source)] };
  }
}

// `namespace N {` or `module N {` opening a line, not after `declare`.
const NAMESPACE = /^([ \t]*(?:export\s+)?)(namespace|module)\s+[A-Za-z_$][\w$.]*\s*\{/gm;

function namespaceErrors(source: string): CompileError[] {
  if (!source.includes("namespace") && !source.includes("module")) return [];
  const errors: CompileError[] = [];
  for (const match of source.matchAll(NAMESPACE)) {
    const at = match.index + match[1].length;
    const before = source.slice(0, at);
    const line = before.split("\n").length;
    errors.push({
      line,
      column: at - before.lastIndexOf("\n"),
      message: `TypeScript ${match[2]}s are not supported here: use a plain object or top-level functions`,
    });
  }
  return errors;
}
