/**
 * Type errors before a run: TypeScript's types are advisory (the runtime strips them and runs
 * the code, as `tsc` would still emit it), but a run of code with type errors should not end
 * "normally" as if nothing were wrong. The workbench asks Monaco's TypeScript worker for the
 * model's diagnostics (waiting at most `timeoutMs`) and the console says so first:
 *
 *     2 type errors (line 4: Type 'string' is not assignable to type 'number'.; line 9: …); running anyway
 *
 *     const problems = await typeProblems(monaco, model, 1500);   // null: no answer in time
 *     const note = describeTypeProblems(problems ?? []);           // null when there are none
 */
import type * as Monaco from "monaco-editor";
import type { MonacoApi } from "./loadMonaco";

/** One type error, where it is and what it says. */
export interface TypeProblem {
  line: number;
  message: string;
}

/** How many errors the console line spells out; the rest are counted. */
const SHOWN = 3;

/** The console's line for `problems`: "2 type errors (line 4: …; line 9: …); running anyway", or null. */
export function describeTypeProblems(problems: TypeProblem[]): string | null {
  if (problems.length === 0) return null;
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, SHOWN).map((p) => `line ${p.line}: ${p.message}`);
  if (sorted.length > SHOWN) shown.push(`${sorted.length - SHOWN} more`);
  const n = problems.length;
  return `${n} type error${n === 1 ? "" : "s"} (${shown.join("; ")}); running anyway`;
}

type Chain = string | { messageText: string };

/**
 * The model's type and syntax errors from Monaco's TypeScript worker; when it does not answer
 * within `timeoutMs` (a cold worker, a busy machine: the run must not wait long for it), the
 * errors the editor already underlines, if any; null when there is neither.
 */
export async function typeProblems(monaco: MonacoApi, model: Monaco.editor.ITextModel, timeoutMs: number): Promise<TypeProblem[] | null> {
  const asked = await askWorker(monaco, model, timeoutMs);
  if (asked) return asked;
  const underlined = monaco.editor
    .getModelMarkers({ resource: model.uri, owner: "typescript" })
    .filter((m) => m.severity === monaco.MarkerSeverity.Error)
    .map((m) => ({ line: m.startLineNumber, message: oneLine(m.message) }));
  return underlined.length ? underlined : null;
}

async function askWorker(monaco: MonacoApi, model: Monaco.editor.ITextModel, timeoutMs: number): Promise<TypeProblem[] | null> {
  const ask = async (): Promise<TypeProblem[]> => {
    const getWorker = await monaco.typescript.getTypeScriptWorker();
    const worker = await getWorker(model.uri);
    const file = model.uri.toString();
    const version = model.getVersionId();
    const diagnostics = [...(await worker.getSyntacticDiagnostics(file)), ...(await worker.getSemanticDiagnostics(file))];
    if (model.isDisposed() || model.getVersionId() !== version) return [];
    return diagnostics
      .filter((d) => d.category === 1 /* Error */ && d.start !== undefined)
      .map((d) => ({
        line: model.getPositionAt(d.start!).lineNumber,
        message: oneLine(typeof (d.messageText as Chain) === "string" ? (d.messageText as string) : (d.messageText as { messageText: string }).messageText),
      }));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([ask(), new Promise<null>((r) => (timer = setTimeout(() => r(null), timeoutMs)))]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
