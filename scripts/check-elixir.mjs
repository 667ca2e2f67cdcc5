#!/usr/bin/env node
/**
 * npm run check:elixir — every lesson's Elixir twin still prints what the lesson says.
 *
 * For each lessons/NN-slug/elixir.ex: run `elixir` on it and compare its stdout, line by
 * line, with lessons/NN-slug/elixir.expected. In the expected file:
 *
 *     fib(20): 6765                  a line that must appear exactly (trailing spaces ignored)
 *     /^sequential: \d+ ms$/         a regex, for timings and pids (must match the whole line
 *                                    only if it says so with ^ and $)
 *     ...                            any number of lines (0 or more), e.g. a crash report
 *
 * Trailing blank lines are ignored on both sides. The program must also exit with status 0.
 *
 *     node scripts/check-elixir.mjs                    check every lesson
 *     node scripts/check-elixir.mjs 02 05-fault        only lessons whose folder starts so
 *     node scripts/check-elixir.mjs --write-missing    create .expected files that do not
 *                                                      exist yet from a real run (never
 *                                                      overwrites; edit timings into /regex/)
 *
 * When `elixir` is not installed, prints a note and exits 0: the TypeScript checks
 * (npx vitest run lessons) still hold the lessons to their claims.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const lessonsDir = join(root, "lessons");
const args = process.argv.slice(2);
const writeMissing = args.includes("--write-missing");
const filters = args.filter((a) => !a.startsWith("--"));
const TIMEOUT_MS = Number(process.env.CHECK_ELIXIR_TIMEOUT_MS ?? 60_000);

const probe = spawnSync("elixir", ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.log("check:elixir: `elixir` is not installed here, so the lessons' Elixir twins were not run (skipped, not failed).");
  process.exit(0);
}

const lessons = readdirSync(lessonsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .filter((name) => filters.length === 0 || filters.some((f) => name.startsWith(f)))
  .filter((name) => existsSync(join(lessonsDir, name, "elixir.ex")))
  .sort();

let failures = 0;
for (const lesson of lessons) {
  const ex = join(lessonsDir, lesson, "elixir.ex");
  const expectedPath = join(lessonsDir, lesson, "elixir.expected");
  const started = Date.now();
  const r = spawnSync("elixir", [relative(root, ex)], { cwd: root, encoding: "utf8", timeout: TIMEOUT_MS });
  const ms = Date.now() - started;
  const actual = toLines(r.stdout ?? "");

  const problems = [];
  if (r.error) problems.push(`elixir did not finish: ${r.error.message}`);
  else if (r.status !== 0) problems.push(`elixir exited with status ${r.status}`);

  if (!existsSync(expectedPath)) {
    if (writeMissing && problems.length === 0) {
      writeFileSync(expectedPath, actual.join("\n") + "\n");
      console.log(`wrote ${relative(root, expectedPath)} from a real run (${actual.length} lines): edit timings into /regex/ lines`);
      continue;
    }
    problems.push(`no ${relative(root, expectedPath)} (create it with --write-missing)`);
  } else {
    const expected = toLines(readFileSync(expectedPath, "utf8"));
    const mismatch = compare(expected, actual);
    if (mismatch) problems.push(mismatch);
  }

  if (problems.length === 0) {
    console.log(`ok   ${lesson} (${ms} ms)`);
  } else {
    failures++;
    console.log(`FAIL ${lesson} (${ms} ms)`);
    for (const p of problems) console.log(indent(p));
    console.log(indent("stdout was:\n" + (actual.length ? actual.map((l) => "  " + l).join("\n") : "  (nothing)")));
    const err = (r.stderr ?? "").trim();
    if (err) console.log(indent("stderr was:\n" + err.split("\n").slice(0, 30).map((l) => "  " + l).join("\n")));
  }
}

if (lessons.length === 0) console.log("check:elixir: no lessons matched");
console.log(failures ? `check:elixir: ${failures} of ${lessons.length} lessons failed` : `check:elixir: ${lessons.length} lessons ok`);
process.exit(failures ? 1 : 0);

/** Text → lines without trailing whitespace, trailing blank lines dropped. */
function toLines(text) {
  const lines = text.replace(/\r\n/g, "\n").split("\n").map((l) => l.replace(/\s+$/, ""));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** One expected line → a predicate over an actual line (or the "..." wildcard). */
function parseExpected(line) {
  if (line === "...") return { any: true, text: line };
  const m = line.match(/^\/(.*)\/([a-z]*)$/);
  if (m) {
    const re = new RegExp(m[1], m[2]);
    return { test: (s) => re.test(s), text: line };
  }
  return { test: (s) => s === line, text: line };
}

/** undefined when `actual` matches `expected`; otherwise a readable description of the first difference. */
function compare(expectedLines, actual) {
  const pats = expectedLines.map(parseExpected);
  // Longest prefix matched, to report where it went wrong.
  let best = { p: 0, a: 0 };
  const memo = new Map();
  const match = (p, a) => {
    const key = p * (actual.length + 1) + a;
    if (memo.has(key)) return memo.get(key);
    if (p > best.p || (p === best.p && a > best.a)) best = { p, a };
    let ok;
    if (p === pats.length) ok = a === actual.length;
    else if (pats[p].any) ok = match(p + 1, a) || (a < actual.length && match(p, a + 1));
    else ok = a < actual.length && pats[p].test(actual[a]) && match(p + 1, a + 1);
    memo.set(key, ok);
    return ok;
  };
  if (match(0, 0)) return undefined;
  const want = best.p < pats.length ? pats[best.p].text : "(end of output)";
  const got = best.a < actual.length ? actual[best.a] : "(end of output)";
  return `output differs at expected line ${best.p + 1}:\n  expected: ${want}\n  actual:   ${got}`;
}

function indent(s) {
  return s.split("\n").map((l) => "     " + l).join("\n");
}
