/**
 * Twin traces: a Beamlab program and its Elixir twin must print the same lines. Test support
 * (internal): the program runs through the compiler and the Node runner on worker threads;
 * the reference is `elixir test/elixir/<name>.exs` when elixir is on PATH, otherwise the
 * checked-in `<name>.expected` recorded from real Elixir, so a trace test never passes
 * without a reference.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { compile } from "../../runtime/compile/index";
import { runOnNode } from "../../runtime/host/node-host";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The reference trace and where it came from: elixir's output, or the .expected file when
 * elixir is not installed. A twin that elixir runs but that fails is an error, not a fallback;
 * so is a missing elixir in CI (`CI` set: .ci/run installs Debian's elixir).
 */
function elixirTrace(name: string): { lines: string[]; from: string } {
  const r = spawnSync("elixir", [`${root}test/elixir/${name}.exs`], { encoding: "utf8", timeout: 60_000 });
  if (r.error === undefined && r.status === 0) return { lines: r.stdout.trimEnd().split("\n"), from: "elixir" };
  if ((r.error as NodeJS.ErrnoException | undefined)?.code !== "ENOENT") {
    const why = r.error?.message ?? `exit ${r.status ?? r.signal}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`;
    throw new Error(`elixir test/elixir/${name}.exs failed (${why})`);
  }
  if (process.env.CI) throw new Error("elixir is not on PATH: in CI the twin traces are compared with the real BEAM");
  return { lines: readFileSync(`${root}test/elixir/${name}.expected`, "utf8").trimEnd().split("\n"), from: `${name}.expected` };
}

/**
 * Define the two tests of a twin trace: `program` (a file beside this one) prints exactly the
 * Elixir twin's lines; and the checked-in expected file is in step with the .exs.
 */
export function twinTrace(name: string, program: string, what: string, minLines: number): void {
  it(`prints the same trace as the Elixir twin (${what})`, async () => {
    const compiled = compile(readFileSync(fileURLToPath(new URL(`./${program}`, import.meta.url)), "utf8"));
    if (!compiled.ok) throw new Error(`${program} does not compile: ${JSON.stringify(compiled.errors)}`);
    const run = await runOnNode(compiled.code, { schedulers: 2, timeoutMs: 20_000 });
    expect(run.status).toBe("normal");
    const ours = run.output.filter((l) => l.kind === "out").map((l) => l.text);
    const { lines, from } = elixirTrace(name);
    expect(lines.length, `reference trace from ${from}`).toBeGreaterThan(minLines);
    expect(ours, `compared with ${from}`).toEqual(lines);
  }, 90_000);

  it("keeps the checked-in expected trace in step with the .exs (when elixir is installed)", () => {
    const { lines, from } = elixirTrace(name);
    if (from !== "elixir") return; // nothing to check it against here
    expect(readFileSync(`${root}test/elixir/${name}.expected`, "utf8").trimEnd().split("\n")).toEqual(lines);
  }, 90_000);
}
