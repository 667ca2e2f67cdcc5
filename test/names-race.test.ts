/**
 * Registered names on real worker threads: processes on every scheduler race for the same
 * names, round after round; each name must end with exactly one owner that every scheduler
 * agrees on, and every loser must die with badarg (Erlang's register/2 guarantee).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../runtime/compile/index";
import { runOnNode } from "../runtime/host/node-host";

const PROGRAM = `
import { IO, Process, receive, self, send, spawnOpt, _ } from "beamlab";

export async function racer(name: string, parent: any) {
  try {
    Process.register(self(), name);
  } catch {
    send(parent, ["lost", name]); // saw it taken on its own scheduler
    return;
  }
  await Process.sleep(20); // a loser of a far race is killed with badarg meanwhile
  send(parent, ["won", name, self()]);
  await receive("stop");
}

export async function view(name: string, parent: any) {
  send(parent, ["view", name, Process.whereis(name) ?? null]);
}

export default async function main() {
  const n = Number(SCHEDULERS);
  for (let round = 0; round < 40; round++) {
    const name = "racy" + round;
    const me = self();
    const refs = new Set<unknown>();
    for (let i = 0; i < n; i++) refs.add(spawnOpt(racer, [name, me], { scheduler: i, monitor: true })[1]);
    const badargDown = (m: any) => m[0] === "DOWN" && refs.has(m[1]) && Array.isArray(m[4]) && m[4][0] === "badarg";
    const mine = (m: any) => Array.isArray(m) && (((m[0] === "won" || m[0] === "lost") && m[1] === name) || badargDown(m));
    let won = 0, lost = 0, badarg = 0, owner: unknown = null;
    while (won + lost + badarg < n) {
      const m: any = await receive(mine, { after: 2000 });
      if (!Array.isArray(m)) break;
      if (m[0] === "won") { won++; owner = m[2]; }
      else if (m[0] === "lost") lost++;
      else badarg++;
    }
    const views = new Set<unknown>();
    for (let i = 0; i < n; i++) spawnOpt(view, [name, me], { scheduler: i });
    for (let i = 0; i < n; i++) views.add(((await receive(["view", name, _])) as any)[2]);
    IO.puts(\`round \${round}: won \${won}, lost \${lost + badarg}, replicas agree \${views.size === 1 && views.has(owner)}\`);
    if (owner !== null) send(owner as any, "stop");
  }
}
`;

describe.each([2, 4])("registered names raced for on %i worker threads", (n) => {
  it("end every round with one owner that every scheduler agrees on", async () => {
    const compiled = compile(PROGRAM.replace("Number(SCHEDULERS)", String(n)));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const run = await runOnNode(compiled.code, { schedulers: n, timeoutMs: 60_000 });
    const lines = run.output.filter((l) => l.kind === "out").map((l) => l.text);
    expect(lines).toEqual(Array.from({ length: 40 }, (_x, r) => `round ${r}: won 1, lost ${n - 1}, replicas agree true`));
  }, 90_000);
});
