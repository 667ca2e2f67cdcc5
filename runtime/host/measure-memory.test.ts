/**
 * System.measureMemory on Node worker threads: the asking process waits for a measurement
 * of its scheduler's own heap, which grows with the processes it holds.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../compile/index";
import { runOnNode } from "./node-host";

const PROGRAM = `import { spawn, send, receive, Process, System, IO } from "beamlab";
export default async function main() {
  const before = await System.measureMemory();
  const pids = [];
  for (let i = 0; i < 50_000; i++) pids.push(spawn(async () => { await receive("stop"); }));
  await Process.sleep(20);
  const after = await System.measureMemory();
  IO.puts(JSON.stringify({ before, after }));
  for (const p of pids) send(p, "stop");
}`;

describe("System.measureMemory on Node", () => {
  it("measures this scheduler's heap precisely, and 50k idle processes add 0.2–10 KB each", async () => {
    const compiled = compile(PROGRAM, { filename: "program.ts" });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const run = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 30_000 });
    expect(run.status).toBe("normal");
    const { before, after } = JSON.parse(run.output.find((l) => l.text.startsWith("{"))!.text);
    expect(before).toMatchObject({ scope: "worker", precise: true });
    expect(after).toMatchObject({ scope: "worker", precise: true });
    expect(before.bytes).toBeGreaterThan(1_000_000);
    const perProcess = (after.bytes - before.bytes) / 50_000;
    expect(perProcess).toBeGreaterThan(200);
    expect(perProcess).toBeLessThan(10_000);
  }, 60_000);
});
