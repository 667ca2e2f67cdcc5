/**
 * The browser runtime in real Chromium: programs run on Web Workers through the runtime
 * lab's `window.__beamlab.run` (see app/_components/RuntimeLab.tsx), and the page's main
 * thread stays free whatever they do.
 */
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import type { LabResult } from "../app/_components/RuntimeLab";

type Opts = Record<string, number>;

/** Open the lab and wait until its test hook is there. */
async function openLab(page: Page) {
  await page.goto("lab/");
  await expect(page.getByRole("heading", { level: 1, name: "Runtime lab" })).toBeVisible();
  await page.waitForFunction(() => window.__beamlab !== undefined);
}

/** Run `source` in the page and return the result. */
function run(page: Page, source: string, opts: Opts = {}): Promise<LabResult> {
  return page.evaluate(([src, o]) => window.__beamlab!.run(src, o), [source, opts] as const);
}

const texts = (r: LabResult) => r.output.map((l) => l.text);

const RESPONDER = `
async function responder() {
  for (;;) {
    const [from, n] = await receive();
    send(from, n);
  }
}`;

test.describe("browser runtime", () => {
  test.beforeEach(async ({ page }) => openLab(page));

  test("the Run button runs the textarea's program and shows its output", async ({ page, requests, sitePath }) => {
    await page.getByLabel("Schedulers").fill("2");
    await page.getByRole("button", { name: "Run" }).click();
    await expect(page.getByTestId("lab-output")).toContainText("fib(20): 6765");
    await expect(page.getByTestId("lab-status")).toContainText("normal");
    // The scheduler workers' code comes from the site's own base path.
    expect(requests.filter((u) => !new URL(u).pathname.startsWith(sitePath))).toEqual([]);
  });

  test("runs the fib example on Web Workers", async ({ page }) => {
    const r = await run(
      page,
      `import { spawn, send, receive, self, _, IO } from "beamlab";
export default async function main() {
  const parent = self();
  spawn(async () => send(parent, ["fib", fib(20)]));
  const [, x] = await receive(["fib", _]);
  IO.inspect(x, { label: "fib(20)" });
}
function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }`,
      { schedulers: 2 },
    );
    expect(r.status).toBe("normal");
    expect(texts(r)).toEqual(["fib(20): 6765"]);
    // The Run button's view shows the same output.
    await expect(page.getByTestId("lab-output")).toContainText("fib(20): 6765");
  });

  test("a CPU-bound async loop does not stop another process from answering", async ({ page }) => {
    const r = await run(
      page,
      `import { spawn, send, receive, self, IO, Process } from "beamlab";
${RESPONDER}
async function hog() { let i = 0; while (true) { i++; } }
export default async function main() {
  const h = spawn(hog);
  const r = spawn(responder);
  const me = self();
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    send(r, [me, i]);
    await receive(i);
    times.push(performance.now() - t);
  }
  IO.puts("answered " + times.length + ", slowest " + Math.max(...times).toFixed(1) + " ms");
  IO.puts("hog alive: " + Process.alive(h));
  Process.exit(h, "kill");
  Process.exit(r, "kill");
}`,
      { schedulers: 1, timeoutMs: 10_000 },
    );
    expect(r.status).toBe("normal");
    const [answered, alive] = texts(r);
    expect(answered).toMatch(/^answered 20, slowest [\d.]+ ms$/);
    expect(Number(/slowest ([\d.]+)/.exec(answered)![1])).toBeLessThan(25);
    expect(alive).toBe("hog alive: true");
  });

  test("kills a sync runaway without yielding and keeps serving other processes", async ({ page }) => {
    const r = await run(
      page,
      `import { spawn, spawnMonitor, send, receive, self, _, IO, Process, TIMEOUT } from "beamlab";
${RESPONDER}
export default async function main() {
  const r = spawn(responder);
  const [pid, ref] = spawnMonitor(() => { while (true) {} });
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts("runaway: " + down[4][1]);
  send(r, [self(), "ping"]);
  const answer = await receive("ping", { after: 1000 });
  IO.puts("responder: " + (answer === TIMEOUT ? "silent" : answer));
  Process.exit(r, "kill");
}`,
      { schedulers: 1, syncLimitMs: 500, timeoutMs: 10_000 },
    );
    expect(r.status).toBe("normal");
    const out = r.output.filter((l) => l.kind === "out").map((l) => l.text);
    expect(out[0]).toMatch(/^runaway: killed: ran \d+ ms of synchronous code without yielding/);
    expect(out[1]).toBe("responder: ping");
    // The crash report reaches the output, not the page's console (the fixture checks that).
    expect(r.output.find((l) => l.kind === "crash")?.text).toContain("without yielding");
  });

  test("restarts a stuck worker; a monitor elsewhere hears :killed and the page stays responsive", async ({ page }) => {
    const pending = run(
      page,
      `import { spawnOpt, receive, send, self, _, IO } from "beamlab";
export function backtrack() { return /(a+)+$/.test("a".repeat(34) + "b"); }
export async function echo(to: any) { send(to, "echo from scheduler 1 after the restart"); }
export default async function main() {
  const [pid, ref] = spawnOpt(backtrack, [], { scheduler: 1, monitor: true });
  IO.puts("started");
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts("DOWN reason: " + down[4]);
  spawnOpt(echo, [self()], { scheduler: 1 });
  IO.puts(await receive());
}`,
      { schedulers: 2, syncLimitMs: 500, stuckMs: 1500, timeoutMs: 20_000 },
    );
    // While scheduler 1 is stuck, the page answers and reacts to clicks at once.
    const output = page.getByTestId("lab-output");
    await expect(output).toContainText("started");
    const t0 = Date.now();
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await page.getByRole("button", { name: "Clear output" }).click();
    await expect(output.locator("li")).toHaveCount(0);
    expect(Date.now() - t0).toBeLessThan(1000);

    const r = await pending;
    expect(r.status).toBe("normal");
    expect(r.restarts).toBe(1);
    expect(texts(r)).toContain("DOWN reason: killed");
    expect(texts(r)).toContain("echo from scheduler 1 after the restart");
    expect(texts(r).some((t) => /scheduler 1 was stuck for \d+ ms/.test(t))).toBe(true);
  });

  test("kill ends one process of a running program with :killed", async ({ page }) => {
    const pending = run(
      page,
      `import { spawnMonitor, receive, _, IO } from "beamlab";
export default async function main() {
  const [pid, ref] = spawnMonitor(async () => { await receive("never"); });
  IO.puts("victim " + pid);
  const down = await receive(["DOWN", ref, "process", pid, _]);
  IO.puts("victim exited: " + down[4]);
}`,
      { schedulers: 1, timeoutMs: 10_000 },
    );
    const victim = page.getByTestId("lab-output").getByText(/^victim #PID/);
    await expect(victim).toBeVisible();
    const pid = (await victim.textContent())!.slice("victim ".length);
    await page.evaluate((p) => window.__beamlab!.kill(p), pid);
    const r = await pending;
    expect(r.status).toBe("normal");
    expect(texts(r)).toEqual([`victim ${pid}`, "victim exited: killed"]);
  });

  test("sends stats frames several times a second while a program runs", async ({ page }) => {
    const r = await run(
      page,
      `import { spawn, receive, send, Process } from "beamlab";
export default async function main() {
  const pids = [];
  for (let i = 0; i < 50; i++) pids.push(spawn(async () => { await receive("stop"); }));
  await Process.sleep(800);
  for (const p of pids) send(p, "stop");
}`,
      { schedulers: 1, timeoutMs: 10_000 },
    );
    expect(r.status).toBe("normal");
    // 4 Hz for ≈ 0.8 s: at least 2 frames, one of them showing main and its 50 processes.
    expect(r.stats.frames).toBeGreaterThanOrEqual(2);
    expect(r.stats.peakProcs).toBe(51);
  });

  test("returns a compile error at the learner's line", async ({ page }) => {
    const r = await run(
      page,
      `import { IO } from "beamlab";
export default async function main() {
  const x = ;
  IO.puts(x);
}`,
    );
    expect(r.status).toBe("compile-error");
    expect(r.errors?.[0]?.line).toBe(3);
    expect(r.errors?.[0]?.message).toBeTruthy();
    expect(r.output).toEqual([]);
  });

  test("System.measureMemory measures the scheduler workers' heap: 20k idle processes cost a plausible few hundred bytes each", async ({ page }) => {
    const r = await run(
      page,
      `import { spawn, send, receive, Process, System, IO } from "beamlab";
export default async function main() {
  const before = await System.measureMemory();
  const pids = [];
  for (let i = 0; i < 20_000; i++) pids.push(spawn(async () => { await receive("stop"); }));
  await Process.sleep(20);
  const after = await System.measureMemory();
  IO.puts(JSON.stringify({ before, after, isolated: crossOriginIsolated }));
  for (const p of pids) send(p, "stop");
}`,
      { schedulers: 2, timeoutMs: 30_000 },
    );
    expect(r.status).toBe("normal");
    const { before, after, isolated } = JSON.parse(texts(r).find((t) => t.startsWith("{"))!);
    expect(isolated).toBe(true);
    // Two scheduler workers run the same script, so the page can only measure them together.
    expect(before).toMatchObject({ scope: "page", precise: true });
    expect(after).toMatchObject({ scope: "page", precise: true });
    expect(before.bytes).toBeGreaterThan(100_000);
    const perProcess = (after.bytes - before.bytes) / 20_000;
    expect(perProcess).toBeGreaterThan(200);
    expect(perProcess).toBeLessThan(10_000);
  });

  test("Stop ends an endless async loop within a second", async ({ page }) => {
    await page.evaluate(() => {
      const w = window as unknown as { pending: Promise<LabResult> };
      w.pending = window.__beamlab!.run(
        `import { IO } from "beamlab";
export default async function main() {
  IO.puts("looping");
  let i = 0;
  for (;;) { i++; }
}`,
        { schedulers: 2 },
      );
    });
    await expect(page.getByTestId("lab-output")).toContainText("looping");
    await page.waitForTimeout(300);
    const t0 = Date.now();
    await page.getByRole("button", { name: "Stop" }).click();
    const r = await page.evaluate(() => (window as unknown as { pending: Promise<LabResult> }).pending);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.status).toBe("stopped");
    await expect(page.getByTestId("lab-status")).toContainText("stopped");
  });
});
