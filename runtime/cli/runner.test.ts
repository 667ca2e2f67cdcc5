import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Run `beamlab run examples/NAME.ts ...flags` as a user would. */
function run(name: string, ...flags: string[]) {
  const r = spawnSync(process.execPath, ["bin/beamlab.mjs", "run", `runtime/cli/examples/${name}.ts`, ...flags], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("beamlab run", () => {
  it("prints a program's output and exits 0", () => {
    const r = run("hello");
    expect(r.stdout).toBe("fib(20): 6765\n");
    expect(r.code).toBe(0);
  });

  it("prints every line of a print loop, in order", () => {
    const r = run("many-lines");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(20000);
    expect(lines[0]).toBe("line 1");
    expect(lines[19999]).toBe("line 20000");
    expect(r.code).toBe(0);
  });

  it("exits 1 with a crash report at the learner's line when main crashes", () => {
    const r = run("crash");
    expect(r.stdout).toBe("before the crash\n");
    expect(r.stderr).toContain("(TypeError)");
    expect(r.stderr).toContain("program.ts:7");
    expect(r.stderr).toContain("** main crashed:");
    expect(r.code).toBe(1);
  });

  it("exits 2 with file:line:column on a compile error", () => {
    const r = run("compile-error");
    expect(r.stderr).toMatch(/compile-error\.ts:5:\d+: error: /);
    expect(r.code).toBe(2);
  });

  it("reports a deadlock when main waits for a message nobody can send", () => {
    const r = run("deadlock");
    expect(r.stderr).toContain("deadlock");
    expect(r.code).toBe(3);
  });

  it("stops an endless (but preempted) loop at --timeout", () => {
    const r = run("forever", "--timeout", "3000");
    expect(r.stdout).toBe("spinning\n");
    expect(r.stderr).toContain("timeout: the run was stopped after 3000 ms");
    expect(r.code).toBe(3);
  });

  it("links, monitors and resolves names across two schedulers on worker threads", () => {
    const r = run("cross-scheduler", "--schedulers", "2", "--timeout", "10000");
    expect(r.stdout.split("\n")).toEqual([
      "whereis echo: true",
      "echo said hello from scheduler 1",
      "main runs on scheduler 0",
      "EXIT from echo: true, reason: echo was told to crash",
      "DOWN: error",
      "whereis echo after death: undefined",
      "alive: false",
      "",
    ]);
    expect(r.code).toBe(0);
  });

  it("restarts a worker stuck in code that cannot be preempted; linked and monitoring processes elsewhere hear :killed", () => {
    const r = run("stuck-worker", "--schedulers", "2", "--stuck-ms", "3000", "--timeout", "25000");
    expect(r.stdout.split("\n")).toEqual(["EXIT reason: killed", "DOWN reason: killed", "main is still running", ""]);
    expect(r.stderr).toContain("scheduler 1 was stuck");
    expect(r.code).toBe(0);
  });
});
