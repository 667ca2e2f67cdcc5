/**
 * The lesson layout on a laptop, a big screen and a phone (issue 11, item 10): at 1366×768 a
 * lesson's diagrams fit or scroll inside a keyboard-focusable box, the editor shows at least
 * 80 columns, and the console and a chart are in view while the code runs, without scrolling;
 * at 390 px the header fits and no page overflows sideways.
 */
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures";

/** Lessons whose prose has ASCII diagrams wider than a narrow column. */
const DIAGRAM_LESSONS = ["schedulers-and-preemption", "the-flood", "case-study-ingestion-pipeline"];

/** Columns of the editor's font that fit in its visible text area (gutter and scrollbar excluded). */
function editorColumns(editor: Locator): Promise<number> {
  return editor.evaluate((box) => {
    const lines = box.querySelector<HTMLElement>(".view-lines")!;
    const area = box.querySelector<HTMLElement>(".editor-scrollable")!;
    const probe = document.createElement("span");
    const style = getComputedStyle(lines);
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${style.fontFamily};font-size:${style.fontSize};letter-spacing:${style.letterSpacing}`;
    probe.textContent = "x".repeat(100);
    document.body.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const scrollbar = 14; // Monaco's vertical scrollbar sits over the text area
    const visible = Math.min(area.getBoundingClientRect().right, innerWidth) - area.getBoundingClientRect().left - scrollbar;
    return Math.floor(visible / charWidth);
  });
}

/**
 * Is `target` really on screen at the page's current scroll: inside the viewport and what a
 * user sees at its centre and near its four corners (not clipped by a scrolling parent or
 * covered by something else)?
 */
function inView(target: Locator): Promise<string> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 20 || r.height < 20) return `too small (${r.width}×${r.height})`;
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
      return `outside the ${innerWidth}×${innerHeight} viewport: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`;
    }
    const inset = 6;
    const points = [
      [r.left + r.width / 2, r.top + r.height / 2],
      [r.left + inset, r.top + inset],
      [r.right - inset, r.top + inset],
      [r.left + inset, r.bottom - inset],
      [r.right - inset, r.bottom - inset],
    ];
    for (const [x, y] of points) {
      const hit = document.elementFromPoint(x!, y!);
      if (!hit || !(el === hit || el.contains(hit) || hit.contains(el))) return `covered or clipped at ${Math.round(x!)},${Math.round(y!)} by ${hit?.outerHTML.slice(0, 80)}`;
    }
    return "visible";
  });
}

async function openLesson(page: Page, slug: string) {
  await page.goto(`lessons/${slug}/`);
  await expect(page.getByTestId("workbench-slot").getByTestId("editor")).toHaveAttribute("data-state", "ready");
}

/** The workbench's console and the queue chart's plot, both seen whole without scrolling the page. */
async function expectConsoleAndChartInView(page: Page) {
  expect(await page.evaluate(() => scrollY), "the page was not scrolled").toBe(0);
  const consoleBox = page.getByTestId("console");
  const plot = page.getByTestId("queue-chart").locator(".u-over");
  // Polled: the panes settle within a frame of a change above them (the checks opening at the end).
  await expect.poll(() => inView(consoleBox), { message: "the console", timeout: 5_000 }).toBe("visible");
  await expect.poll(() => inView(plot), { message: "the queue chart's plot", timeout: 5_000 }).toBe("visible");
}

test.describe("at 1366×768", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  for (const slug of DIAGRAM_LESSONS) {
    test(`${slug}: every code block and diagram fits or scrolls in a box the keyboard can reach and scroll`, async ({ page }) => {
      await openLesson(page, slug);
      const blocks = page.getByTestId("lesson-prose").locator("pre");
      const n = await blocks.count();
      expect(n).toBeGreaterThan(0);
      let scrolled = 0;
      for (let i = 0; i < n; i++) {
        const pre = blocks.nth(i);
        const info = await pre.evaluate((el) => {
          const column = el.closest("[data-testid=lesson-text]") ?? el.closest("article")!;
          const r = el.getBoundingClientRect();
          const c = column.getBoundingClientRect();
          return {
            overflows: el.scrollWidth > el.clientWidth + 1,
            overflowX: getComputedStyle(el).overflowX,
            tabIndex: el.tabIndex,
            name: el.getAttribute("aria-label") ?? "",
            insideColumn: r.left >= c.left - 1 && r.right <= c.right + 1,
            text: (el.textContent ?? "").split("\n")[0]!.slice(0, 40),
          };
        });
        expect(info.insideColumn, `block ${i} ("${info.text}") is not cut by the prose column`).toBe(true);
        if (!info.overflows) continue;
        expect(["auto", "scroll"], `block ${i} ("${info.text}") scrolls sideways`).toContain(info.overflowX);
        expect(info.tabIndex, `block ${i} ("${info.text}") is keyboard-focusable`).toBe(0);
        if (scrolled++ > 0) continue;
        // A keyboard user reaches it and scrolls it with the arrow keys, and sees where focus is.
        await pre.focus();
        await expect(pre).toBeFocused();
        expect(await pre.evaluate((el) => getComputedStyle(el).outlineStyle), "focus is visible").not.toBe("none");
        for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
        await expect.poll(() => pre.evaluate((el) => el.scrollLeft), { message: "ArrowRight scrolls the block" }).toBeGreaterThan(0);
      }
    });
  }

  test("a lesson's editor shows at least 80 columns, and the console and a chart stay in view during and after a run", async ({ page }) => {
    await openLesson(page, "the-flood");
    const editor = page.getByTestId("workbench-slot").getByTestId("editor");
    expect(await inView(editor), "the editor").toBe("visible");
    expect(await editorColumns(editor)).toBeGreaterThanOrEqual(80);

    await page.getByTestId("run").click();
    const workbench = page.getByTestId("workbench");
    await expect(workbench).toHaveAttribute("data-phase", "running");
    await expectConsoleAndChartInView(page);
    await expect(workbench).not.toHaveAttribute("data-phase", "running", { timeout: 30_000 });
    await expectConsoleAndChartInView(page);
    expect(await editorColumns(editor)).toBeGreaterThanOrEqual(80);
  });

  test("the handle between the editor and the output trades their heights by keyboard", async ({ page }) => {
    await openLesson(page, "the-flood");
    const editor = page.getByTestId("workbench-slot").getByTestId("editor");
    const handle = page.getByRole("separator", { name: "Resize the editor and the output" });
    const height = async () => (await editor.boundingBox())!.height;
    const before = await height();
    const share = Number(await handle.getAttribute("aria-valuenow"));
    await handle.focus();
    await page.keyboard.press("ArrowUp"); // more output, less editor
    await page.keyboard.press("ArrowUp");
    await expect.poll(height).toBeLessThan(before);
    expect(Number(await handle.getAttribute("aria-valuenow"))).toBeLessThan(share);
    await expectConsoleAndChartInView(page);
    await page.keyboard.press("End"); // the least output: the most editor
    await expect.poll(height).toBeGreaterThan(before);
    // The console stays on screen, smaller (the run views scroll inside their panel).
    await expect.poll(() => inView(page.getByTestId("console")), { timeout: 5_000 }).toBe("visible");
  });

  test("the playground's editor shows at least 80 columns, and the console and a chart stay in view during a run", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    expect(await inView(editor), "the editor").toBe("visible");
    expect(await editorColumns(editor)).toBeGreaterThanOrEqual(80);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("console")).toContainText("fib(20)", { timeout: 20_000 });
    await expectConsoleAndChartInView(page);
  });
});

test.describe("at 1920×1080", () => {
  test.use({ viewport: { width: 1920, height: 1080 }, colorScheme: "dark" });

  test("the lesson text, an editor of 80+ columns, the console and a chart are all in view", async ({ page }) => {
    await openLesson(page, "the-flood");
    expect(await inView(page.getByTestId("lesson-prose").getByRole("heading", { level: 1 })), "the lesson's title").toBe("visible");
    const editor = page.getByTestId("workbench-slot").getByTestId("editor");
    expect(await editorColumns(editor)).toBeGreaterThanOrEqual(80);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    await expectConsoleAndChartInView(page);
  });
});

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const path of ["./", "lessons/the-flood/", "playground/"]) {
    test(`${path}: the header fits and nothing overflows sideways, before and after a run`, async ({ page }) => {
      await page.goto(path);
      const header = page.getByRole("navigation", { name: "Main" });
      for (const item of [header.getByRole("link", { name: "Beamlab" }), header.getByRole("link", { name: "Playground" }), page.getByTestId("theme-toggle")]) {
        const box = (await item.boundingBox())!;
        expect(box.x, `${await item.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${await item.textContent()} ends on screen`).toBeLessThanOrEqual(390);
      }
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow(), "horizontal overflow in px").toBeLessThanOrEqual(0);
      if (path === "./") return;
      await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
      await page.getByTestId("run").click();
      await expect(page.getByTestId("workbench")).not.toHaveAttribute("data-phase", "running", { timeout: 30_000 });
      await expect(page.getByTestId("console")).not.toBeEmpty();
      expect(await overflow(), "horizontal overflow in px after a run").toBeLessThanOrEqual(0);
    });
  }
});
