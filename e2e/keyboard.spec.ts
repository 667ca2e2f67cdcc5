/**
 * The workbench by keyboard (issue 11, items 11 and 12): number settings take what is typed,
 * and the code editor, where Tab indents, never traps a keyboard user.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

/** The editor's text as rendered, line by line (Monaco draws spaces as no-break spaces). */
function editorLines(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="editor"] .view-line')).map((l) => (l.textContent ?? "").replace(/\u00a0/g, " ")),
  );
}

/** Is keyboard focus inside Monaco's text area? */
const inEditor = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('[data-testid="editor"]'));

test.describe("number settings", () => {
  test("take what is typed: select all and type, backspace, and a clamped value says so", async ({ page }) => {
    await page.goto("playground/");
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    const budget = page.getByTestId("setting-budget");
    const message = page.getByTestId("setting-budget-message");

    // Select all and type 500: while typing, "5" and "50" stay as typed.
    await budget.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("5");
    await expect(budget).toHaveValue("5");
    await page.keyboard.type("00");
    await expect(budget).toHaveValue("500");
    await page.keyboard.press("Tab");
    await expect(budget).toHaveValue("500");
    await expect(message).toBeEmpty();

    // Backspace shortens it; Enter settles it.
    await budget.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await expect(budget).toHaveValue("50");
    await page.keyboard.press("Enter");
    await expect(budget).toHaveValue("50");

    // Below the minimum: kept as typed until Enter, then clamped with a visible message.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("5");
    await expect(budget).toHaveValue("5");
    await page.keyboard.press("Enter");
    await expect(budget).toHaveValue("10");
    await expect(message).toBeVisible();
    await expect(message).toHaveText("At least 10: set to 10.");
    await expect(budget).toHaveAttribute("aria-invalid", "true");

    // Emptied and left: the value in effect stays, and the message says what the field takes.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Backspace");
    await expect(budget).toHaveValue("");
    await expect(message).toBeEmpty();
    await page.keyboard.press("Tab");
    await expect(budget).toHaveValue("10");
    await expect(message).toHaveText("Enter a whole number from 10 to 1,000,000; kept 10.");
  });

  test("the Limits fields open and take typed values by keyboard, and the values are kept", async ({ page }) => {
    await page.goto("playground/");
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    await page.getByTestId("setting-budget").focus();
    await page.keyboard.press("Tab");
    const limits = page.locator("summary", { hasText: "Limits" });
    await expect(limits).toBeFocused();
    await page.keyboard.press("Enter");
    const processes = page.getByTestId("setting-maxProcesses");
    await expect(processes).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(processes).toBeFocused();
    await page.keyboard.press("Tab");
    const mailbox = page.getByTestId("setting-maxMailbox");
    await expect(mailbox).toBeFocused();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("2000");
    await expect(mailbox).toHaveValue("2000");
    await page.keyboard.press("Enter");
    await expect(mailbox).toHaveValue("2000");
    await page.keyboard.press("Tab");
    const sync = page.getByTestId("setting-syncLimitMs");
    await expect(sync).toBeFocused();
    const syncBefore = await sync.inputValue();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("750");
    await page.keyboard.press("Escape"); // puts back the value from before this edit
    await expect(sync).toHaveValue(syncBefore);
    await page.keyboard.press("Escape"); // closes the panel, back on "Limits"
    await expect(limits).toBeFocused();
    await expect(processes).toBeHidden();

    // The typed value took effect: autosaved with the work, there after a reload.
    await page.waitForTimeout(1000);
    await page.reload();
    await page.locator("summary", { hasText: "Limits" }).click();
    await expect(page.getByTestId("setting-maxMailbox")).toHaveValue("2000");
  });
});

test.describe("code editor", () => {
  test("Tab indents; Escape then Tab leaves for the Run button without touching the code, and a hint says so", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    const hint = page.getByTestId("editor-hint");
    await expect(hint).toBeEmpty();

    await editor.locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("x");
    await expect(hint).toBeVisible();
    await expect(hint).toContainText("Esc then Tab to leave the editor");

    // Tab still indents: the learner writes code.
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    await expect.poll(() => editorLines(page)).toEqual(["  x"]);
    expect(await inEditor(page)).toBe(true);

    // Escape releases the editor: the next Tab reaches Run and the code is unchanged.
    await page.keyboard.press("Escape");
    await expect(hint).toContainText("Tab: leave the editor");
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("run")).toBeFocused();
    await expect(hint).toBeEmpty();
    await page.waitForTimeout(300);
    expect(await editorLines(page)).toEqual(["  x"]);

    // Back in the editor, Escape then another key keeps editing: Tab indents again.
    await editor.locator(".view-lines").click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    await expect.poll(() => editorLines(page)).toEqual(["    x"]);

    // Escape then Shift+Tab leaves backwards, again without touching the code.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    expect(await inEditor(page)).toBe(false);
    expect(await editorLines(page)).toEqual(["    x"]);
  });

  test("a skip link, shown when focused, jumps past the editor", async ({ page }) => {
    await page.goto("playground/");
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    const before = await editorLines(page);
    // Tab from the last toolbar control (the Deterministic switch, after Limits) reaches the skip link before the editor.
    await page.getByTestId("deterministic").focus();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip the editor" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    expect((await skip.boundingBox())!.width).toBeGreaterThan(20);
    await page.keyboard.press("Enter");
    await expect(skip).not.toBeFocused();
    expect(await inEditor(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
    expect(await editorLines(page)).toEqual(before);
  });
});
