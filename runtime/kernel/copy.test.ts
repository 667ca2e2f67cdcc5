import { describe, expect, it } from "vitest";
import { assertCloneable, copyMessage, portableTerm } from "./copy.ts";
import { makePid, TIMEOUT } from "./term.ts";

describe("copyMessage", () => {
  it("returns primitives, pids and atoms as they are", () => {
    for (const v of [1, "ok", makePid(0, 1), null, undefined, true, 10n, TIMEOUT]) expect(copyMessage(v)).toBe(v);
  });

  it("copies a tuple so that mutating the original does not reach the receiver", () => {
    const inner = { n: 1 };
    const msg = ["add", inner, [1, 2]];
    const got = copyMessage(msg);
    expect(got).toEqual(["add", { n: 1 }, [1, 2]]);
    inner.n = 99;
    (msg[2] as number[]).push(3);
    expect(got).toEqual(["add", { n: 1 }, [1, 2]]);
    expect(got).not.toBe(msg);
  });

  it("copies Map, Set, Date, RegExp and binary data into fresh objects", () => {
    const map = new Map<unknown, unknown>([["k", [1]], [2, { a: 1 }]]);
    const set = new Set([[1], "x"]);
    const date = new Date(1_700_000_000_000);
    const re = /a+b/gi;
    re.lastIndex = 3;
    const bytes = new Uint8Array([1, 2, 3]);
    const buf = new ArrayBuffer(4);
    const view = new DataView(new ArrayBuffer(8), 2, 4);
    view.setInt16(0, -5);
    const got = copyMessage({ map, set, date, re, bytes, buf, view });
    expect(got.map).not.toBe(map);
    expect(got.map.get("k")).not.toBe(map.get("k"));
    expect(got.map).toEqual(map);
    expect(got.set).not.toBe(set);
    expect(got.set).toEqual(set);
    expect(got.date).not.toBe(date);
    expect(got.date.getTime()).toBe(date.getTime());
    expect(got.re).not.toBe(re);
    expect(String(got.re)).toBe("/a+b/gi");
    expect(got.re.lastIndex).toBe(3);
    bytes[0] = 42;
    expect([...got.bytes]).toEqual([1, 2, 3]);
    expect(got.buf).not.toBe(buf);
    expect(got.buf.byteLength).toBe(4);
    expect(got.view.byteLength).toBe(4);
    expect(got.view.getInt16(0)).toBe(-5);
  });

  it("keeps the prototype of a class instance, so its methods still work", () => {
    class Point { constructor(public x: number, public y: number) {} norm1() { return Math.abs(this.x) + Math.abs(this.y); } }
    const p = new Point(3, -4);
    const got = copyMessage(["at", p])[1] as Point;
    expect(got).not.toBe(p);
    expect(got).toBeInstanceOf(Point);
    expect(got.norm1()).toBe(7);
  });

  it("copies an Error with its message and stack", () => {
    const err = new TypeError("bad");
    const got = copyMessage(["error", err])[1] as TypeError;
    expect(got).not.toBe(err);
    expect(got).toBeInstanceOf(TypeError);
    expect(got.message).toBe("bad");
    expect(got.stack).toBe(err.stack);
  });

  it("keeps functions by reference on a local send, as Agent.get(agent, fn) needs", () => {
    const fn = (s: number) => s + 1;
    const got = copyMessage(["get", makePid(0, 1), fn]);
    expect(got[2]).toBe(fn);
    expect(copyMessage(fn)).toBe(fn);
  });

  it("refuses functions when allowFunctions is false, naming where the function was", () => {
    const msg = ["run", 1, { handler: () => 0 }];
    expect(() => copyMessage(msg, { allowFunctions: false })).toThrow(
      new TypeError("cannot send a function: messages are plain data (found at msg[2].handler)"),
    );
    expect(() => copyMessage(() => 0, { allowFunctions: false })).toThrow("(found at msg)");
    expect(() => copyMessage(new Map([["k", [() => 0]]]), { allowFunctions: false })).toThrow('(found at msg.get("k")[0])');
  });

  it("copies a cyclic message, keeping the cycle", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    const got = copyMessage(a);
    expect(got).not.toBe(a);
    expect(got.self).toBe(got);
    expect(got.name).toBe("a");
  });

  it("copies a deep but finite message (2,000 levels)", () => {
    let list: unknown = [];
    for (let i = 0; i < 2000; i++) list = [i, list];
    const got = copyMessage(list) as [number, unknown];
    expect(got).toEqual(list);
    expect(got).not.toBe(list);
  });

  it("throws a clear error for a message nested too deeply", () => {
    let list: unknown = [];
    for (let i = 0; i < 20_000; i++) list = [i, list];
    expect(() => copyMessage(list)).toThrow(/message too deep/);
  });

  it("copies a small tuple fast (prints ns per copy)", () => {
    const msg = ["ping", makePid(0, 1), 42] as const;
    const N = 1_000_000;
    let keep: unknown;
    for (let i = 0; i < 100_000; i++) keep = copyMessage(msg);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) keep = copyMessage(msg);
    const ns = ((performance.now() - t0) * 1e6) / N;
    const obj = { type: "event", id: 7, payload: { user: "ann", tags: ["a", "b"] } };
    const t1 = performance.now();
    for (let i = 0; i < N / 4; i++) keep = copyMessage(obj);
    const nsObj = ((performance.now() - t1) * 1e6) / (N / 4);
    const t2 = performance.now();
    for (let i = 0; i < N / 4; i++) keep = structuredClone(msg);
    const nsClone = ((performance.now() - t2) * 1e6) / (N / 4);
    console.log(`copyMessage ["ping", pid, 42]: ${ns.toFixed(0)} ns; nested object: ${nsObj.toFixed(0)} ns; structuredClone of the tuple: ${nsClone.toFixed(0)} ns`);
    expect(keep).toEqual(msg);
  });
});

describe("assertCloneable", () => {
  it("accepts plain data, pids and the structured-clone types", () => {
    expect(() => assertCloneable(["ok", makePid(1, 2), { a: [1, new Map([[1, new Set([2])]])] }, new Date(), /x/, new Uint8Array(2), new Error("e")])).not.toThrow();
  });

  it("names the path of a function", () => {
    expect(() => assertCloneable(["run", 1, { handler: () => 0 }])).toThrow(
      new TypeError("cannot send a function to another scheduler: messages are plain data (found at msg[2].handler)"),
    );
  });

  it("rejects symbols such as TIMEOUT, and says which", () => {
    expect(() => assertCloneable({ "odd key": [TIMEOUT] })).toThrow(
      'cannot send a symbol (beamlab.timeout) to another scheduler: messages are plain data (found at msg["odd key"][0])',
    );
  });

  it("rejects a class instance, whose methods would not survive the trip", () => {
    class Counter { n = 0; }
    expect(() => assertCloneable(["state", new Counter()])).toThrow("cannot send an instance of Counter to another scheduler");
  });

  it("accepts a cyclic message, as structuredClone does", () => {
    const a: Record<string, unknown> = { x: 1 };
    a.me = a;
    expect(() => assertCloneable(a)).not.toThrow();
    expect(() => structuredClone(a)).not.toThrow();
    expect(() => structuredClone([() => 0])).toThrow();
  });
});

describe("portableTerm (exit reasons and answers bound for another scheduler)", () => {
  it("returns plain data as a copy that structured clone takes", () => {
    const reason = ["shutdown", { n: 1 }];
    const got = portableTerm(reason);
    expect(got).toEqual(reason);
    expect(got).not.toBe(reason);
  });

  it("replaces what cannot be cloned by how it prints, keeping the rest of the shape", () => {
    const got = portableTerm(["fn", function job() {}, { s: Symbol("s"), p: Promise.resolve(1) }]) as unknown[];
    expect(() => structuredClone(got)).not.toThrow();
    expect(got[0]).toBe("fn");
    expect(got[1]).toMatch(/^#Function<job/);
    expect(got[2]).toMatchObject({ s: "#Symbol<s>" });
  });

  it("never throws, even for a Proxy whose traps throw", () => {
    const trap = () => {
      throw new Error("trap");
    };
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
    const got = portableTerm(["x", hostile]);
    expect(() => structuredClone(got)).not.toThrow();
    expect(JSON.stringify(got)).toContain("Unprintable");
  });
});
