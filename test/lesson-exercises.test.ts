/**
 * Every exercise makes the learner write the answer: the lines of solution.ts that the
 * starter lacks (the answer lines) appear neither in the starter (not even in a comment or a
 * TODO) nor in the lesson's prose. The prose teaches the idea with other code; the starter
 * states the goal. A short line (`}`, `return s;`) gives nothing away and is not counted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("../lessons/", import.meta.url));
const lessons = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

/** A line as compared: no comment marker, no trailing semicolon or comma, spaces collapsed. */
function normal(line: string): string {
  return line
    .trim()
    .replace(/^(\/\/+|\/\*+|\*+\/?|#)\s*/, "")
    .replace(/[;,]\s*$/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Code lines of a TypeScript file (comments dropped), normalised. */
function codeLines(src: string): string[] {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((l) => l.replace(/(^|\s)\/\/.*$/, ""))
    .map(normal)
    .filter((l) => l.length > 0);
}

/** Enough of a line to give the answer away: 16 characters that are not only brackets. */
function tellsSomething(line: string): boolean {
  return line.replace(/[\s{}()[\];,]/g, "").length >= 16;
}

/**
 * What the learner must write: each solution line the starter's code lacks, or, where the
 * starter has the line with a gap (`subscribe(b, { to: a })` for `subscribe(b, { to: a,
 * maxDemand: 10 })`), just what fills the gap.
 */
export function answerLines(solution: string, starter: string): string[] {
  const given = codeLines(starter);
  const have = new Set(given);
  const wanted = codeLines(solution);
  // Starter lines the solution changes: the learner fills their gaps.
  const changed = given.filter((g) => !wanted.includes(g));
  const answers = [...new Set(wanted)].filter((l) => !have.has(l)).map((l) => gapIn(l, changed));
  return [...new Set(answers)].filter(tellsSomething);
}

/** The part of `line` a changed starter line leaves out, when one has at least half of it around the gap; else the line. */
function gapIn(line: string, given: string[]): string {
  let best = line;
  for (const g of given) {
    let pre = 0;
    while (pre < line.length && pre < g.length && line[pre] === g[pre]) pre++;
    let suf = 0;
    while (suf < line.length - pre && suf < g.length - pre && line[line.length - 1 - suf] === g[g.length - 1 - suf]) suf++;
    if (pre + suf < line.length / 2) continue;
    const gap = line.slice(pre, line.length - suf).replace(/^[\s,]+|[\s,]+$/g, "");
    if (gap.length < best.length) best = gap;
  }
  return best;
}

/** Text with every line normalised (comments included), to search answer lines in. */
function flat(text: string): string {
  return text.split("\n").map(normal).join("\n");
}

describe("answerLines", () => {
  it("finds the lines a learner must write, not the ones the starter has or a closing brace", () => {
    const starter = "export default async function main() {\n  const parent = self();\n}\n";
    const solution = "export default async function main() {\n  const parent = self();\n  spawn(async () => send(parent, fib(20)));\n}\n";
    expect(answerLines(solution, starter)).toEqual(["spawn(async () => send(parent, fib(20)))"]);
  });

  it("takes only the gap of a line the starter has in part", () => {
    const starter = "await GenStage.syncSubscribe(b, { to: a });\n";
    const solution = "await GenStage.syncSubscribe(b, { to: a, maxDemand: MAX_DEMAND });\n";
    expect(answerLines(solution, starter)).toEqual(["maxDemand: MAX_DEMAND"]);
  });
});

describe.each(lessons)("lesson %s's exercise", (lesson) => {
  const read = (f: string) => readFileSync(`${dir}${lesson}/${f}`, "utf8");
  const solution = read("solution.ts");
  const starter = read("starter.ts");
  const answers = answerLines(solution, starter);

  it("asks the learner to write something", () => {
    expect(codeLines(solution)).not.toEqual(codeLines(starter));
  });

  it("does not spell the answer out in the starter's comments", () => {
    const text = flat(starter);
    expect(answers.filter((a) => text.includes(a))).toEqual([]);
  });

  it("does not spell the answer out in the prose", () => {
    const text = flat(read("index.md"));
    expect(answers.filter((a) => text.includes(a))).toEqual([]);
  });
});
