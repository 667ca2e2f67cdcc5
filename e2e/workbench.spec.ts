/**
 * The workbench in real Chromium (/playground, and a lesson page): run and see output, watch
 * a flood's queue climb in the chart and the table, Kill from the table, compile errors as
 * editor markers, runaway programs that end with a clear message while the page stays
 * responsive and Stop works, share links that load without running, and autosave.
 *
 * Programs are seeded through the workbench's autosave (localStorage) so that tests do not
 * type whole programs into Monaco; small limits come from the settings.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

interface Settings {
  schedulers?: number;
  budget?: number;
  maxProcesses?: number;
  maxMailbox?: number;
  syncLimitMs?: number;
}

/** Open the playground with `code` (and settings) as the saved work. */
async function openWith(page: Page, code: string, settings: Settings = {}) {
  await page.addInitScript(
    ([c, s]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem("beamlab:work:playground", JSON.stringify({ code: c, settings: { schedulers: 2, ...s } }));
    },
    [code, settings] as const,
  );
  await page.goto("playground/");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("editor").locator(".view-lines")).toContainText(code.split("\n")[0]!.slice(0, 30));
}

/** The page's main thread answers quickly (evaluate) and a control reacts to a click. */
async function expectResponsive(page: Page) {
  const t = Date.now();
  expect(await page.evaluate(() => 6 * 7)).toBe(42);
  const filter = page.getByTestId("console-filter");
  await filter.fill("0.1.0");
  await expect(filter).toHaveValue("0.1.0");
  await filter.fill("");
  expect(Date.now() - t).toBeLessThan(2000);
}

const FLOOD = `import { spawn, send, Process, IO } from "beamlab";

export default async function main() {
  const sink = spawn(async function sink() { await Process.sleep(1e9); });
  IO.puts("sink is " + sink);
  for (let i = 0; ; i++) {
    for (let j = 0; j < 50; j++) send(sink, ["msg", i, j]);
    await Process.sleep(1);
  }
}
`;

test.describe("workbench", () => {
  test("runs a program and shows its output tagged by pid", async ({ page }) => {
    await page.goto("playground/");
    // Interactive before Monaco: the Run button works from the start.
    await expect(page.getByTestId("run")).toBeEnabled();
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    await page.getByTestId("run").click();
    await expect(page.getByTestId("console")).toContainText("fib(20): 6765");
    await expect(page.getByTestId("console")).toContainText(/#PID<0\.\d+\.0>/);
    await expect(page.getByTestId("run-status")).toContainText("ended normally");
  });

  test("the editor knows the beamlab API: hover docs and completions", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    // Hover `spawn` on line 5 ("  spawn(async () => ...").
    // (Monaco reuses line elements: find the line by its text, not its index.)
    const line = editor.locator(".view-line", { hasText: "spawn(async" });
    await expect(line).toBeVisible();
    await expect(async () => {
      // Monaco re-renders lines: measure on every attempt.
      const box = await line.boundingBox();
      const first = await line.locator("span").first().boundingBox();
      expect(box && first).toBeTruthy();
      const charWidth = first!.width / (await line.innerText()).length;
      await page.mouse.move(box!.x + charWidth * 4.5, box!.y + box!.height / 2);
      await expect(page.locator(".monaco-hover").first()).toContainText("as a new process", { timeout: 1500 });
    }).toPass({ timeout: 15_000 });
    // `send(` shows its signature.
    await line.click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("send(");
    await expect(page.locator(".parameter-hints-widget")).toContainText("dest: Pid | string");
  });

  test("a flood's queue climbs in the chart and the table, and Kill ends the process", async ({ page }) => {
    await openWith(page, FLOOD);
    await page.getByTestId("run").click();
    const console_ = page.getByTestId("console");
    await expect(console_).toContainText("sink is #PID<");
    const sink = /sink is (#PID<[\d.]+>)/.exec(await console_.innerText())![1]!;

    // The chart follows it and its queue grows.
    const chart = page.getByTestId("queue-chart");
    await expect(chart).toHaveAttribute("data-series", new RegExp(sink.replace(/[<>.]/g, "\\$&")));
    const maxQueue = async () => Number(await chart.getAttribute("data-max-queue"));
    await expect.poll(maxQueue).toBeGreaterThan(200);
    const first = await maxQueue();
    await expect.poll(maxQueue).toBeGreaterThan(first);

    // The table shows it on top (sorted by queue) with a growing queue.
    const row = page.getByTestId("process-table").locator(`tr[data-pid="${sink}"]`);
    const queue = async () => Number(await row.locator('[data-col="queue"]').innerText());
    await expect.poll(queue).toBeGreaterThan(0);
    const q1 = await queue();
    await expect.poll(queue).toBeGreaterThan(q1);

    // Details, then Kill.
    await row.click();
    const details = page.getByTestId("process-details");
    await expect(details).toContainText("trap_exit");
    await expect(details).toContainText("{:msg, 0, 0}");
    await details.getByTestId("kill").click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId("process-dead")).toBeVisible();

    await page.getByTestId("stop").click();
    await expect(page.getByTestId("run-status")).toContainText("Stopped");
  });

  test("a compile error is marked in the editor and reported in the console", async ({ page }) => {
    await openWith(page, `import { IO } from "beamlab";\n\nexport default async function main() {\n  const x = ;\n}\n`);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-compile-errors", "1");
    await expect(page.getByTestId("console")).toContainText("program.ts:4:");
    await expect(page.getByTestId("run-status")).toContainText("Compile error");
    await expect(page.getByTestId("editor").locator(".squiggly-error").first()).toBeVisible();
  });

  test("a crash report shows the pid, the reason and the source line", async ({ page }) => {
    await openWith(page, `import { spawn, Process } from "beamlab";\n\nexport default async function main() {\n  spawn(() => { throw new Error("boom"); });\n  await Process.sleep(100);\n}\n`);
    await page.getByTestId("run").click();
    const crash = page.getByTestId("console").locator('[data-kind="crash"]').first();
    await expect(crash).toContainText(/#PID<0\.\d+\.\d+>/);
    await expect(crash).toContainText("boom");
    await expect(crash).toContainText('line 4: spawn(() => { throw new Error("boom"); });');
  });

  test("a sync infinite loop ends with a clear message; the page stays responsive", async ({ page }) => {
    await openWith(page, `export default async function main() {\n  spin();\n}\n\nfunction spin(): void {\n  while (true) {}\n}\n`, { syncLimitMs: 1500 });
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    await expectResponsive(page);
    await expect(page.getByTestId("run-status")).toContainText("without yielding", { timeout: 15_000 });
  });

  test("a million spawns end at the process limit; the page stays responsive", async ({ page }) => {
    await openWith(
      page,
      `import { spawn, receive } from "beamlab";\n\nexport default async function main() {\n  for (let i = 0; i < 1_000_000; i++) spawn(async () => { await receive(); });\n}\n`,
      { maxProcesses: 20_000 },
    );
    await page.getByTestId("run").click();
    await expectResponsive(page);
    await expect(page.getByTestId("console")).toContainText("too many processes", { timeout: 20_000 });
    await expect(page.getByTestId("run-status")).toContainText("main crashed");
  });

  test("an unbounded flood is stopped at the mailbox limit, and Stop ends the run within a second", async ({ page }) => {
    await openWith(page, FLOOD, { maxMailbox: 20_000 });
    await page.getByTestId("run").click();
    await expect(page.getByTestId("console")).toContainText("mailbox passed the limit of 20000", { timeout: 20_000 });
    await expectResponsive(page);
    // main still floods a dead pid: the run goes on until Stop.
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    const t = Date.now();
    await page.getByTestId("stop").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 1000 });
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(page.getByTestId("run-status")).toContainText("Stopped");
  });

  test("says main returned and how many processes still run, in a polite live region, until the run ends", async ({ page }) => {
    await openWith(
      page,
      `import { spawn, Process, IO } from "beamlab";

export default async function main() {
  for (const name of ["a", "b"]) spawn(async () => { await Process.sleep(4000); IO.puts(name + " done"); });
  IO.puts("main returns");
}
`,
    );
    await page.getByTestId("run").click();
    const status = page.getByTestId("run-status");
    await expect(status).toHaveAttribute("aria-live", "polite");
    await expect(status).toHaveText("main returned; 2 processes still running");
    await expect(page.getByTestId("console")).toContainText("main returns");
    // The run goes on (the charts are live) and ends when the last process does.
    await expect(page.getByTestId("console")).toContainText("b done", { timeout: 15_000 });
    await expect(status).toContainText("ended normally");
    await expect(status).not.toHaveAttribute("data-main-returned", "true");

    // Stop after main returned: the status says Stopped, not "main returned".
    await page.getByTestId("run").click();
    await expect(status).toHaveText("main returned; 2 processes still running");
    await page.getByTestId("stop").click();
    await expect(status).toContainText("Stopped");
  });

  test("says main exited because a linked process raised, naming it, after that process's crash report", async ({ page }) => {
    await openWith(
      page,
      `import { spawnLink, Process, IO } from "beamlab";

export default async function main() {
  IO.puts("linking");
  spawnLink(() => { throw new Error("boom"); });
  await Process.sleep(5000);
}
`,
    );
    await page.getByTestId("run").click();
    const status = page.getByTestId("run-status");
    await expect(status).toContainText(/main exited because linked #PID<0\.\d+\.\d+> exited with an exception: boom/);
    await expect(status).not.toContainText("main crashed");
    const console = page.getByTestId("console");
    const report = console.locator("[data-kind=crash]", { hasText: "raised an exception" });
    await expect(report).toContainText("** (RuntimeError) boom");
    const child = /#PID<0\.\d+\.\d+>/.exec((await report.innerText()) ?? "")![0];
    await expect(console.locator("[data-kind=system]")).toContainText(`main exited because linked ${child} exited with an exception: boom`);
  });

  test("the details of a process that a link took down say so once it is dead", async ({ page }) => {
    await openWith(
      page,
      `import { spawn, spawnLink, receive, Process, self } from "beamlab";

export default async function main() {
  spawn(async () => {
    Process.register(self(), "watched");
    spawnLink(async () => { await Process.sleep(4000); throw new Error("boom"); });
    await receive("never");
  });
  await Process.sleep(8000);
}
`,
    );
    await page.getByTestId("run").click();
    await page.getByTestId("process-table").locator("tr", { hasText: "watched" }).click();
    await expect(page.getByTestId("process-details")).toContainText("current function");
    await expect(page.getByTestId("process-dead")).toContainText(
      /^This process exited because linked #PID<0\.\d+\.\d+> exited with an exception: boom\.$/,
      { timeout: 15_000 },
    );
  });

  test("a shared link round-trips the code and settings without running it", async ({ page, browser, baseURL }) => {
    const code = `import { IO } from "beamlab";\n\nexport default async function main() {\n  IO.puts("shared hello");\n}\n`;
    await openWith(page, code, { schedulers: 3 });
    await page.getByTestId("share").click();
    const url = await page.getByTestId("share-url").inputValue();
    expect(url).toMatch(/#code=[A-Za-z0-9_-]+$/);

    // A fresh browser (no autosave) opens the link.
    const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page2 = await other.newPage();
    const errors: string[] = [];
    page2.on("pageerror", (e) => errors.push(e.message));
    await page2.goto(url);
    expect(new URL(page2.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page2.getByTestId("editor").locator(".view-lines")).toContainText('IO.puts("shared hello");');
    await expect(page2.getByTestId("scheduler-count")).toHaveValue("3");
    await expect(page2.getByTestId("run-status")).toContainText("shared link");
    await page2.waitForTimeout(1000);
    // Loaded, never run.
    await expect(page2.getByTestId("workbench")).toHaveAttribute("data-phase", "idle");
    await expect(page2.getByTestId("console")).not.toContainText("shared hello");
    await page2.getByTestId("run").click();
    await expect(page2.getByTestId("console")).toContainText("shared hello");
    expect(errors).toEqual([]);
    await other.close();
  });

  test("work autosaves and is restored after a reload", async ({ page }) => {
    await page.goto("playground/");
    const editor = page.getByTestId("editor");
    await expect(editor).toHaveAttribute("data-state", "ready");
    await editor.locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("\n// my autosaved note\n");
    await page.getByTestId("scheduler-count").selectOption("1");
    await page.waitForTimeout(800);
    await page.reload();
    await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("editor").locator(".view-lines")).toContainText("// my autosaved note");
    await expect(page.getByTestId("scheduler-count")).toHaveValue("1");
    await expect(page.getByTestId("run-status")).toContainText("Restored");
  });

  test("a lesson page has the workbench with the starter, an Elixir tab and the solution", async ({ page }) => {
    await page.goto("lessons/processes/");
    const slot = page.getByTestId("workbench-slot");
    await expect(slot.getByTestId("editor")).toHaveAttribute("data-state", "ready");
    await expect(slot.getByTestId("editor").locator(".view-lines")).toContainText("export default async function main()");
    await slot.getByRole("tab", { name: "Elixir" }).click();
    await expect(slot.getByTestId("elixir-code")).toContainText("defmodule");
    await slot.getByRole("tab", { name: "Solution" }).click();
    await slot.getByRole("button", { name: "Show solution" }).click();
    await expect(slot.getByTestId("solution-code")).toContainText("export default");
    await slot.getByRole("tab", { name: "Your code" }).click();
    await slot.getByTestId("run").click();
    await expect(slot.getByTestId("run-status")).not.toContainText("Running", { timeout: 20_000 });
  });
});
