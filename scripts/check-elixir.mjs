#!/usr/bin/env node
/**
 * npm run check:elixir — every lesson's Elixir twin still prints what the lesson says.
 *
 * For each lessons/NN-slug/elixir.ex: run `elixir` on it and compare its stdout, line by
 * line, with lessons/NN-slug/elixir.expected (exact lines, `/regex/` lines and `...`; the
 * format and the matching live in elixir-twins.mjs, which `npm test` uses too, through
 * test/lesson-twins.test.ts). This script runs them one at a time, for running by hand:
 *
 *     node scripts/check-elixir.mjs                    check every lesson
 *     node scripts/check-elixir.mjs 02 05-fault        only lessons whose folder starts so
 *     node scripts/check-elixir.mjs --write-missing    create .expected files that do not
 *                                                      exist yet from a real run (never
 *                                                      overwrites; edit timings into /regex/)
 *
 * When `elixir` is not installed, prints a note and exits 0 (with `CI` set, exits 1).
 */
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkLessonTwin, describeFailure, elixirVersion, epmdUp, lessonTwins, stopEpmd } from "./elixir-twins.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const writeMissing = args.includes("--write-missing");
const filters = args.filter((a) => !a.startsWith("--"));
const TIMEOUT_MS = Number(process.env.CHECK_ELIXIR_TIMEOUT_MS ?? 60_000);

if (!elixirVersion()) {
  console.log("check:elixir: `elixir` is not installed here, so the lessons' Elixir twins were not run (skipped, not failed).");
  process.exit(process.env.CI ? 1 : 0);
}

const lessons = lessonTwins(join(root, "lessons"), filters);
const epmdBefore = epmdUp();
let failures = 0;
for (const lesson of lessons) {
  const r = await checkLessonTwin(root, lesson, { timeoutMs: TIMEOUT_MS });
  if (!r.hasExpected && writeMissing && r.ran) {
    writeFileSync(r.expectedPath, r.actual.join("\n") + "\n");
    console.log(`wrote ${relative(root, r.expectedPath)} from a real run (${r.actual.length} lines): edit timings into /regex/ lines`);
    continue;
  }
  if (r.problems.length === 0) {
    console.log(`ok   ${lesson} (${r.ms} ms)`);
  } else {
    failures++;
    console.log(`FAIL ${lesson} (${r.ms} ms)`);
    console.log(indent(describeFailure(r)));
  }
}
// Lesson 15 starts epmd for its second node; leave the machine as we found it.
if (!epmdBefore && epmdUp()) stopEpmd();

if (lessons.length === 0) console.log("check:elixir: no lessons matched");
console.log(failures ? `check:elixir: ${failures} of ${lessons.length} lessons failed` : `check:elixir: ${lessons.length} lessons ok`);
process.exit(failures ? 1 : 0);

function indent(s) {
  return s.split("\n").map((l) => "     " + l).join("\n");
}
