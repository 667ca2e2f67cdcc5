/**
 * The GenServer twin trace: genserver-trace.ts (through the compiler and the Node runner,
 * on worker threads) must print exactly what its Elixir twin test/elixir/genserver_trace.exs
 * prints on the real BEAM: call results, exit reasons and terminate order. When `elixir` is on
 * PATH the .exs is run now; otherwise the trace is compared with genserver_trace.expected,
 * recorded from Elixir 1.14 / OTP 25, so the test never passes without a reference.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../compile/index";
import { runOnNode } from "../host/node-host";

const root = fileURLToPath(new URL("../../", import.meta.url));
const exs = `${root}test/elixir/genserver_trace.exs`;
const expectedFile = `${root}test/elixir/genserver_trace.expected`;

function elixirTrace(): { lines: string[]; from: string } {
  const r = spawnSync("elixir", [exs], { encoding: "utf8", timeout: 60_000 });
  if (r.error === undefined && r.status === 0) return { lines: r.stdout.trimEnd().split("\n"), from: "elixir" };
  return { lines: readFileSync(expectedFile, "utf8").trimEnd().split("\n"), from: "genserver_trace.expected" };
}

describe("GenServer twin trace", () => {
  it("prints the same trace as the Elixir twin (restart order, exit reasons, call results)", async () => {
    const compiled = compile(readFileSync(fileURLToPath(new URL("./genserver-trace.ts", import.meta.url)), "utf8"));
    if (!compiled.ok) throw new Error(`genserver-trace.ts does not compile: ${JSON.stringify(compiled.errors)}`);
    const run = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 20_000 });
    expect(run.status).toBe("normal");
    const ours = run.output.filter((l) => l.kind === "out").map((l) => l.text);
    const { lines, from } = elixirTrace();
    expect(lines.length, `reference trace from ${from}`).toBeGreaterThan(25);
    expect(ours, `compared with ${from}`).toEqual(lines);
  }, 90_000);

  it("keeps the checked-in expected trace in step with the .exs (when elixir is installed)", () => {
    const { lines, from } = elixirTrace();
    if (from !== "elixir") return; // nothing to check it against here
    expect(readFileSync(expectedFile, "utf8").trimEnd().split("\n")).toEqual(lines);
  }, 90_000);
});
