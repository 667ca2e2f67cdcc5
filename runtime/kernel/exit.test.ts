import { describe, expect, it } from "vitest";
import { Process, receive, self, spawn, spawnLink } from "./api";
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
