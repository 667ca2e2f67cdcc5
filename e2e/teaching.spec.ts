/**
 * What the lesson pages teach and how they judge (issue 11, items 7, 8, 14 and 15): checks
 * run with the lesson's settings whatever the learner chose; type errors are said before a
 * run; a lesson is completed by the learner's own code (not the solution pasted in) and then
 * offers the next lesson; a failed check says in words which line it expected; lesson 10
 * names its source instead of "seed 002".
 *
 * Code and settings are seeded through the workbench's autosave, as a learner's last visit
 * leaves them.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const lessonFile = (folder: string, file: string) => fs.readFileSync(path.join(process.cwd(), "lessons", folder, file), "utf8");

/** The longest a lesson's run may take in the browser. */
const RUN_TIMEOUT = 60_000;

/** Open `page` at `url` with `code` and `settings` saved for autosave key `id`, as a previous visit left them. */
async function openWith(page: Page, url: string, id: string, code: string, settings: Record<string, number> = {}) {
  await page.addInitScript(
    ([key, c, s]) => {
      if (sessionStorage.getItem(`seeded:${key}`)) return;
      sessionStorage.setItem(`seeded:${key}`, "1");
      localStorage.setItem(`beamlab:work:${key}`, JSON.stringify({ code: c, settings: { schedulers: 0, ...s } }));
    },
    [id, code, settings] as const,
  );
  await page.goto(url);
  const editor = page.getByTestId("editor");
  await expect(editor).toHaveAttribute("data-state", "ready");
  await expect(editor.locator(".view-lines")).toContainText(code.split("\n").find((l) => l.trim())!.trim().slice(0, 30));
}

/** Run and wait for the checks' verdict on this run (a short run can be over before "running" is seen). */
async function runAndCheck(page: Page, run = page.getByTestId("run")): Promise<string> {
  const checks = page.getByTestId("checks");
  await expect(checks).not.toHaveAttribute("data-state", /^(loading|running)$/);
  const before = Number(await checks.getAttribute("data-verdicts"));
  await run.click();
  await expect(checks).toHaveAttribute("data-verdicts", String(before + 1), { timeout: RUN_TIMEOUT });
  return (await checks.getAttribute("data-state"))!;
}

test.describe("a lesson's checks run with the lesson's settings (item 7)", () => {
  test("lesson 04's solution, autosaved with Schedulers at 4, is not failed: the checks say they need 2 and why, and check with 2", async ({ page }) => {
    test.setTimeout(RUN_TIMEOUT * 2 + 30_000);
    await openWith(page, "lessons/schedulers-and-preemption/", "lesson:schedulers-and-preemption", lessonFile("04-schedulers-and-preemption", "solution.ts"), { schedulers: 4 });
    await expect(page.getByTestId("scheduler-count")).toHaveValue("4");

    const panel = page.getByTestId("checks");
    expect(await runAndCheck(page)).toBe("not-checked");
    // The learner's run used 4, as they chose: the console says so.
    await expect(page.getByTestId("console")).toContainText("schedulers online: 4");
    await expect(panel).toContainText("this run used 4 schedulers; the checks need 2");
    await expect(panel).toContainText("one hog per scheduler");
    await expect(panel.locator('[data-testid="check"][data-ok="false"]')).toHaveCount(0);

    // One click checks the same code with the lesson's settings; the toolbar keeps the learner's 4.
    const state = await runAndCheck(page, page.getByTestId("check-with-lesson-settings"));
    expect(state, `${await panel.textContent()}\n${await page.getByTestId("console").textContent()}`).toBe("passed");
    await expect(page.getByTestId("console")).toContainText("schedulers online: 2");
    await expect(page.getByTestId("scheduler-count")).toHaveValue("4");
  });
});

test.describe("type errors are said before the run (item 8)", () => {
  const WITH_ERRORS = [
    'import { IO } from "beamlab";',
    "",
    "export default async function main() {",
    '  const n: number = "six";',
    "  IO.puts(`n is ${n}`);",
    "  IO.puts(`twice: ${double(n, 1)}`);",
    "}",
    "",
    "function double(x: number): number {",
    "  return x * 2;",
    "}",
  ].join("\n");

  test("code with two type errors runs, and the console first says how many and where", async ({ page }) => {
    await openWith(page, "playground/", "playground", WITH_ERRORS, { schedulers: 1 });
    // The learner sees red squiggles, and runs it anyway.
    await expect(page.getByTestId("editor").locator(".squiggly-error").first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId("run").click();
    const consoleBox = page.getByTestId("console");
    await expect(consoleBox).toContainText("n is six");
    await expect(consoleBox).toContainText("twice: NaN");
    const first = consoleBox.locator("[data-kind]").first();
    await expect(first).toContainText(/^2 type errors \(line 4: .*string.*number.*; line 6: .*Expected 1 argument.*\); running anyway$/);
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended");
  });

  test("a lesson's starter has no type errors, so its run says none", async ({ page }) => {
    await page.goto("lessons/processes/");
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: RUN_TIMEOUT });
    await expect(page.getByTestId("console")).toContainText("main runs as");
    await expect(page.getByTestId("console")).not.toContainText("type error");
  });
});

test.describe("a lesson is completed by the learner's own code, then offers the next (item 14)", () => {
  test("the solution pasted in passes the checks but completes nothing; the learner's own version completes the lesson and offers lesson 2", async ({ page }) => {
    test.setTimeout(RUN_TIMEOUT * 2 + 30_000);
    await openWith(page, "lessons/processes/", "lesson:processes", lessonFile("01-processes", "solution.ts"));
    const panel = page.getByTestId("checks");
    const toc = page.getByTestId("lesson-toc").locator('li[data-slug="processes"]');

    expect(await runAndCheck(page)).toBe("passed");
    await expect(panel).toHaveAttribute("data-completed", "false");
    await expect(panel).toContainText("the lesson is completed when your own code passes");
    await expect(toc).toHaveAttribute("data-progress", "visited");
    await expect(page.getByTestId("next-lesson")).toHaveCount(0);

    // The learner's own answer: the same idea, written their way.
    const own = [
      'import { spawn, send, receive, self, _, IO } from "beamlab";',
      "",
      "export default async function main() {",
      "  const me = self();",
      "  spawn(() => {",
      "    const answer = fib(20);",
      '    send(me, ["fib", answer]);',
      "  });",
      '  const [, value] = await receive(["fib", _]);',
      '  IO.puts(`fib(20): ${value}`);',
      "}",
      "",
      "function fib(n: number): number {",
      "  return n < 2 ? n : fib(n - 1) + fib(n - 2);",
      "}",
    ].join("\n");
    await page.evaluate((c) => {
      localStorage.setItem("beamlab:work:lesson:processes", JSON.stringify({ code: c, settings: { schedulers: 0 } }));
    }, own);
    await page.reload();
    await expect(page.getByTestId("editor").locator(".view-lines")).toContainText("const me = self();");
    expect(await runAndCheck(page), (await panel.textContent()) ?? "").toBe("passed");
    await expect(panel).toHaveAttribute("data-completed", "true");
    await expect(panel).toContainText("lesson completed");
    await expect(toc).toHaveAttribute("data-progress", "completed");

    const next = page.getByTestId("next-lesson");
    await expect(next).toHaveText(/Next lesson: Fan-out, fan-in/);
    await next.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/lessons\/fan-out-fan-in\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Fan-out, fan-in" })).toBeVisible();

    // Still completed on the home page after a reload.
    await page.goto("./");
    await page.reload();
    await expect(page.locator('[data-testid="lesson-list"] li[data-slug="processes"] [data-testid="progress-badge"]')).toHaveAttribute("data-progress", "completed");
  });
});

test.describe("checks speak in words; lessons name their sources (item 15)", () => {
  test("a missing line is described as the learner would read it, not as a regular expression", async ({ page }) => {
    const code = ['import { IO } from "beamlab";', "", "export default async function main() {", '  IO.puts("schedulers online: 2");', "}"].join("\n");
    await openWith(page, "lessons/schedulers-and-preemption/", "lesson:schedulers-and-preemption", code);
    expect(await runAndCheck(page)).toBe("failed");
    const panel = page.getByTestId("checks");
    const failed = panel.locator('[data-testid="check"][data-ok="false"]', { hasText: "no round trip takes long" });
    await expect(failed).toContainText('expected a line like "max round trip: <n> ms" (<n> is a number)');
    await expect(panel).not.toContainText("\\d");
    await expect(panel).not.toContainText("/^");
  });

  test("lesson 10's starter does not mention a seed, and its prose names and links the article it comes from", async ({ page }) => {
    await page.goto("lessons/back-pressure/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    await expect(editor.locator(".view-lines")).toContainText("Lesson 10");
    await expect(editor.locator(".view-lines")).not.toContainText(/seed/i);
    const prose = page.getByTestId("lesson-prose");
    await expect(prose).not.toContainText(/seed/i);
    await expect(prose).toContainText("Understanding GenStage back-pressure mechanism");
    await expect(prose.getByRole("link", { name: "Oleg G. Kapranov" })).toHaveAttribute("href", "https://github.com/Kapranov");
  });
});
