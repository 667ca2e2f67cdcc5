/**
 * Lesson 03 in a normal Chromium (issue 11, item 6). The other specs' browser is launched
 * with ForceEagerMeasureMemory, which makes `performance.measureUserAgentSpecificMemory()`
 * answer at once; a learner's Chromium answers only at its next garbage collection, 20–35 s
 * away, and the lesson used to sit silent that long. Here the browser is launched with the
 * same flags minus that one, and the lesson must print its figures promptly — long before
 * the GC — mark an estimate as one, and still pass its checks.
 */
import { CHROMIUM, CHROMIUM_ARGS } from "../scripts/chromium.mjs";
import { test, expect } from "./fixtures";

const EAGER = "--enable-blink-features=ForceEagerMeasureMemory";

test.use({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS.filter((a: string) => a !== EAGER) } });

/** The bound is 2 s on a learner's machine; on a loaded 2-core CI allow more, far below the GC's 20 s. */
const PROMPT_BOUND_MS = 8_000;

test("lesson 03 prints what 100,000 processes cost within seconds in a browser that measures memory only at its next GC", async ({ page }) => {
  test.setTimeout(120_000);
  page.on("dialog", (d) => void d.accept());
  await page.goto("lessons/lightweight-processes/");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("checks")).toHaveAttribute("data-state", "ready");

  // This browser is the slow kind: the page's own measurement does not answer within 3 s.
  const browserAnswer = await page.evaluate(async () => {
    const perf = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<unknown> };
    if (!crossOriginIsolated || !perf.measureUserAgentSpecificMemory) return "no API";
    return Promise.race([perf.measureUserAgentSpecificMemory().then(() => "answered"), new Promise((r) => setTimeout(() => r("late"), 3000))]);
  });
  expect(browserAnswer, "launched without ForceEagerMeasureMemory, Chromium answers only at its next GC").toBe("late");

  await page.getByRole("tab", { name: "Solution" }).click();
  await page.getByRole("button", { name: "Show solution" }).click();
  await page.getByRole("button", { name: "Use the solution in the editor" }).click();
  await expect(page.getByTestId("editor").locator(".view-lines")).toContainText("Lesson 03");

  const consoleBox = page.getByTestId("console");
  await page.getByTestId("run").click();
  const started = Date.now();
  await expect(consoleBox).toContainText(/per process: -?\d+ bytes/, { timeout: PROMPT_BOUND_MS });
  const tookMs = Date.now() - started;
  test.info().annotations.push({ type: "printed after", description: `${tookMs} ms` });

  const text = (await consoleBox.textContent())!;
  expect(text).toContain("new processes alive: 100000");
  const perProcess = Number(/per process: (-?\d+) bytes/.exec(text)![1]);
  expect(perProcess).toBeGreaterThan(0);
  expect(perProcess).toBeLessThan(20_000);
  // Measured before the GC is impossible here, so the figure is an estimate and says so.
  expect(text).toContain("(an estimate from process counts, not a measurement of the heap)");

  // The lesson's claims still hold: its checks pass on this run.
  await expect(page.getByTestId("checks")).toHaveAttribute("data-state", "passed", { timeout: 60_000 });
});
