/**
 * Loads Monaco from the local `monaco-editor` package, once, in the browser only (never on
 * the server, never from a CDN). Call it from a client effect:
 *
 *   const monaco = await loadMonaco();
 *   monaco.editor.create(el, { language: "typescript" });
 *
 * It sets `self.MonacoEnvironment.getWorker` for every worker label Monaco asks for, makes
 * the TypeScript checker strict, and declares the "beamlab" module so learner imports
 * type-check. The Workbench should replace that placeholder with the runtime's real types
 * via `setBeamlabTypes(dts)`.
 */
import type * as Monaco from "monaco-editor";

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | undefined;

function createWorker(label: string): Worker {
  // Each `new Worker(new URL(...))` is a literal so that Turbopack bundles the worker file.
  switch (label) {
    case "typescript":
    case "javascript":
      return new Worker(new URL("./workers/ts.worker.ts", import.meta.url), { type: "module", name: label });
    case "json":
      return new Worker(new URL("./workers/json.worker.ts", import.meta.url), { type: "module", name: label });
    case "css":
    case "scss":
    case "less":
      return new Worker(new URL("./workers/css.worker.ts", import.meta.url), { type: "module", name: label });
    case "html":
    case "handlebars":
    case "razor":
      return new Worker(new URL("./workers/html.worker.ts", import.meta.url), { type: "module", name: label });
    default:
      return new Worker(new URL("./workers/editor.worker.ts", import.meta.url), { type: "module", name: label });
  }
}

/** Placeholder until the runtime publishes its .d.ts: every import from "beamlab" is `any`. */
const BEAMLAB_PLACEHOLDER_TYPES = `declare module "beamlab";\n`;
const BEAMLAB_TYPES_PATH = "file:///node_modules/beamlab/index.d.ts";

let beamlabTypes: { dispose(): void } | undefined;

/** Gives the editor the runtime's type declarations (a `declare module "beamlab" { ... }` text). */
export function setBeamlabTypes(monaco: MonacoApi, dts: string): void {
  beamlabTypes?.dispose();
  beamlabTypes = monaco.typescript.typescriptDefaults.addExtraLib(dts, BEAMLAB_TYPES_PATH);
}

async function load(): Promise<MonacoApi> {
  self.MonacoEnvironment = {
    getWorker: (_workerId: string, label: string) => createWorker(label),
  };
  const monaco = await import("monaco-editor");
  const ts = monaco.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    lib: ["es2022"],
    allowNonTsExtensions: true,
    noEmit: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  ts.typescriptDefaults.setEagerModelSync(true);
  setBeamlabTypes(monaco, BEAMLAB_PLACEHOLDER_TYPES);
  return monaco;
}

/** The Monaco API, loaded on first call (browser only). */
export function loadMonaco(): Promise<MonacoApi> {
  if (typeof window === "undefined") return Promise.reject(new Error("Monaco runs in the browser only"));
  loading ??= load();
  return loading;
}
