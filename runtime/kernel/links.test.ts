import { describe, expect, it } from "vitest";
import { IO, Process, link, receive, spawn } from "./api";
import { _ } from "./match";
import { cluster } from "../../test/support/cluster";

describe("link to a dead process", () => {
  it("raises noproc at once in a caller that does not trap exits, before its next line", async () => {
    const c = cluster(1);
    c.spawn(0, async () => {
      const dead = spawn(() => {});
      await Process.sleep(5);
      try {
        link(dead);
        IO.puts("not reached");
      } catch (e) {
        IO.puts(`caught: ${(e as Error).message}`);
      }
      spawn(async () => {
        link(dead);
        IO.puts("not reached either");
      });
    });
    await c.advance(20);
    expect(c.out).toEqual([expect.stringMatching(/^caught: link: #PID<0\.\d+\.0> is not alive \(noproc\)$/)]);
    expect(c.all.some((l) => l.includes("not alive (noproc)") && l.includes("crashed") || l.includes("raised"))).toBe(true);
  });

  it("delivers EXIT noproc as a message when the caller traps exits", async () => {
    const c = cluster(1);
    c.spawn(0, async () => {
      const dead = spawn(() => {});
      await Process.sleep(5);
      Process.flag("trap_exit", true);
      link(dead);
      const [tag, from, reason] = (await receive(_, { after: 10 })) as unknown[];
      IO.inspect([tag, from === dead, reason]);
    });
    await c.advance(30);
    expect(c.out).toEqual(["{:EXIT, true, :noproc}"]);
  });
});
