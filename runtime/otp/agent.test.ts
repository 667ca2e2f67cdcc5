import { describe, expect, it } from "vitest";
import { IO, spawn } from "../kernel/api";
import { cluster } from "../../test/support/cluster";
import { Agent } from "./agent";

describe("Agent", () => {
  it("keeps state behind a process: get, update, getAndUpdate, cast", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, a] = await Agent.start(() => 0, { name: "counter" });
      await Agent.update(a, (n: number) => n + 1);
      Agent.cast("counter", (n: number) => n + 10);
      IO.puts(String(await Agent.getAndUpdate(a, (n: number) => [n, n * 2] as const)));
      IO.puts(String(await Agent.get("counter", (n: number) => n)));
      IO.puts(await Agent.stop(a));
    });
    await c.drain();
    expect(c.out).toEqual(["11", "22", "ok"]);
  });

  it("never loses concurrent updates", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, a] = await Agent.start(() => 0);
      for (let i = 0; i < 100; i++) spawn(() => Agent.update(a, (n: number) => n + 1));
      const { Process } = await import("../kernel/api");
      await Process.sleep(1);
      IO.puts(String(await Agent.get(a, (n: number) => n)));
    });
    await c.drain();
    await c.advance(5);
    expect(c.out).toEqual(["100"]);
  });
});
