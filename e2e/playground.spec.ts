/** The playground's editor is local Monaco with live TypeScript diagnostics. */
import { test, expect } from "./fixtures";

test.describe("playground editor", () => {
  test("loads Monaco and underlines a type error", async ({ page }) => {
    await page.goto("playground/");
    // The page's text is there before the editor.
    await expect(page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    await expect(editor.locator(".monaco-editor")).toBeVisible();
    // The starter program type-checks: no error squiggles.
    await expect(editor.locator(".view-lines")).toContainText("export default async function main()");

    await editor.locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type('const x: number = "a";');
    await expect(editor.locator(".view-lines")).toContainText("const x: number");
    await expect(editor.locator(".view-lines")).toContainText('const x: number = "a";');
    await expect(editor.locator(".squiggly-error").first()).toBeVisible();
  });

  test("the starter program has no type errors", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    // Give the TypeScript worker time to report, then expect no squiggles.
    await page.waitForTimeout(3000);
    await expect(editor.locator(".squiggly-error")).toHaveCount(0);
  });

  test("Monaco's styles are applied", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    // editor.css positions the text layer absolutely; without Monaco's CSS it is static.
    await expect(editor.locator(".monaco-editor .view-lines").first()).toHaveCSS("position", "absolute");
  });
});
