/**
 * Accessibility (issue 11, item 13): axe-core finds no critical or serious violation on the
 * home page, a lesson (before and after a run, with the Elixir tab open) and the playground,
 * in the light and the dark theme; the queue chart has a text alternative that follows the run.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

/** WCAG 2.1 A and AA, plus axe's best practices; only critical and serious findings fail. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 4).map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 3).join(" ")}`).join("\n")}`);
}

async function editorReady(page: Page) {
  await expect(page.getByTestId("editor").first()).toHaveAttribute("data-state", "ready");
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test("home", async ({ page }) => {
      await page.goto("./");
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      await expect(page.getByTestId("lesson-list")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("a lesson, before and after a run, and its Elixir and solution tabs", async ({ page }) => {
      test.setTimeout(150_000); // five axe passes over a page with Monaco, on a loaded 2-core machine
      await page.goto("lessons/the-flood/");
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      await editorReady(page);
      expect(await seriousViolations(page), "before a run").toEqual([]);

      await page.getByTestId("run").click();
      // The flood's starter runs for seconds, and longer on a loaded 2-core machine (CI saw 30 s pass).
      await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 90_000 });
      await expect(page.getByTestId("checks")).toHaveAttribute("data-state", /passed|failed|not-checked/);
      expect(await seriousViolations(page), "after a run").toEqual([]);

      const slot = page.getByTestId("workbench-slot");
      await slot.getByRole("tab", { name: "Elixir" }).click();
      await expect(slot.getByTestId("elixir-code")).toContainText("defmodule");
      expect(await seriousViolations(page), "the Elixir tab").toEqual([]);
      await slot.getByRole("tab", { name: "Solution" }).click();
      expect(await seriousViolations(page), "the Solution tab, asking first").toEqual([]);
      await slot.getByRole("button", { name: "Show solution" }).click();
      await expect(slot.getByTestId("solution-code")).toContainText("export default");
      expect(await seriousViolations(page), "the solution shown").toEqual([]);
    });

    test("the playground, before and after a run", async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto("playground/");
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      await editorReady(page);
      expect(await seriousViolations(page), "before a run").toEqual([]);
      await page.getByTestId("run").click();
      await expect(page.getByTestId("console")).toContainText("fib(20)", { timeout: 20_000 });
      await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 30_000 });
      expect(await seriousViolations(page), "after a run").toEqual([]);
    });
  });
}

test.describe("the queue chart's text alternative", () => {
  test("names the longest queue, its length and its trend, and follows the run", async ({ page }) => {
    await page.goto("lessons/the-flood/");
    await editorReady(page);
    const chart = page.getByTestId("queue-chart");
    const summary = chart.getByTestId("queue-chart-summary");
    await page.getByTestId("run").click();
    // During the flood the server's queue grows: the summary says so, in words.
    await expect(summary).toHaveText(/: \d+ queued, (rising|falling|steady)/, { timeout: 20_000 });
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 30_000 });
    // At the end it says the run's highest queue, the chart's own number (updates are paced, so wait).
    const peak = Number(await chart.getAttribute("data-peak-queue"));
    expect(peak).toBeGreaterThan(0);
    await expect(summary).toContainText(`peak ${peak}`, { timeout: 5_000 });
    const text = (await summary.textContent())!;
    // It names a process the chart draws, as the legend labels it.
    const legend = (await chart.locator(".u-legend .u-series .u-label").allTextContents()).map((l) => l.trim());
    expect(legend).toContain(text.slice(0, text.indexOf(": ")));
    // Screen readers hear it: the chart is an image described by it.
    await expect(chart.getByRole("img")).toHaveAccessibleDescription(text);
  });
});
