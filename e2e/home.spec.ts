/** The home page introduces Beamlab and links every lesson. */
import { test, expect } from "./fixtures";

test.describe("home", () => {
  test("says what Beamlab is and lists the lessons with working links", async ({ page, sitePath }) => {
    await page.goto("./");
    await expect(page.getByRole("heading", { level: 1, name: "Beamlab" })).toBeVisible();
    const list = page.getByTestId("lesson-list");
    await expect(list.getByRole("link", { name: /Processes/ })).toBeVisible();
    await expect(list).toContainText("Spawn a process");

    await list.getByRole("link", { name: /Processes/ }).click();
    await expect(page).toHaveURL(new RegExp(`${sitePath}lessons/processes/$`));
    await expect(page.getByRole("heading", { level: 1, name: "Processes" })).toBeVisible();
  });

  test("header navigation reaches the playground and back home", async ({ page, sitePath }) => {
    await page.goto("./");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Playground" }).click();
    await expect(page).toHaveURL(new RegExp(`${sitePath}playground/$`));
    await nav.getByRole("link", { name: "Beamlab" }).click();
    await expect(page.getByTestId("lesson-list")).toBeVisible();
  });

  test("the theme toggle switches to dark and the choice survives a reload", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("./");
    const html = page.locator("html");
    await expect(html).toHaveAttribute("data-theme", "light");
    await page.getByTestId("theme-toggle").click();
    await expect(html).toHaveAttribute("data-theme", "dark");
    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "dark");
  });

  test("follows the system dark preference when nothing is saved", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("./");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  });

});

test.describe("not found", () => {
  // The browser itself logs the document's 404 status.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test("an unknown address shows the not-found page", async ({ page }) => {
    const response = await page.goto("no-such-page/");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
