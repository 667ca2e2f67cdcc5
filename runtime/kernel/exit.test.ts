import { describe, expect, it } from "vitest";
import { IO, Process, exit, receive, self, spawn, spawnLink, spawnOpt } from "./api";
import type { ExitCause } from "./exit";
import type { Pid } from "./term";
import { cluster } from "../../test/support/cluster";

/** A cluster whose onExit also records each exit's cause. */
function withCauses(n = 1) {
  const causes = new Map<Pid, ExitCause | undefined>();
  const c = cluster(n, { onExit: (pid, _reason, cause) => causes.set(pid, cause) });
  return { c, causes };
}

describe("exit causes (what the host hears through onExit)", () => {
  it("names the linked process whose exit took a process down", async () => {
    const { c, causes } = withCauses();
    let child: Pid | undefined;
    const main = c.spawn(0, async () => {
      child = spawnLink(() => {
        throw new Error("boom");
      });
      await receive("never");
    });
    await c.drain();
    expect(causes.get(main)).toEqual({ from: child, link: true });
    expect(causes.get(child!)).toBeUndefined();
  });

  it("names the sender of Process.exit, not as a link, and gives none for a process that ended itself", async () => {
    const { c, causes } = withCauses(2);
    let killer: Pid | undefined;
    let selfExit: Pid | undefined;
    const victim = c.spawn(1, async () => {
      await receive("never");
    });
    c.spawn(0, async () => {
      killer = self();
      selfExit = spawn(() => Process.exit(self(), "done"));
      Process.exit(victim, "bye");
    });
    await c.drain();
    expect(causes.get(victim)).toEqual({ from: killer, link: false });
    expect(causes.get(selfExit!)).toBeUndefined();
  });

  it("gives no cause to a process that returned or raised", async () => {
    const { c, causes } = withCauses();
    const ok = c.spawn(0, () => {});
    const raised = c.spawn(0, () => {
      throw new Error("x");
    });
    await c.drain();
    expect([...causes.entries()]).toEqual([
      [ok, undefined],
      [raised, undefined],
    ]);
  });
});

describe("hostile exit reasons and thrown values", () => {
  const trap = () => {
    throw new Error("trap");
  };

  it("a thrown Proxy whose traps throw, or an Error whose message getter throws, ends only that process, with a report", async () => {
    const c = cluster(1);
    const seen: unknown[] = [];
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      spawnLink(() => {
        throw new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
      });
      spawnLink(() => {
        const e = new Error("x");
        Object.defineProperty(e, "message", { get: trap });
        throw e;
      });
      for (let i = 0; i < 2; i++) seen.push((await receive())[2]);
      IO.puts("main goes on");
    });
    await c.drain();
    expect(c.out).toEqual(["main goes on"]);
    expect(seen).toEqual([
      ["error", "the value thrown cannot be read (reading it threw: trap)", ""],
      ["error", "the value thrown cannot be read (reading it threw: trap)", ""],
    ]);
    expect(c.all.filter((l) => l.startsWith("[error]"))).toHaveLength(2);
  });

  it("exit with a symbol, a Proxy or a function in the reason is reported, and links still hear of it", async () => {
    const c = cluster(1);
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      spawnLink(() => exit(["weird", Symbol("s")]));
      spawnLink(() => exit(new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap })));
      spawnLink(() => {
        throw new Error("plain");
      });
      for (let i = 0; i < 3; i++) IO.inspect((await receive())[2]);
    });
    await c.drain();
    expect(c.out).toEqual([
      "{:weird, #Symbol<s>}",
      '{:unreadable_reason, "trap"}',
      expect.stringMatching(/^\{:error, "plain",\s/),
    ]);
  });

  it("a reason with a function or a symbol crosses to a linked process on another scheduler, printed", async () => {
    const c = cluster(2);
    async function remote(): Promise<void> {
      exit(["fn", function job() {}, Symbol("s")]);
    }
    for (const s of c.schedulers) s.setProgram({ remote });
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      spawnOpt(remote, [], { scheduler: 1, link: true });
      const [, , reason] = await receive();
      IO.puts(`${(reason as unknown[])[0]} ${String((reason as unknown[])[1]).slice(0, 13)} ${(reason as unknown[])[2]}`);
      IO.puts(String(structuredClone(reason) !== undefined));
    });
    await c.drain();
    expect(c.out).toEqual(["fn #Function<job #Symbol<s>", "true"]);
  });
});
