/**
 * What the page shows of a run (#11 items 2, 3, 4, 5, 9), in real Chromium: a new run starts
 * from a clean console, table, chart and lanes; a run of a few tens of milliseconds still
 * leaves its processes and queues on the charts; chart lines and table rows are labelled by
 * registered name or initial call with the pid beside them, in the process's own colour;
 * lesson 10's chart shows GenStage B's buffer and demand beside both pipelines' B; schedulers
 * are numbered from 0 everywhere, as the API counts them, and "auto (N)" says what a run uses.
 * Judged by orderings and counts, never by absolute times (a busy 2-core machine stretches them).
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures";

/** Seed a page's saved work (the workbench's autosave) and open it. */
async function openWith(page: Page, url: string, key: string, code: string, schedulers: number) {
  await page.addInitScript(
    ([k, c, n]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem(k, JSON.stringify({ code: c, settings: { schedulers: n } }));
    },
    [key, code, schedulers] as const,
  );
  await page.goto(url);
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("editor").locator(".view-lines")).toContainText(code.split("\n")[0]!.slice(0, 30));
}

function lessonCode(dir: string, file: "starter.ts" | "solution.ts"): string {
  return fs.readFileSync(path.join(process.cwd(), "lessons", dir, file), "utf8");
}

/** The peak of every chart line, by its legend label (the charts' `data-peaks`). */
async function peaks(chart: Locator): Promise<Record<string, number>> {
  if ((await chart.locator("[data-peaks]").count()) === 0) return {};
  return JSON.parse((await chart.locator("[data-peaks]").getAttribute("data-peaks")) ?? "{}") as Record<string, number>;
}

/** The legend's labels of a chart (uPlot's legend, the first entry being the time axis). */
async function legend(chart: Locator): Promise<string[]> {
  return (await chart.locator(".u-legend .u-series .u-label").allInnerTexts()).map((s) => s.trim());
}

const ended = (page: Page) => expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 30_000 });

// With 2 schedulers: fill a sink's mailbox, then crash. With 1: print nothing for 8 s.
const TWO_RUNS = `import { spawn, send, Process, System } from "beamlab";

export default async function main() {
  if (System.schedulersOnline() === 2) {
    const sink = spawn(async function sink() { await Process.sleep(1e9); });
    for (let i = 0; i < 300; i++) send(sink, ["msg", i]);
    await Process.sleep(600);
    throw new Error("the first run crashed");
  }
  await Process.sleep(8000);
}
`;

// About 50 ms: four workers take 40 messages each, one a millisecond.
const SHORT_RUN = `import { spawn, send, receive, Process, _ } from "beamlab";

export default async function main() {
  const workers = [];
  for (let i = 0; i < 4; i++) {
    workers.push(spawn(async function worker() {
      for (let k = 0; k < 40; k++) { await receive(_); await Process.sleep(1); }
    }));
  }
  for (const w of workers) for (let k = 0; k < 40; k++) send(w, k);
  await Process.sleep(50);
}
`;

test.describe("what the page shows of a run", () => {
  test("a new run clears the last run's console, chart, table and lanes at once; the last console is one click away", async ({ page }) => {
    await openWith(page, "playground/", "beamlab:work:playground", TWO_RUNS, 2);
    const consoleBox = page.getByTestId("console");
    const chart = page.getByTestId("queue-chart");
    await page.getByTestId("run").click();
    await ended(page);
    await expect(consoleBox.locator('[data-kind="crash"]').first()).toContainText("the first run crashed");
    expect(Number(await chart.getAttribute("data-peak-queue"))).toBeGreaterThanOrEqual(100);
    await expect(page.getByTestId("scheduler-lane")).toHaveCount(2);

    // The second run prints nothing for 8 s: the page must not show the first run meanwhile.
    await page.getByTestId("scheduler-count").selectOption("1");
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    await expect(consoleBox).not.toContainText("the first run crashed", { timeout: 1500 });
    await expect(consoleBox.locator('[data-kind="crash"]')).toHaveCount(0);
    await expect(chart).toHaveAttribute("data-peak-queue", "0");
    await expect(chart).toHaveAttribute("data-series", "");
    // Lanes and table: only what the new run has (1 scheduler, main), nothing of the first.
    await expect.poll(() => page.getByTestId("scheduler-lane").count()).toBeLessThanOrEqual(1);
    await expect.poll(() => page.getByTestId("process-table").locator("tbody tr[data-pid]").count()).toBeLessThanOrEqual(1);
    // The first run's console is one click away, and back.
    const previous = page.getByTestId("console-previous");
    await previous.click();
    await expect(previous).toHaveAttribute("aria-pressed", "true");
    await expect(consoleBox.locator('[data-kind="crash"]').first()).toContainText("the first run crashed");
    await previous.click();
    await expect(consoleBox).not.toContainText("the first run crashed");
    // Still the second run (its 8 s sleep): all of the above held while it ran.
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    await expect(page.getByTestId("run-status")).toContainText("Running");
  });

  test("a 50 ms run leaves its processes, queues and lanes to look at", async ({ page }) => {
    await openWith(page, "playground/", "beamlab:work:playground", SHORT_RUN, 2);
    await page.getByTestId("run").click();
    await ended(page);
    // The whole-run charts drew the five processes and the workers' queues.
    const system = page.getByTestId("system-chart");
    await expect.poll(async () => (await peaks(system))["processes"] ?? 0).toBeGreaterThanOrEqual(5);
    const queues = page.getByTestId("queue-chart");
    expect(Number(await queues.getAttribute("data-peak-queue"))).toBeGreaterThan(0);
    expect((await queues.getAttribute("data-series"))?.split(",").filter(Boolean).length).toBeGreaterThan(0);
    // The lanes: both schedulers, idle at the end.
    await expect(page.getByTestId("scheduler-lane")).toHaveCount(2);
    await expect(page.getByTestId("scheduler-lanes")).toContainText("0%");
  });

  test("lesson 01's 0.2 s run draws its processes; its one scheduler is S0, and auto says 1", async ({ page }) => {
    await openWith(page, "lessons/processes/", "beamlab:work:lesson:processes", lessonCode("01-processes", "solution.ts"), 0);
    // The lesson runs on 1 scheduler while the setting is "auto": the dropdown says so.
    await expect(page.getByTestId("scheduler-count").locator("option").first()).toHaveText("auto (1)");
    await page.getByTestId("run").click();
    await ended(page);
    await expect(page.getByTestId("console")).toContainText("fib(20): 6765");
    await expect.poll(async () => (await peaks(page.getByTestId("system-chart")))["processes"] ?? 0).toBeGreaterThanOrEqual(2);
    const lanes = page.getByTestId("scheduler-lane");
    await expect(lanes).toHaveCount(1);
    await expect(lanes.first().locator("span").first()).toHaveText("S0");
  });

  test("schedulers count from 0 in the lanes, the table and the chart, as in pids and spawnOpt", async ({ page }) => {
    const code = `import { spawnOpt, Process } from "beamlab";

export async function napper() { await Process.sleep(4000); }

export default async function main() {
  spawnOpt(napper, [], { scheduler: 0 });
  spawnOpt(napper, [], { scheduler: 1 });
  await Process.sleep(4000);
}
`;
    await openWith(page, "playground/", "beamlab:work:playground", code, 2);
    await page.getByTestId("run").click();
    const table = page.getByTestId("process-table");
    // While it runs: every row's Sched column is the last number of its pid.
    const rowsNow = () =>
      table.locator("tbody tr[data-pid]").evaluateAll((trs) => trs.map((tr) => ({ pid: tr.getAttribute("data-pid") ?? "", sched: tr.querySelector("td:last-child")?.textContent?.trim() ?? "" })));
    await expect.poll(async () => (await rowsNow()).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const rows = await rowsNow();
    for (const r of rows) expect(r.sched).toBe(/\.(\d+)>$/.exec(r.pid)![1]);
    expect(new Set(rows.map((r) => r.sched))).toEqual(new Set(["0", "1"]));
    const lanes = await page.getByTestId("scheduler-lane").allInnerTexts();
    expect(lanes.map((l) => l.trim().slice(0, 2))).toEqual(["S0", "S1"]);
    expect(await legend(page.getByTestId("system-chart"))).toEqual(expect.arrayContaining(["S0 %", "S1 %"]));
    await ended(page);
  });

  test("lesson 09's flood line reads ServerFlood, with its pid beside it", async ({ page }) => {
    await openWith(page, "lessons/the-flood/", "beamlab:work:lesson:the-flood", lessonCode("09-the-flood", "solution.ts"), 0);
    await page.getByTestId("run").click();
    await ended(page);
    await expect(page.getByTestId("run-status")).toContainText("ended normally");
    // The whole run's chart, after the end: the flood's line by its name.
    const chart = page.getByTestId("queue-chart");
    const label = (await legend(chart)).find((l) => /^ServerFlood #PID<0\.\d+\.\d+>$/.test(l));
    expect(label, (await legend(chart)).join(" | ")).toBeDefined();
    expect((await peaks(chart))[label!]).toBeGreaterThan(10);
  });

  test("a process reads the same in the chart and the table: its name, its pid, its colour", async ({ page }) => {
    // A named GenServer flooded for ~3 s (time to look while it runs).
    const code = `import { GenServer, Process, type Pid } from "beamlab";

const ServerFlood = {
  init: () => ["ok", null] as const,
  handleCast: async (_req: "process", state: null) => {
    await Process.sleep(20);
    return ["noreply", state] as const;
  },
};

export default async function main() {
  const [, server] = await GenServer.start(ServerFlood, null, { name: "ServerFlood" });
  for (let i = 0; i < 600; i++) {
    GenServer.cast(server as Pid, "process");
    await Process.sleep(5);
  }
  Process.exit(server as Pid, "kill");
}
`;
    await openWith(page, "playground/", "beamlab:work:playground", code, 2);
    await page.getByTestId("run").click();
    const chart = page.getByTestId("queue-chart");
    await expect.poll(() => legend(chart), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^ServerFlood #PID<0\.\d+\.\d+>$/)]));
    const label = (await legend(chart)).find((l) => l.startsWith("ServerFlood"))!;
    const pid = label.slice("ServerFlood ".length);
    // The table's row for that pid is named ServerFlood too.
    await expect(page.getByTestId("process-table").locator(`tbody tr[data-pid="${pid}"] td:nth-child(3)`)).toHaveText("ServerFlood");
    // One colour for the process: its legend marker and its pid in the table (read together).
    const colours = await page.evaluate(
      ([p, l]) => {
        const button = document.querySelector(`[data-testid="process-table"] tr[data-pid="${p}"] td:nth-child(2) button`);
        const row = [...document.querySelectorAll('[data-testid="queue-chart"] .u-legend .u-series')].find((r) => r.textContent?.includes(l));
        const marker = row?.querySelector(".u-marker");
        return { pid: button ? getComputedStyle(button).color : "", line: marker ? getComputedStyle(marker).borderTopColor : "" };
      },
      [pid, label] as const,
    );
    expect(colours.pid).toMatch(/^rgb/);
    expect(colours.line).toBe(colours.pid);
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "running");
    await ended(page);
  });

  test("lesson 10's chart shows both pipelines' B, with GenStage B's buffer and demand, from 0, with labelled axes", async ({ page }) => {
    await openWith(page, "lessons/back-pressure/", "beamlab:work:lesson:back-pressure", lessonCode("10-back-pressure", "starter.ts"), 0);
    await page.getByTestId("run").click();
    await ended(page);
    await expect(page.getByTestId("run-status")).toContainText("ended normally");
    const chart = page.getByTestId("queue-chart");
    const labels = await legend(chart);
    const plainB = labels.find((l) => /^★ plainRepublish #PID<[\d.]+> mailbox$/.test(l));
    const stageB = labels.find((l) => /^★ Republish #PID<[\d.]+> mailbox$/.test(l));
    expect(plainB, labels.join(" | ")).toBeDefined();
    expect(stageB, labels.join(" | ")).toBeDefined();
    const stage = stageB!.replace(/ mailbox$/, "");
    expect(labels).toEqual(expect.arrayContaining([`${stage} buffer`, `${stage} demand`]));
    const p = await peaks(chart);
    // The broken starter (maxDemand 1000): the plain B's mailbox piles up past maxDemand (10), as
    // the lesson's own check says; the GenStage B's mailbox does not, but the demand it owes C is
    // far beyond maxDemand: C asked for 1000.
    expect(p[plainB!], JSON.stringify(p)).toBeGreaterThan(10);
    expect(p[stageB!], JSON.stringify(p)).toBeLessThanOrEqual(10);
    expect(p[`${stage} demand`], JSON.stringify(p)).toBeGreaterThan(100);
    // Axes: from 0, time in seconds on x, and what is counted on y.
    const plot = chart.locator("[data-y-min]");
    await expect(plot).toHaveAttribute("data-y-min", "0");
    await expect(plot).toHaveAttribute("data-x-label", "time (s)");
    await expect(plot).toHaveAttribute("data-y-label", "messages / events");
  });
});
