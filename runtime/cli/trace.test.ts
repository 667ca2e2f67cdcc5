/** `beamlab run --trace` and `beamlab trace --mermaid`, as a user runs them. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TraceFile } from "../host/trace-store";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "beamlab-trace-"));

function beamlab(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/beamlab.mjs", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking (lessons run two at a time). */
function beamlabAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/beamlab.mjs", ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 90_000);
    child.on("close", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

const participants = (diagram: string) => diagram.split("\n").filter((l) => l.trim().startsWith("participant "));

describe("beamlab run --trace", () => {
  it("writes the run's recording as JSON: processes, events in time order, one clock", () => {
    const file = join(dir, "hello.json");
    const r = beamlab("run", "runtime/cli/examples/hello.ts", "--trace", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("fib(20): 6765\n");
    const trace = JSON.parse(readFileSync(file, "utf8")) as TraceFile;
    expect(trace).toMatchObject({ format: "beamlab-trace", version: 1 });
    expect(trace.processes.map((p) => p.call)).toContain("main");
    expect(trace.events.some((e) => e.k === "send" && e.msg === "{:fib, 6765}")).toBe(true);
    expect(trace.events.every((e, i) => i === 0 || e.t >= trace.events[i - 1].t)).toBe(true);
    // Every process's end is in the file: the run is reported ended only after the last chunk.
    expect(trace.processes.every((p) => p.exitedAt !== undefined)).toBe(true);
  });

  it("says what is missing when --trace has no file name", () => {
    const r = beamlab("run", "runtime/cli/examples/hello.ts", "--trace");
    expect(r.stderr).toContain("--trace needs a file name");
    expect(r.code).toBe(64);
  });
});

describe("beamlab trace --mermaid", () => {
  it("prints a sequenceDiagram with a participant per process and the message arrows; --only keeps the named ones", () => {
    const file = join(dir, "cross.json");
    expect(beamlab("run", "runtime/cli/examples/cross-scheduler.ts", "--schedulers", "2", "--trace", file).code).toBe(0);
    const all = beamlab("trace", file, "--mermaid");
    expect(all.code).toBe(0);
    expect(all.stdout.startsWith("sequenceDiagram\n")).toBe(true);
    expect(participants(all.stdout).some((l) => l.includes(" as echo"))).toBe(true);
    expect(all.stdout).toMatch(/P\d+->>P\d+: /);
    const only = beamlab("trace", file, "--mermaid", "--only", "echo");
    expect(participants(only.stdout)).toHaveLength(1);
  });

  it("refuses a file that is not a recording", () => {
    const r = beamlab("trace", "package.json", "--mermaid");
    expect(r.stderr).toContain("not a beamlab trace");
    expect(r.code).not.toBe(0);
  });
});

describe("--trace and --mermaid on every lesson's solution", () => {
  const lessons = readdirSync(join(root, "lessons"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it(
    `records ${lessons.length} lessons and draws each as a diagram with participants`,
    async () => {
      const failures: string[] = [];
      const one = async (lesson: string) => {
        const file = join(dir, `${lesson}.json`);
        const run = await beamlabAsync("run", `lessons/${lesson}/solution.ts`, "--trace", file, "--timeout", "60000");
        if (run.code !== 0) return void failures.push(`${lesson}: run exited ${run.code}: ${run.stderr.slice(-300)}`);
        let trace: TraceFile;
        try {
          trace = JSON.parse(readFileSync(file, "utf8")) as TraceFile;
        } catch (e) {
          return void failures.push(`${lesson}: ${(e as Error).message}`);
        }
        if (trace.processes.length === 0) failures.push(`${lesson}: no process recorded`);
        const diagram = await beamlabAsync("trace", file, "--mermaid");
        if (diagram.code !== 0 || !diagram.stdout.startsWith("sequenceDiagram\n") || participants(diagram.stdout).length === 0) {
          failures.push(`${lesson}: mermaid exited ${diagram.code}: ${(diagram.stdout + diagram.stderr).slice(0, 300)}`);
        }
      };
      // Two at a time: a lesson's run uses a scheduler per core.
      const queue = [...lessons];
      await Promise.all([0, 1].map(async () => {
        for (let l = queue.shift(); l !== undefined; l = queue.shift()) await one(l);
      }));
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
