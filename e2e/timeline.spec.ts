/**
 * The run timeline (#12) in real Chromium: after a short run the sequence diagram shows who
 * said what to whom, in order; scrubbing the timeline back shows the process table as it was
 * then, and its end shows no process alive; lesson 06's tree shows a supervisor's restarted
 * child beside the killed one. Judged by orderings and names, never by absolute times (a busy
 * 2-core machine stretches them).
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const PING_PONG = `import { spawn, send, receive, Process, _ } from "beamlab";

export default async function main() {
  const pong = spawn(async function pong() {
    for (let i = 0; i < 5; i++) {
      const [, n] = await receive(["ping", _]);
      send("ping", ["pong", n]);
    }
  });
  Process.register(pong, "pong");
  const ping = spawn(async function ping() {
    for (let i = 0; i < 5; i++) {
      send("pong", ["ping", i]);
      await receive(["pong", i]);
    }
  });
  Process.register(ping, "ping");
  await Process.sleep(30);
}
`;

/** 30,000 messages from flood to sink as fast as they go: far past what the recording keeps one by one. */
const FLOOD = `import { spawn, send, receive, monitor, Process, _ } from "beamlab";

export default async function main() {
  const sink = spawn(async function sink() {
    for (let n = 0; n < 30000; n++) await receive();
  });
  Process.register(sink, "sink");
  const ref = monitor(sink);
  const flood = spawn(async function flood() {
    for (let i = 0; i < 30000; i++) send("sink", ["n", i]);
  });
  Process.register(flood, "flood");
  await receive(["DOWN", ref, _, _, _]);
}
`;

/** Seed a page's saved work (the workbench's autosave) and open it. */
async function openWith(page: Page, url: string, key: string, code: string) {
  await page.addInitScript(
    ([k, c]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem(k, JSON.stringify({ code: c, settings: { schedulers: 2 } }));
    },
    [key, code] as const,
  );
  await page.goto(url);
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("editor").locator(".view-lines")).toContainText(code.split("\n")[0]!.slice(0, 30));
}

interface Arrow {
  i: number;
  t: number;
  kind: string;
  from: string;
  to: string;
  text: string;
}

/** Every row the (virtualised) diagram draws, read by scrolling it from top to bottom. */
async function diagramRows(page: Page): Promise<Arrow[]> {
  return page.getByTestId("sequence-scroll").evaluate(async (el) => {
    const seen = new Map<number, Arrow>();
    for (let top = 0; ; top += Math.max(40, el.clientHeight / 2)) {
      el.scrollTop = top;
      await new Promise((r) => setTimeout(r, 60));
      for (const g of el.querySelectorAll<SVGGElement>('[data-testid="seq-row"]')) {
        const i = Number(g.dataset.i);
        seen.set(i, { i, t: Number(g.dataset.t), kind: g.dataset.kind ?? "", from: g.dataset.from ?? "", to: g.dataset.to ?? "", text: g.textContent ?? "" });
      }
      if (top >= el.scrollHeight) break;
    }
    return [...seen.values()].sort((a, b) => a.i - b.i);
  });
}

/** The names in the process table. */
async function tableNames(page: Page): Promise<string[]> {
  const names = await page.getByTestId("process-table").locator("tbody tr[data-pid] td:nth-child(3)").allInnerTexts();
  return names.map((n) => n.trim()).sort();
}

test.describe("run timeline", () => {
  test("a ping-pong run's sequence diagram has lanes ping and pong and their 10 messages in order; scrubbing shows the table as it was", async ({ page }) => {
    await openWith(page, "playground/", "beamlab:work:playground", PING_PONG);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 20_000 });

    // (a) the diagram, after the run
    await page.getByTestId("run-tab-sequence").click();
    const diagram = page.getByTestId("sequence-diagram");
    await expect(diagram).toBeVisible();
    const lanes = await diagram.getByTestId("sequence-lane").allInnerTexts();
    expect(lanes.some((l) => l.startsWith("ping"))).toBe(true);
    expect(lanes.some((l) => l.startsWith("pong"))).toBe(true);

    const rows = await diagramRows(page);
    const messages = rows.filter((r) => r.kind === "send" && ["ping", "pong"].includes(r.from) && ["ping", "pong"].includes(r.to));
    expect(messages.map((m) => `${m.from}>${m.to}`)).toEqual(Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? "ping>pong" : "pong>ping")));
    expect(messages.map((m) => m.text)).toEqual([0, 1, 2, 3, 4].flatMap((n) => [`{:ping, ${n}}`, `{:pong, ${n}}`]));
    const times = messages.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Both processes end in the diagram (✕ marks).
    expect(rows.filter((r) => r.kind === "exit" || r.kind === "signal").map((r) => r.from)).toEqual(expect.arrayContaining(["ping", "pong"]));

    // (b) at the end nothing is alive; scrubbed to the middle of the exchange, both are.
    const processes = page.getByTestId("processes");
    await expect(processes).toHaveAttribute("data-when", "ended");
    expect(await tableNames(page)).toEqual([]);
    await expect(page.getByTestId("process-table")).toContainText("The run ended");

    const middle = messages[4]!; // the 5th of 10 messages
    const track = page.getByTestId("timeline-track");
    await track.focus();
    await page.keyboard.press("Home");
    const timeline = page.getByTestId("timeline");
    await expect(timeline).toHaveAttribute("data-i", "0");
    // Step event by event (→) until the 5th message has happened.
    for (let k = 0; k < 400 && Number(await timeline.getAttribute("data-i")) <= middle.i; k++) await page.keyboard.press("ArrowRight");
    await expect(timeline).toHaveAttribute("data-where", "scrubbed");
    expect(Number(await timeline.getAttribute("data-i"))).toBe(middle.i + 1);
    await expect(processes).toHaveAttribute("data-when", "scrubbed");
    await expect.poll(() => tableNames(page)).toEqual(expect.arrayContaining(["ping", "pong"]));
    // The diagram marks the moment: 5 of the 10 messages are before its cursor.
    await expect(diagram.getByTestId("sequence-cursor")).toHaveCount(1);
    await expect(page.getByTestId("sequence-summary")).toContainText("5 before the cursor");
    // One more step: still in the middle, still both alive (ordering, not time).
    await page.keyboard.press("ArrowRight");
    expect(await tableNames(page)).toEqual(expect.arrayContaining(["ping", "pong"]));

    // Dragging: a click at the track's middle lands between the start and the end.
    const box = (await track.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const t = Number(await timeline.getAttribute("data-t"));
    expect(t).toBeGreaterThan(0);

    // End: the end state again, nothing alive.
    await track.focus();
    await page.keyboard.press("End");
    await expect(timeline).toHaveAttribute("data-where", "end");
    await expect(processes).toHaveAttribute("data-when", "ended");
    expect(await tableNames(page)).toEqual([]);
  });

  test("a flood's messages the recording only counted show as thick arrows with their count between the lanes", async ({ page }) => {
    await openWith(page, "playground/", "beamlab:work:playground", FLOOD);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 30_000 });
    await page.getByTestId("run-tab-sequence").click();
    const diagram = page.getByTestId("sequence-diagram");
    await expect(diagram).toBeVisible();
    const lanes = await diagram.getByTestId("sequence-lane").allInnerTexts();
    expect(lanes.some((l) => l.startsWith("flood"))).toBe(true);
    expect(lanes.some((l) => l.startsWith("sink"))).toBe(true);

    // Every one of the 30,000 messages is on the diagram: an arrow of its own, or in a count.
    const detailed = Number(await diagram.getAttribute("data-messages"));
    const counted = Number(await diagram.getAttribute("data-counted"));
    expect(counted).toBeGreaterThan(20_000);
    expect(detailed + counted).toBe(30_000);
    await expect(page.getByTestId("sequence-summary")).toContainText(`${counted.toLocaleString("en-US")} more counted, not detailed`);

    // The counted rows, read by scrolling through the diagram: flood -> sink, badges adding up to the count.
    const rows = await page.getByTestId("sequence-scroll").evaluate(async (el) => {
      const seen = new Map<string, { from: string; to: string; count: number; badge: string }>();
      for (let top = 0; ; top += Math.max(40, el.clientHeight / 2)) {
        el.scrollTop = top;
        await new Promise((r) => setTimeout(r, 30));
        for (const g of el.querySelectorAll<SVGGElement>('[data-kind="counted"]')) {
          const d = g.dataset;
          seen.set(`${d.i}|${d.t}|${d.from}|${d.to}`, { from: d.from ?? "", to: d.to ?? "", count: Number(d.count), badge: g.textContent ?? "" });
        }
        if (top >= el.scrollHeight) break;
      }
      return [...seen.values()];
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.from === "flood" && r.to === "sink")).toBe(true);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(counted);
    for (const r of rows) expect(r.badge.replace(/,/g, "")).toContain(`×${r.count}`);

    // Clicked, a count says what it stands for.
    const row = diagram.locator('[data-kind="counted"]').first();
    await row.scrollIntoViewIfNeeded();
    await row.dispatchEvent("click");
    await expect(page.getByTestId("sequence-details")).toContainText(/messages? from flood to sink between .+: a flood past what the recording keeps one by one/);
  });

  test("lesson 06's tree shows a supervisor's restarted child beside the killed one", async ({ page }) => {
    const solution = fs.readFileSync(path.join(process.cwd(), "lessons", "06-supervisors", "solution.ts"), "utf8");
    await openWith(page, "lessons/supervisors/", "beamlab:work:lesson:supervisors", solution);
    await page.getByTestId("run").click();
    await expect(page.getByTestId("workbench")).toHaveAttribute("data-phase", "ended", { timeout: 30_000 });
    await page.getByTestId("run-tab-tree").click();
    const tree = page.getByTestId("process-tree");
    await expect(tree).toBeVisible();
    const restarted = tree.locator('[data-restarted="true"]');
    await expect(restarted.first()).toBeVisible();
    await expect(restarted.first()).toContainText("restarted");
    // The one it replaced: killed (the lesson kills mailer), marked, and named the same.
    const replaced = tree.locator('[data-replaced="true"][data-killed="true"]').first();
    await expect(replaced).toContainText("killed");
    const name = await replaced.getAttribute("data-label");
    expect(name).toBe("mailer");
    await expect(tree.locator(`[data-restarted="true"][data-label="${name}"]`).first()).toBeVisible();
    // Its parent is marked as a supervisor.
    await expect(tree.getByTitle("supervisor").first()).toBeVisible();
  });
});
