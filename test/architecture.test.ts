/**
 * The import map: which part of Beamlab may import which. The README's "Architecture" section
 * draws it; this test holds the code to it.
 *
 *     lessons ─────────► index.ts ("beamlab") ──► otp ──► kernel
 *                          ▲     ▲                          ▲
 *     app ─────────────────┘     │                          │
 *      └──────► host ────────────┴──────────────────────────┘
 *                 ├──► compile                              │
 *                 └──► sim (deterministic runs) ────────────┘
 *
 * Every source file under runtime/, app/ and lessons/ is parsed (TypeScript's parser, so a
 * string or comment that looks like an import is not one) and each import is resolved to a
 * repository path: `import ... from`, `export ... from`, `import("...")`, `import type`,
 * `typeof import("...")` and worker entries (`new URL("./x.worker.ts", import.meta.url)`).
 * A failure names the file, the import as written, where it leads and the rule it breaks:
 *
 *     runtime/kernel/send.ts imports "../host/protocol" (runtime/host/protocol.ts): kernel imports
 *     only runtime/kernel/ and runtime/compile/hooks.ts (the kernel knows no host, no OTP, no package)
 *
 * Test files (`*.test.ts`) beside the code may import test support and vitest; they are held
 * to the rules only under app/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The folders whose imports the map constrains. */
const SCANNED = ["runtime", "app", "lessons"];
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

/** One import of a source file. */
interface Import {
  /** As written: `../host/protocol`, `beamlab`, `vitest`. */
  spec: string;
  /** Where it leads, repository-relative (`runtime/host/protocol.ts`); undefined for a package. */
  path?: string;
  /** A package (`vitest`, `react`) or a Node builtin (`node:fs`). */
  pkg?: string;
  builtin: boolean;
  /** `import("...")`: loaded only when the code runs. */
  dynamic: boolean;
}

/** A rule of the map: the files it covers and the imports they may have. */
interface Rule {
  name: string;
  /** What the rule says, shown with every violation. */
  says: string;
  covers(file: string): boolean;
  allows(imp: Import, file: string): boolean;
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);
const under = (dir: string) => (p: string | undefined) => p !== undefined && p.startsWith(`${dir}/`);
const kernel = under("runtime/kernel");
const otp = under("runtime/otp");
const host = under("runtime/host");
const compile = under("runtime/compile");
const sim = under("runtime/sim");
const INDEX = "runtime/index.ts";
const LESSON_CHECKS = "runtime/check/lesson-checks.ts";
const isLessonChecks = (p: string | undefined) => p !== undefined && /^lessons\/\d\d-[^/]+\/checks\.ts$/.test(p);
const external = (i: Import) => i.pkg !== undefined;
const says = (name: string) => RULES.find((r) => r.name === name)!.says;

/** The map. Each rule is checked for every file it covers. */
const RULES: Rule[] = [
  {
    name: "kernel",
    says: "kernel imports only runtime/kernel/ and runtime/compile/hooks.ts (the kernel knows no host, no OTP, no package)",
    covers: (f) => kernel(f) && !isTest(f),
    allows: (i) => kernel(i.path) || i.path === "runtime/compile/hooks.ts",
  },
  {
    name: "otp",
    says: "otp imports only runtime/kernel/ and runtime/otp/",
    covers: (f) => otp(f) && !isTest(f),
    allows: (i) => kernel(i.path) || otp(i.path),
  },
  {
    name: "index",
    says: "runtime/index.ts (\"beamlab\") exports the kernel and OTP only",
    covers: (f) => f === INDEX,
    allows: (i) => kernel(i.path) || otp(i.path),
  },
  {
    name: "host",
    says: "host imports only runtime/host/, runtime/kernel/, runtime/compile/, runtime/sim/, runtime/index.ts and packages",
    covers: (f) => host(f) && !isTest(f),
    allows: (i) => external(i) || host(i.path) || kernel(i.path) || compile(i.path) || sim(i.path) || i.path === INDEX,
  },
  {
    name: "sim",
    says: "sim imports only runtime/sim/, runtime/kernel/, runtime/compile/, runtime/index.ts and the host's recording and exit report (no workers, no package)",
    covers: (f) => sim(f) && !isTest(f),
    allows: (i) =>
      sim(i.path) || kernel(i.path) || compile(i.path) || i.path === INDEX || i.path === "runtime/host/trace-store.ts" || i.path === "runtime/host/exit-report.ts",
  },
  {
    name: "app",
    says: "app imports only app/, runtime/index.ts, runtime/host/, runtime/check/lesson-checks.ts, lessons' checks.ts and packages (never runtime/kernel/)",
    covers: (f) => f.startsWith("app/"),
    allows: (i) =>
      external(i) || under("app")(i.path) || i.path === INDEX || host(i.path) || i.path === LESSON_CHECKS || isLessonChecks(i.path),
  },
  {
    name: "lessons",
    says: "a lesson imports only \"beamlab\" (and its checks.ts only runtime/check/lesson-checks)",
    covers: (f) => f.startsWith("lessons/") && !isTest(f),
    allows: (i, f) => i.spec === "beamlab" || (i.path === LESSON_CHECKS && f.endsWith("/checks.ts")),
  },
  {
    name: "runtime-no-tests",
    says: "the runtime never imports vitest, test/, app/ or lessons/",
    covers: (f) => f.startsWith("runtime/") && !isTest(f),
    allows: (i) => i.pkg !== "vitest" && !["test", "app", "lessons"].some((d) => under(d)(i.path)),
  },
  {
    name: "runtime-no-bench",
    says: "only the CLI reaches bench/, and only with a dynamic import() (the runtime does not depend on its benchmark)",
    covers: (f) => f.startsWith("runtime/") && !isTest(f),
    allows: (i, f) => !under("bench")(i.path) || (f.startsWith("runtime/cli/") && i.dynamic),
  },
  {
    name: "node-host",
    says: "only the hosts and the CLI import the Node host (runtime/host/node-host.ts)",
    covers: (f) => f.startsWith("runtime/") && !isTest(f) && !host(f) && !f.startsWith("runtime/cli/"),
    allows: (i) => i.path !== "runtime/host/node-host.ts",
  },
  {
    name: "browser-builtins",
    says: "code that ships to the browser (compile, check) imports no Node builtin",
    covers: (f) => (compile(f) || f.startsWith("runtime/check/")) && !isTest(f),
    allows: (i) => !i.builtin,
  },
];

/** Resolve a relative specifier to the file it names, as the bundler would (`.ts` when no file is there). */
function resolvePath(from: string, spec: string): string {
  const base = join(dirname(join(ROOT, from)), spec);
  const candidates = [base, ...[".ts", ".tsx", ".mts", ".mjs", ".js"].map((x) => base + x), join(base, "index.ts")];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? (SOURCE.test(base) ? base : `${base}.ts`);
  return relative(ROOT, found).split(sep).join("/");
}

function toImport(from: string, spec: string, dynamic: boolean): Import {
  if (spec === "beamlab") return { spec, path: INDEX, builtin: false, dynamic };
  if (spec.startsWith(".")) return { spec, path: resolvePath(from, spec), builtin: false, dynamic };
  const builtin = spec.startsWith("node:") || isBuiltin(spec);
  const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
  return { spec, pkg, builtin, dynamic };
}

/** The imports of one source file; an `import(expression)` the map cannot follow is reported as `import(<expression>)`. */
function importsOf(file: string, source: string): Import[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : /\.m?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: Import[] = [];
  const add = (spec: string, dynamic = false) => found.push(toImport(file, spec, dynamic));
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      add(n.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const e = n.moduleReference.expression;
      if (ts.isStringLiteral(e)) add(e.text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      add(n.argument.literal.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = n.arguments;
      if (arg !== undefined && ts.isStringLiteralLike(arg)) add(arg.text, true);
      else found.push({ spec: "import(<expression>)", builtin: false, dynamic: true, path: "<unknown>" });
    } else if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "URL" &&
      n.arguments?.length === 2 &&
      ts.isStringLiteralLike(n.arguments[0]) &&
      SOURCE.test(n.arguments[0].text) &&
      n.arguments[1].getText(sf) === "import.meta.url"
    ) {
      add(n.arguments[0].text, true); // a worker entry: loaded when the worker starts
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Every broken rule in `files`, one line each: file, import as written, where it leads, the rule. */
function violations(files: Array<{ path: string; source: string }>, rules: Rule[] = RULES): string[] {
  const out: string[] = [];
  for (const { path, source } of files) {
    const covering = rules.filter((r) => r.covers(path));
    if (covering.length === 0) continue;
    for (const imp of importsOf(path, source)) {
      for (const rule of covering) {
        if (rule.allows(imp, path)) continue;
        const to = imp.path ?? imp.pkg;
        out.push(`${path} imports "${imp.spec}"${to && to !== imp.spec ? ` (${to})` : ""}: ${rule.says}`);
      }
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

describe("the import map", () => {
  const files = SCANNED.flatMap(sourceFiles).map((path) => ({ path, source: readFileSync(join(ROOT, path), "utf8") }));

  it("holds for every file under runtime/, app/ and lessons/", () => {
    // Not vacuous: the scan sees the parts and the edges the map is about.
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([INDEX, "runtime/kernel/scheduler.ts", "app/layout.tsx"]));
    const index = importsOf(INDEX, files.find((f) => f.path === INDEX)!.source).map((i) => i.path);
    expect(index.some(kernel)).toBe(true);
    expect(index.some(otp)).toBe(true);

    const broken = violations(files);
    expect(broken, `\n${broken.join("\n")}\n`).toEqual([]);
  });

  it("names the file and the import when a part reaches where it may not", () => {
    const fake = [
      { path: "runtime/kernel/fake.ts", source: 'import type { HostCommand } from "../host/no-such-file";\nexport const x = 1;' },
      { path: "runtime/otp/fake.ts", source: 'export { cluster } from "../../test/support/cluster";' },
      { path: "runtime/compile/fake.ts", source: 'const w = new Worker(new URL("../host/node-host.ts", import.meta.url));' },
      { path: "runtime/cli/fake.ts", source: 'import { benchCommand } from "../../bench/node";' },
      { path: "app/fake.tsx", source: 'export default async function P() { const { spawn } = await import("../runtime/kernel/api"); }' },
      { path: "lessons/99-fake/solution.ts", source: 'import { check } from "../../runtime/check/lesson-checks";' },
      // Allowed: no violation for these.
      { path: "runtime/cli/ok.ts", source: 'const { benchCommand } = await import("../../bench/node");' },
      { path: "lessons/99-fake/checks.ts", source: '// import { x } from "../../runtime/kernel/api";\nimport type { LessonChecks } from "../../runtime/check/lesson-checks";' },
    ];
    expect(violations(fake)).toEqual([
      'runtime/kernel/fake.ts imports "../host/no-such-file" (runtime/host/no-such-file.ts): ' + says("kernel"),
      'runtime/otp/fake.ts imports "../../test/support/cluster" (test/support/cluster.ts): ' + says("otp"),
      'runtime/otp/fake.ts imports "../../test/support/cluster" (test/support/cluster.ts): ' + says("runtime-no-tests"),
      'runtime/compile/fake.ts imports "../host/node-host.ts" (runtime/host/node-host.ts): ' + says("node-host"),
      'runtime/cli/fake.ts imports "../../bench/node" (bench/node.ts): ' + says("runtime-no-bench"),
      'app/fake.tsx imports "../runtime/kernel/api" (runtime/kernel/api.ts): ' + says("app"),
      'lessons/99-fake/solution.ts imports "../../runtime/check/lesson-checks" (runtime/check/lesson-checks.ts): ' + says("lessons"),
    ]);
  });
});
