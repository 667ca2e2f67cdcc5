/**
 * A lesson's code tabs (issue 11, items 13-15): "Your code", "Elixir" and "Solution" are a
 * real tab set (panels, arrow keys), the solution is shown only after the page has asked,
 * and the Elixir and solution listings are syntax-highlighted without losing a character.
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator } from "@playwright/test";
import { test, expect } from "./fixtures";

const LESSON_DIR = path.join(process.cwd(), "lessons", "01-processes");
const read = (file: string) => fs.readFileSync(path.join(LESSON_DIR, file), "utf8");

/** The colour of the first text in `code` where `word` stands as a whole word (its token's colour). */
function colourOf(code: Locator, word: string): Promise<string | null> {
  return code.evaluate((el, w) => {
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const whole = new RegExp(`(^|[^\\w"])${escaped}($|[^\\w"])`);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (whole.test(n.textContent ?? "")) return getComputedStyle(n.parentElement!).color;
    }
    return null;
  }, word);
}

test.describe("a lesson's code tabs", () => {
  test.beforeEach(async ({ page }) => {
    await page.goto("lessons/processes/");
    await expect(page.getByTestId("workbench-slot").getByTestId("editor")).toHaveAttribute("data-state", "ready");
  });

  test("are tabs with panels, moved between with the arrow keys", async ({ page }) => {
    const slot = page.getByTestId("workbench-slot");
    const tablist = slot.getByRole("tablist", { name: "Code" });
    const tabs = tablist.getByRole("tab");
    await expect(tabs).toHaveText(["Your code", "Elixir", "Solution"]);
    // Only tabs in the tab list (no stray buttons).
    expect(await tablist.locator("button:not([role=tab]), a").count()).toBe(0);

    const yours = tablist.getByRole("tab", { name: "Your code" });
    await expect(yours).toHaveAttribute("aria-selected", "true");
    await yours.focus();
    await page.keyboard.press("ArrowRight");
    const elixir = tablist.getByRole("tab", { name: "Elixir" });
    await expect(elixir).toBeFocused();
    await expect(elixir).toHaveAttribute("aria-selected", "true");
    const panel = slot.getByRole("tabpanel", { name: "Elixir" });
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId("elixir-code")).toContainText("defmodule Fib do");
    await page.keyboard.press("End");
    await expect(tablist.getByRole("tab", { name: "Solution" })).toBeFocused();
    await page.keyboard.press("Home");
    await expect(yours).toBeFocused();
    await expect(slot.getByRole("tabpanel", { name: "Your code" }).getByTestId("editor")).toBeVisible();
    await page.keyboard.press("ArrowLeft");
    await expect(tablist.getByRole("tab", { name: "Solution" })).toBeFocused();
  });

  test("the Solution tab asks before it shows the solution, and remembers the answer on the page", async ({ page }) => {
    const slot = page.getByTestId("workbench-slot");
    await slot.getByRole("tab", { name: "Solution" }).click();
    const panel = slot.getByRole("tabpanel", { name: "Solution" });
    await expect(panel).toContainText("your own code");
    await expect(slot.getByTestId("solution-code")).toHaveCount(0);

    // "Not yet" goes back to the learner's code, still without the answer.
    await panel.getByRole("button", { name: "Not yet" }).click();
    await expect(slot.getByRole("tab", { name: "Your code" })).toHaveAttribute("aria-selected", "true");
    await expect(slot.getByTestId("solution-code")).toHaveCount(0);

    await slot.getByRole("tab", { name: "Solution" }).click();
    await panel.getByRole("button", { name: "Show solution" }).click();
    await expect(slot.getByTestId("solution-code")).toContainText("export default async function main()");
    await slot.getByRole("tab", { name: "Elixir" }).click();
    await slot.getByRole("tab", { name: "Solution" }).click();
    await expect(slot.getByTestId("solution-code")).toBeVisible();
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`the Elixir and solution listings are highlighted, every character kept (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      const slot = page.getByTestId("workbench-slot");

      await slot.getByRole("tab", { name: "Elixir" }).click();
      const elixir = slot.getByTestId("elixir-code");
      await expect(elixir).toHaveAttribute("data-highlighted", "true");
      expect((await elixir.textContent())!.replace(/\n$/, "")).toBe(read("elixir.ex").replace(/\n$/, ""));
      const ex = { keyword: await colourOf(elixir, "defmodule"), atom: await colourOf(elixir, ":fib"), comment: await colourOf(elixir, "# Run it with: elixir lessons/01-processes/elixir.ex"), plain: await colourOf(elixir, "parent") };
      expect(ex.keyword, "defmodule is a token of its own").not.toBeNull();
      expect(new Set(Object.values(ex)).size, `keyword, atom, comment and variable differ: ${JSON.stringify(ex)}`).toBe(4);

      await slot.getByRole("tab", { name: "Solution" }).click();
      await slot.getByRole("button", { name: "Show solution" }).click();
      const solution = slot.getByTestId("solution-code");
      await expect(solution).toHaveAttribute("data-highlighted", "true");
      expect((await solution.textContent())!.replace(/\n$/, "")).toBe(read("solution.ts").replace(/\n$/, ""));
      const ts = { keyword: await colourOf(solution, "export"), string: await colourOf(solution, '"beamlab"'), plain: await colourOf(solution, "parent") };
      expect(new Set(Object.values(ts)).size, `keyword, string and identifier differ: ${JSON.stringify(ts)}`).toBe(3);

      // The listing scrolls inside a box the keyboard can reach, within the editor's place (not over the console).
      await expect(solution).toHaveAttribute("tabindex", "0");
      const [box, console_] = [(await solution.boundingBox())!, (await page.getByTestId("console").boundingBox())!];
      expect(await solution.evaluate((el) => el.scrollHeight > el.clientHeight), "the solution is longer than its box, so it scrolls").toBe(true);
      expect(box.y + box.height <= console_.y + 1 || box.x + box.width <= console_.x + 1, "the listing ends before the console").toBe(true);
    });
  }
});
