/** The build under /beamlab loads every asset from under /beamlab/. */
import { test, expect } from "./fixtures";

test.describe("served under a subpath", () => {
  test("home → lesson → playground works and every asset comes from the base path", async ({
    page,
    requests,
    sitePath,
  }) => {
    expect(sitePath).toBe("/beamlab/");

    await page.goto("./");
    await page.getByTestId("lesson-list").getByRole("link", { name: /Processes/ }).click();
    await expect(page).toHaveURL(/\/beamlab\/lessons\/processes\/$/);
    await expect(page.getByTestId("workbench-slot")).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playground" }).click();
    await expect(page).toHaveURL(/\/beamlab\/playground\/$/);
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");

    const http = requests.filter((u) => u.startsWith("http"));
    expect(http.length).toBeGreaterThan(5);
    expect(http.filter((u) => !new URL(u).pathname.startsWith("/beamlab/"))).toEqual([]);
  });
});
