#!/usr/bin/env node
/**
 * Generates the "beamlab" module's type declarations for the editor: the TypeScript 5.9
 * compiler API emits a .d.ts for runtime/index.ts and every file it imports (doc comments
 * kept), and writes them, keyed by path, to public/beamlab-types.json:
 *
 *     { "index.d.ts": "export { spawn, ... } from \"./kernel/api\";", "kernel/api.d.ts": "...", ... }
 *
 * The Workbench fetches that file once Monaco is loaded and adds each entry as an extra lib
 * at file:///node_modules/beamlab/<path>, so `import ... from "beamlab"` resolves like an
 * installed package: completions, hover docs and type errors for the whole API.
 *
 * The output is generated, not committed (.gitignore): `npm run build`, `dev`, `test` and
 * scripts/e2e.mjs run this first. `node scripts/gen-types.mjs` by hand after changing runtime/.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME = path.join(ROOT, "runtime");
export const OUTPUT = path.join(ROOT, "public", "beamlab-types.json");

/** Emit the declarations of runtime/index.ts and its imports: { "kernel/api.d.ts": text, ... }. */
export function generateTypes(entry = path.join(RUNTIME, "index.ts")) {
  const options = {
    declaration: true,
    emitDeclarationOnly: true,
    removeComments: false,
    stripInternal: true,
    skipLibCheck: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    noEmitOnError: false,
  };
  const host = ts.createCompilerHost(options);
  const files = {};
  host.writeFile = (fileName, text) => {
    const rel = path.relative(RUNTIME, fileName).split(path.sep).join("/");
    if (rel.startsWith("..")) return;
    // Imports keep the source's ".ts" extensions; the editor resolves extensionless paths.
    files[rel] = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']*?)\.ts\2/g, "$1$2$3$2");
  };
  const program = ts.createProgram([entry], options, host);
  const result = program.emit(undefined, undefined, undefined, true);
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" }));
  }
  if (!files["index.d.ts"]) throw new Error("no declarations emitted for runtime/index.ts");
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const files = generateTypes();
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  const json = JSON.stringify(files);
  fs.writeFileSync(OUTPUT, json);
  console.log(`gen-types: ${Object.keys(files).length} declaration files, ${(json.length / 1024).toFixed(0)} KB → ${path.relative(ROOT, OUTPUT)} in ${Date.now() - started} ms`);
}
