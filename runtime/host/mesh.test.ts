import { describe, expect, it } from "vitest";
import type { Pid } from "../kernel/term";
import { Mesh } from "./mesh";
import type { Batch } from "./protocol";

function pair(batchSize = 256) {
  const got: Batch[] = [];
  const ch = new MessageChannel();
  const a = new Mesh(0, 2, () => {}, () => 3, batchSize);
  const b = new Mesh(1, 2, (batch) => got.push(batch));
  a.connect(1, ch.port1);
  b.connect(0, ch.port2);
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const close = () => (ch.port1.close(), ch.port2.close());
  return { a, got, settle, close };
}

describe("Mesh", () => {
  it("packs messages as pid/message pairs and keeps them in order with other signals", async () => {
    const { a, got, settle, close } = pair();
    const to = "#PID<0.3.1>" as Pid;
    a.sendMsg(1, to, ["hello", 1]);
    a.send(1, { t: "link", from: "#PID<0.2.0>" as Pid, to });
    a.send(1, { t: "msg", to, msg: "via send" });
    a.flush();
    await settle();
    close();
    expect(got).toHaveLength(1);
    expect(got[0].count).toBe(3);
    expect(got[0].load).toBe(3);
    expect(got[0].items).toEqual([to, ["hello", 1], { t: "link", from: "#PID<0.2.0>", to }, to, "via send"]);
    expect(a.posted).toBe(3);
  });

  it("posts a batch as soon as an outbox holds batchSize signals", async () => {
    const { a, got, settle, close } = pair(4);
    for (let i = 0; i < 10; i++) a.sendMsg(1, "#PID<0.3.1>", i);
    await settle();
    expect(got.map((b) => b.count)).toEqual([4, 4]);
    a.flush();
    await settle();
    close();
    const values = got.flatMap((b) => b.items.filter((_, i) => i % 2 === 1));
    expect(values).toEqual([...Array(10).keys()]);
  });
});

describe("Mesh with something that cannot be cloned", () => {
  it("drops only that item, reports it, and delivers the rest of the batch in order", async () => {
    const { a, got, settle, close } = pair();
    const dropped: string[] = [];
    a.onUndeliverable = (what) => dropped.push(what);
    const to = "#PID<0.3.1>" as Pid;
    a.sendMsg(1, to, "first");
    a.sendMsg(1, to, ["run", () => 1]);
    a.send(1, { t: "exit", from: "#PID<0.2.0>" as Pid, to, reason: Symbol("s"), link: true });
    a.sendMsg(1, to, "last");
    expect(() => a.flush()).not.toThrow();
    await settle();
    close();
    expect(dropped).toEqual(["a message for #PID<0.3.1>", "a signal (exit)"]);
    expect(got).toHaveLength(1);
    expect(got[0].count).toBe(2);
    expect(got[0].items).toEqual([to, "first", to, "last"]);
  });
});

