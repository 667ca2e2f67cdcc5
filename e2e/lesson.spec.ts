/** A lesson page renders its prose, its code blocks and the workbench slot. */
import { test, expect } from "./fixtures";

test.describe("lesson page", () => {
  test("renders prose, TypeScript and Elixir code blocks, and the starter code in the workbench", async ({ page }) => {
    await page.goto("lessons/processes/");
    const prose = page.getByTestId("lesson-prose");
    await expect(prose.getByRole("heading", { level: 1, name: "Processes" })).toBeVisible();
    await expect(prose).toContainText("mailbox");

    const ts = prose.locator('figure[data-lang="ts"] pre code');
    await expect(ts.first()).toContainText('import { spawn, send, receive, self, _, IO } from "beamlab"');
    const elixir = prose.locator('figure[data-lang="elixir"] pre code');
    await expect(elixir.first()).toContainText("receive do");
    // Code is shown as text, not interpreted as HTML.
    await expect(ts.first()).toContainText("fib(n: number): number");

    const slot = page.getByTestId("workbench-slot");
    await expect(slot).toBeVisible();
    // The workbench's editor holds the starter code.
    await expect(slot.getByTestId("editor").locator(".view-lines")).toContainText("export default async function main()");
  });

  test("links back to the lesson list and on to the playground", async ({ page }) => {
    await page.goto("lessons/processes/");
    const nav = page.getByRole("navigation", { name: "Lessons" });
    await expect(nav.getByRole("link", { name: /All lessons|←/ })).toBeVisible();
    await nav.getByRole("link", { name: /→/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});
