/**
 * Soak test of the page: the playground runs 10,000 processes exchanging messages with the
 * charts, lanes and table live, and every 15 s this prints the page's JS heap (after a GC)
 * and its frame rate. The heap should level off (bounded histories) and stay near 60 fps.
 *
 *     npm run build && node scripts/soak-page.mjs [minutes=3]
 *
 * Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Not part of npm test.
 */
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.mjs";
import { fileURLToPath } from "node:url";
const MINUTES = Number(process.argv[2] ?? 3);
const srv = await startServer({ dir: fileURLToPath(new URL("../out", import.meta.url)), port: 0 });
const b = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"] });
const p = await b.newPage({ viewport: { width: 1366, height: 768 } });
const code = `import { spawn, send, receive, self, Process } from "beamlab";
export default async function main() {
  const pids = [];
  for (let i = 0; i < 10000; i++) pids.push(spawn(async () => { for (;;) { const [from, n] = await receive(); send(from, n + 1); } }));
  const me = self();
  for (;;) {
    for (let i = 0; i < 10000; i += 7) send(pids[i], [me, i]);
    for (let i = 0; i < 10000; i += 7) await receive();
    await Process.sleep(5);
  }
}`;
await p.addInitScript((c) => localStorage.setItem("beamlab:work:playground", JSON.stringify({ code: c, settings: { schedulers: 2 } })), code);
await p.goto(srv.url + "playground/");
await p.waitForSelector('[data-testid="editor"][data-state="ready"]', { timeout: 60000 });
await p.getByTestId("run").first().click();
const samples = [];
const t0 = Date.now();
while (Date.now() - t0 < MINUTES * 60_000) {
  await p.waitForTimeout(15_000);
  const mb = await p.evaluate(() => { globalThis.gc?.(); return performance.memory.usedJSHeapSize / 1e6; });
  const fps = await p.evaluate(() => new Promise((r) => { let n = 0; const s = performance.now(); const f = () => { n++; if (performance.now() - s < 1000) requestAnimationFrame(f); else r(n); }; requestAnimationFrame(f); }));
  samples.push([Math.round((Date.now() - t0) / 1000), +mb.toFixed(1), fps]);
  console.log(`t=${samples.at(-1)[0]}s heap=${samples.at(-1)[1]} MB fps=${fps}`);
}
const procs = await p.locator('[data-testid="process-table"]').innerText().catch(() => "");
console.log("table head:", procs.slice(0, 120).replace(/\n/g, " | "));
await p.getByTestId("stop").first().click();
await b.close(); await srv.close(); process.exit(0);
