import { describe, expect, it } from "vitest";
import { Process, exit, receive, self, spawnOpt } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";
import { GenServer, type GenServerModule } from "../otp/gen-server";
import { homeOf } from "./names";
import type { Pid } from "./term";

const ROUNDS = 60;

/** Every scheduler's replica of `name`. */
function owners(c: ReturnType<typeof cluster>, name: string): Array<Pid | undefined> {
  return c.schedulers.map((s) => s.names.get(name));
}

describe.each([2, 4])("registered names on %i schedulers", (n) => {
  it(`gives a name raced for by one process on every scheduler exactly one owner, in ${ROUNDS} rounds`, async () => {
    const c = cluster(n);
    const won = new Map<string, Pid[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const name = `name${round}`;
      won.set(name, []);
      for (let i = 0; i < n; i++) {
        c.spawn(i, async () => {
          Process.register(self(), name); // every racer sees the name free on its own scheduler
          await Process.sleep(5); // the verdict comes meanwhile: a loser is killed with badarg
          won.get(name)!.push(self());
          await receive("never");
        });
      }
    }
    await c.advance(20);
    const homes = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const name = `name${round}`;
      homes.add(homeOf(c.schedulers[0], name));
      const winners = won.get(name)!;
      expect(winners, name).toHaveLength(1);
      expect(owners(c, name), `${name}: every replica agrees`).toEqual(Array(n).fill(winners[0]));
    }
    expect(homes.size).toBe(n); // the names' homes spread over every scheduler
    const badargs = c.exits.filter(([, r]) => Array.isArray(r) && r[0] === "badarg");
    expect(badargs).toHaveLength(ROUNDS * (n - 1));
    expect(c.all.filter((l) => l.includes("which won (badarg)"))).toHaveLength(ROUNDS * (n - 1));
  });

  it(`lets exactly one of ${n} racing GenServer.start calls have the name; the others get already_started with its pid`, async () => {
    const c = cluster(n);
    const Idle: GenServerModule<null, null> = { init: () => ["ok", null] };
    const results = new Map<string, unknown[]>();
    for (let round = 0; round < ROUNDS / 4; round++) {
      const name = `server${round}`;
      results.set(name, []);
      for (let i = 0; i < n; i++) {
        c.spawn(i, async () => {
          results.get(name)!.push(await GenServer.start(Idle, null, { name }));
          await receive("never");
        });
      }
    }
    await c.advance(20);
    for (const [name, rs] of results) {
      const ok = rs.filter((r) => (r as unknown[])[0] === "ok") as Array<["ok", Pid]>;
      expect(ok, name).toHaveLength(1);
      const owner = ok[0][1];
      expect(rs.filter((r) => (r as unknown[])[0] === "error"), name).toEqual(Array(n - 1).fill(["error", ["already_started", owner]]));
      expect(owners(c, name)).toEqual(Array(n).fill(owner));
    }
  });

  it("frees a name when its owner dies, so a process that heard of the death can take it at once (a restart)", async () => {
    const c = cluster(n);
    for (const sch of c.schedulers) sch.setProgram({ worker });
    const log: string[] = [];
    for (let round = 0; round < 20; round++) {
      const name = `svc${round}`;
      c.spawn(round % n, async () => {
        Process.flag("trap_exit", true);
        const first = spawnOpt(worker, [name, true], { scheduler: (round + 1) % n, link: true });
        await receive(["EXIT", first, _]);
        const second = spawnOpt(worker, [name, false], { scheduler: (round + 2) % n, link: true });
        await Process.sleep(5);
        log.push(`${name} ${Process.whereis(name) === second ? "restarted" : "lost"}`);
      });
    }
    await c.advance(50);
    expect(log.sort()).toEqual(Array.from({ length: 20 }, (_x, r) => `svc${r} restarted`).sort());
    expect(c.exits.filter(([, r]) => Array.isArray(r) && r[0] === "badarg")).toEqual([]);
    for (let round = 0; round < 20; round++) {
      const o = owners(c, `svc${round}`);
      expect(new Set(o).size, `svc${round}`).toBe(1);
    }
  });
});

async function worker(name: string, crash: boolean): Promise<void> {
  Process.register(self(), name);
  if (crash) {
    await Process.sleep(2);
    exit("boom");
  }
  await receive("never");
}
