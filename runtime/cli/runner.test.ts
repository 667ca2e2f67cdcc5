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

  it("ends when main returns, as elixir script.exs does, though a producer still runs; its output until then is kept", () => {
    const started = Date.now();
    const r = run("endless-producer", "--schedulers", "1", "--timeout", "20000");
    expect(r.stdout).toBe("produced 1\nproduced 2\nproduced 3\nmain got 3 items and returns\n");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("with --no-halt waits for every process, as mix run --no-halt: an endless producer runs until --timeout", () => {
    const r = run("endless-producer", "--no-halt", "--schedulers", "1", "--timeout", "2500");
    expect(r.stdout.split("\n").slice(0, 4)).toEqual(["produced 1", "produced 2", "produced 3", "main got 3 items and returns"]);
    expect(r.stdout).toContain("produced 5\n");
    expect(r.stderr).toContain("timeout: the run was stopped after 2500 ms");
    expect(r.code).toBe(3);
  });

  it("says main exited because a linked process raised, after that process's crash report (exit 1)", () => {
    const r = run("linked-crash", "--schedulers", "1");
    expect(r.stdout).toBe("main links to a worker that raises\n");
    const child = /\[error\] Process (#PID<0\.\d+\.0>) raised an exception\n\*\* \(RuntimeError\) boom\n/.exec(r.stderr);
    expect(child).not.toBeNull();
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(`** main exited because linked ${child![1]} exited with an exception: boom`);
    expect(r.stderr).not.toContain("main crashed");
    expect(r.code).toBe(1);
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

// Issue 16: what a learner program cannot break. --stuck-ms is generous: these are not about
// the watchdog, and worker threads boot slowly on a loaded 2-core machine.
describe("beamlab run: a program cannot take down a scheduler", () => {
  it("Agent.get with a function on another scheduler is an error at the call; earlier output and other messages are kept", () => {
    const r = run("unsendable", "--schedulers", "2", "--stuck-ms", "20000");
    expect(r.stdout.split("\n")).toEqual([
      "before",
      expect.stringMatching(/^Agent\.get: cannot send a function to #PID<0\.\d+\.1> on another scheduler: .*the agent must live on this scheduler/),
      "after: the keeper on scheduler 1 still answers 42",
      "",
    ]);
    expect(r.stderr).not.toContain("failed");
    expect(r.code).toBe(0);
  });

  it("a thrown Proxy, a throwing message getter, a symbol or a function in a reason end only their process", () => {
    const r = run("hostile-exits", "--schedulers", "2", "--stuck-ms", "20000");
    expect(r.stdout.split("\n")).toEqual([
      'EXIT: {:error, "the value thrown cannot be read (reading it threw: trap)", ""}',
      'EXIT: {:error, "the value thrown cannot be read (reading it threw: trap)", ""}',
      "EXIT: {:weird, #Symbol<s>}",
      'EXIT: ["fn", "#Function<job/0>"]',
      "main is still here",
      "",
    ]);
    expect(r.stderr.match(/\[error\] Process #PID<[^>]+> raised an exception/g)).toHaveLength(2);
    expect(r.code).toBe(0);
  });

  it("a pid of a scheduler the run does not have is badarg at send, link, monitor and Process.exit", () => {
    const r = run("made-up-pid", "--schedulers", "2", "--stuck-ms", "20000");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    for (const l of lines.slice(0, 4)) expect(l).toMatch(/^(send|link|monitor|Process\.exit): #PID<0\.5\.7> names scheduler 7, but this run has 2 .*\(badarg\)$/);
    expect(lines[4]).toBe("done");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("setInterval is refused at the call, pointing at Process.sendAfter, so no callback runs outside a process", () => {
    const r = run("timers", "--schedulers", "1", "--stuck-ms", "20000");
    expect(r.stdout).toBe("setting an interval\n");
    expect(r.stderr).toContain("setInterval is not available in Beamlab programs");
    expect(r.stderr).toContain("Process.sendAfter(self(), msg, ms)");
    expect(r.stderr).toContain("program.ts:7");
    expect(r.code).toBe(1);
  });
});

describe("beamlab run: host access (#16 item 12)", () => {
  it("gives a program no host access without --allow-host: no files, eval, import(), fetch, environment or process.exit", () => {
    const r = run("host-access", "--schedulers", "1", "--stuck-ms", "20000");
    const noHost = "is not available in Beamlab programs: the runner gives a program no host access unless it is run with --allow-host";
    expect(r.stdout.split("\n")).toEqual([
      `read /etc/passwd: process.getBuiltinModule ${noHost}`,
      "eval: Code generation from strings disallowed for this context",
      "import(): Code generation from strings disallowed for this context",
      `fetch: fetch ${noHost}`,
      "environment: allowed (no variables)",
      expect.stringMatching(/^process\.exit: process\.exit is not available in Beamlab programs: it would end this scheduler's thread/),
      "",
    ]);
    expect(r.code).toBe(0);
  });

  it("gives the host with --allow-host, and still reports process.exit for what it is", () => {
    const r = run("host-access", "--allow-host", "--schedulers", "1", "--stuck-ms", "20000");
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "read /etc/passwd: allowed (root)",
      "eval: allowed",
      "import(): allowed",
      "fetch: allowed",
      "environment: allowed (some variables)",
    ]);
    expect(lines[5]).toMatch(/^process\.exit: process\.exit is not available in Beamlab programs/);
    expect(r.stderr).not.toContain("stuck");
    expect(r.code).toBe(0);
  });
});

