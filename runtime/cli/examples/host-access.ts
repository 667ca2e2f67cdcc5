// What a program can reach of the host: without --allow-host, nothing (each attempt prints the
// error it got); with --allow-host, everything Node gives (its own code, your files).
import { IO } from "beamlab";

const g = globalThis as unknown as Record<string, any>;

export default async function main() {
  const attempts: Array<[string, () => unknown]> = [
    ["read /etc/passwd", () => `${g.process.getBuiltinModule("fs").readFileSync("/etc/passwd", "utf8").split("\n")[0].split(":")[0]}`],
    ["eval", () => eval("1 + 1")],
    ["import()", () => new Function("return import('node:net')")()],
    ["fetch", () => g.fetch("http://127.0.0.1:9/")],
    ["environment", () => `${Object.keys(g.process.env).length > 0 ? "some" : "no"} variables`],
    ["process.exit", () => g.process.exit(3)],
  ];
  for (const [what, attempt] of attempts) {
    try {
      const got = attempt();
      if (got instanceof Promise) got.catch(() => {});
      IO.puts(`${what}: allowed${typeof got === "string" ? ` (${got})` : ""}`);
    } catch (e) {
      IO.puts(`${what}: ${(e as Error).message}`);
    }
  }
}
