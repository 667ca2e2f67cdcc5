/**
 * Every lesson's checks, run as CI runs them: the solution through the Node runner on worker
 * threads must pass every check; where the lesson is an exercise, the starter must fail one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, evaluateExplored, exploredView, type CheckResult, type LessonChecks, type RunView } from "../runtime/check/lesson-checks";
import { explore } from "../runtime/sim/explore";
import { compile } from "../runtime/compile/index";
import type { DecodedFrame } from "../runtime/host/stats";
import { runOnNode } from "../runtime/host/node-host";

const dir = fileURLToPath(new URL("../lessons/", import.meta.url));
const lessons = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

async function runFile(lesson: string, file: string, checks: LessonChecks): Promise<RunView> {
  const compiled = compile(readFileSync(`${dir}${lesson}/${file}`, "utf8"));
  if (!compiled.ok) throw new Error(`${lesson}/${file} does not compile: ${JSON.stringify(compiled.errors)}`);
  const frames: DecodedFrame[] = [];
  const r = await runOnNode(compiled.code, {
    schedulers: checks.schedulers ?? 2,
    timeoutMs: checks.timeoutMs ?? 10_000,
    statsHz: checks.statsHz ?? 0,
    onStats: (f) => frames.push(f),
  });
  return { status: r.status, out: r.output.filter((l) => l.kind === "out").map((l) => l.text), lines: r.output, frames };
}

/** The checks over `file`: one run, or (a lesson about races) every deterministic schedule explored. */
async function checkFile(lesson: string, file: string, checks: LessonChecks): Promise<CheckResult[]> {
  if (!checks.explore) return evaluate(checks, await runFile(lesson, file, checks));
  const compiled = compile(readFileSync(`${dir}${lesson}/${file}`, "utf8"));
  if (!compiled.ok) throw new Error(`${lesson}/${file} does not compile: ${JSON.stringify(compiled.errors)}`);
  const r = await explore(compiled.code, { runs: checks.explore.runs, schedulers: checks.schedulers ?? 2, timeoutMs: checks.timeoutMs });
  return evaluateExplored(
    checks,
    r.groups.map((g) => ({ firstSeed: g.firstSeed, count: g.count, view: exploredView(g) })),
  );
}

describe.each(lessons)("lesson %s", (lesson) => {
  it("passes its checks with solution.ts", async () => {
    const checks = (await import(`../lessons/${lesson}/checks.ts`)).default as LessonChecks;
    const results = await checkFile(lesson, "solution.ts", checks);
    const failed = results.filter((r) => !r.ok);
    expect(failed, failed.map((f) => `${f.name}: ${f.message}`).join("\n")).toEqual([]);
  });

  it("fails a check with starter.ts when the lesson is an exercise", async () => {
    const checks = (await import(`../lessons/${lesson}/checks.ts`)).default as LessonChecks;
    if (!checks.exercise) return;
    const results = await checkFile(lesson, "starter.ts", checks);
    expect(results.some((r) => !r.ok)).toBe(true);
  });
});
