/**
 * The lessons' Elixir twins, checked: run `elixir lessons/NN-slug/elixir.ex` and hold its
 * stdout to `lessons/NN-slug/elixir.expected`. Shared by `npm run check:elixir`
 * (scripts/check-elixir.mjs, by hand) and test/lesson-twins.test.ts (in `npm test`).
 *
 * An expected file is lines of three kinds:
 *
 *     fib(20): 6765                  a line that must appear exactly (trailing spaces ignored)
 *     /^sequential: \d+ ms$/         a regex, for timings and pids (must match the whole line
 *                                    only if it says so with ^ and $)
 *     ...                            any number of lines (0 or more), e.g. a crash report
 *
 * Trailing blank lines are ignored on both sides. The program must also exit with status 0.
 *
 * Lesson 15 starts epmd (`epmd -daemon`, for its second node), which outlives the run;
 * `epmdUp` / `stopEpmd` let a caller stop it again when it was not running before.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** `elixir --version`'s last line ("Elixir 1.14.0 (compiled with Erlang/OTP 25)"), or undefined when elixir cannot run. */
export function elixirVersion() {
  const probe = spawnSync("elixir", ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (probe.error || probe.status !== 0) return undefined;
  return probe.stdout.trim().split("\n").pop();
}

/** The lesson folders (`NN-slug`) under `lessonsDir` that have an elixir.ex, sorted; `filters` keeps those starting so. */
export function lessonTwins(lessonsDir, filters = []) {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
    .map((d) => d.name)
    .filter((name) => filters.length === 0 || filters.some((f) => name.startsWith(f)))
    .filter((name) => existsSync(join(lessonsDir, name, "elixir.ex")))
    .sort();
}

/**
 * Runs `elixir <file>` (relative to `cwd`) without blocking the event loop, so several twins
 * can run at once. Resolves with its status (null when killed), output and wall time; a run
 * past `timeoutMs` is killed and says so in `error`.
 */
export function runElixir(file, { cwd, timeoutMs = 60_000 }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("elixir", [file], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let error;
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    const timer = setTimeout(() => {
      error = `did not finish within ${timeoutMs} ms (killed)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => (error = e.message));
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, error, ms: Date.now() - started });
    });
  });
}

/**
 * Checks one lesson's twin: runs its elixir.ex and compares with its elixir.expected.
 * `problems` is empty when it passes; `actual` is the run's stdout as lines.
 */
export async function checkLessonTwin(root, lesson, { timeoutMs } = {}) {
  const dir = join(root, "lessons", lesson);
  const expectedPath = join(dir, "elixir.expected");
  const run = await runElixir(relative(root, join(dir, "elixir.ex")), { cwd: root, timeoutMs });
  const actual = toLines(run.stdout);
  const problems = [];
  if (run.error) problems.push(`elixir did not finish: ${run.error}`);
  else if (run.status !== 0) problems.push(`elixir exited with status ${run.status}`);
  const hasExpected = existsSync(expectedPath);
  if (!hasExpected) problems.push(`no ${relative(root, expectedPath)} (create it with npm run check:elixir -- --write-missing)`);
  else {
    const mismatch = compareLines(toLines(readFileSync(expectedPath, "utf8")), actual);
    if (mismatch) problems.push(mismatch);
  }
  return { lesson, problems, actual, stderr: run.stderr, ms: run.ms, ran: !run.error && run.status === 0, hasExpected, expectedPath };
}

/** A failed check as text: the problems, then what elixir printed (stdout, and the start of stderr). */
export function describeFailure({ problems, actual, stderr }) {
  const out = [...problems, "stdout was:", ...(actual.length ? actual.map((l) => "  " + l) : ["  (nothing)"])];
  const err = stderr.trim();
  if (err) out.push("stderr was:", ...err.split("\n").slice(0, 30).map((l) => "  " + l));
  return out.join("\n");
}

/** Text → lines without trailing whitespace, trailing blank lines dropped. */
export function toLines(text) {
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

/** undefined when `actual` matches `expectedLines`; otherwise a readable description of the first difference. */
export function compareLines(expectedLines, actual) {
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

/** Whether an epmd answers on this machine (`epmd -names` exits 0). */
export function epmdUp() {
  const r = spawnSync("epmd", ["-names"], { stdio: "ignore", timeout: 10_000 });
  return !r.error && r.status === 0;
}

/** Stops the local epmd (`epmd -kill`; epmd refuses while a node is registered with it). Returns whether it is gone. */
export function stopEpmd() {
  spawnSync("epmd", ["-kill"], { stdio: "ignore", timeout: 10_000 });
  return !epmdUp();
}
