import { describe, expect, it } from "vitest";
import { _, compilePattern, matches } from "./match.ts";
import { makePid, makeRef } from "./term.ts";

/** Both implementations must agree on every example; each test checks both. */
function both(pattern: unknown, value: unknown): boolean {
  const a = matches(pattern, value);
  const b = compilePattern(pattern)(value);
  expect(b).toBe(a);
  return a;
}

describe("matches", () => {
  it("takes anything when the pattern is undefined, as receive() does", () => {
    expect(both(undefined, ["any", 1])).toBe(true);
    expect(both(undefined, undefined)).toBe(true);
  });

  it("takes anything with the wildcard _", () => {
    expect(both(_, 0)).toBe(true);
    expect(both(_, null)).toBe(true);
    expect(both(_, { a: 1 })).toBe(true);
  });

  it("matches a tuple by tag and length, like {:fib, _}", () => {
    expect(both(["fib", _], ["fib", 6765])).toBe(true);
    expect(both(["fib", _], ["fab", 6765])).toBe(false);
    expect(both(["fib", _], ["fib", 1, 2])).toBe(false);
    expect(both(["fib", _], ["fib"])).toBe(false);
    expect(both(["fib", _], "fib")).toBe(false);
  });

  it("pins a ref like {:reply, ^ref, v}", () => {
    const ref = makeRef(0, 1);
    const other = makeRef(0, 2);
    expect(both(["reply", ref, _], ["reply", ref, 42])).toBe(true);
    expect(both(["reply", ref, _], ["reply", other, 42])).toBe(false);
  });

  it("matches the shape of a DOWN message for one monitor", () => {
    const ref = makeRef(1, 9);
    const pid = makePid(1, 3);
    expect(both(["DOWN", ref, "process", _, _], ["DOWN", ref, "process", pid, "normal"])).toBe(true);
    expect(both(["DOWN", ref, "process", _, _], ["EXIT", pid, "normal"])).toBe(false);
  });

  it("recurses into nested arrays and objects", () => {
    const p = ["cmd", { op: "add", args: [_, 2] }];
    expect(both(p, ["cmd", { op: "add", args: [1, 2], extra: true }])).toBe(true);
    expect(both(p, ["cmd", { op: "add", args: [1, 3] }])).toBe(false);
    expect(both(p, ["cmd", { op: "add" }])).toBe(false);
  });

  it("matches objects by the listed keys only, like %{op: :add}", () => {
    expect(both({ op: "add" }, { op: "add", n: 1 })).toBe(true);
    expect(both({}, { anything: 1 })).toBe(true);
    expect(both({ op: "add" }, { op: "sub" })).toBe(false);
  });

  it("requires a listed key to exist, even when the pattern value is _", () => {
    expect(both({ n: _ }, {})).toBe(false);
    expect(both({ n: _ }, { n: undefined })).toBe(true);
  });

  it("does not let an object pattern match an array, null or a primitive", () => {
    expect(both({}, [])).toBe(false);
    expect(both({}, null)).toBe(false);
    expect(both({ length: 0 }, "")).toBe(false);
  });

  it("ignores inherited keys: the key must be the value's own", () => {
    expect(both({ toString: _ }, {})).toBe(false);
  });

  it("calls a function pattern as a predicate, also nested", () => {
    const isNum = (m: unknown) => typeof m === "number";
    expect(both(isNum, 3)).toBe(true);
    expect(both(isNum, "3")).toBe(false);
    expect(both(["n", isNum], ["n", 3])).toBe(true);
    expect(both(["n", isNum], ["n", "3"])).toBe(false);
  });

  it("treats a truthy predicate result as a match", () => {
    expect(both(() => 1, "x")).toBe(true);
    expect(both(() => "", "x")).toBe(false);
  });

  it("compares other values with ===, so NaN never matches", () => {
    expect(both(42, 42)).toBe(true);
    expect(both(42, "42")).toBe(false);
    expect(both(null, undefined)).toBe(false);
    expect(both(NaN, NaN)).toBe(false);
    expect(both([undefined], [undefined])).toBe(true);
    expect(both([undefined], [null])).toBe(false);
  });

  it("matches a Map or Date in a pattern only by identity", () => {
    const d = new Date(0);
    expect(both(d, d)).toBe(true);
    expect(both(d, new Date(0))).toBe(false);
    expect(both(["at", d], ["at", new Date(0)])).toBe(false);
  });
});

// ---- property test: compilePattern agrees with matches on random input ------------------

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = ["ok", "error", "a", "b", 0, 1, 2, NaN, null, undefined, true, "#PID<0.1.0>"];
const KEYS = ["x", "y", "z"];

function genValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth <= 0 || k < 0.5) return ATOMS[Math.floor(r() * ATOMS.length)];
  if (k < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => genValue(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (const key of KEYS) if (r() < 0.5) o[key] = genValue(r, depth - 1);
  return o;
}

/** Patterns are derived from values (so many match), then perturbed (so many do not). */
function genPattern(r: () => number, v: unknown, depth: number): unknown {
  const k = r();
  if (k < 0.1) return _;
  if (k < 0.15) return (m: unknown) => typeof m === "string";
  if (k < 0.25) return genValue(r, depth);
  if (Array.isArray(v)) {
    const p = v.map((e) => genPattern(r, e, depth - 1));
    if (r() < 0.1) p.push(_);
    return p;
  }
  if (typeof v === "object" && v !== null) {
    const p: Record<string, unknown> = {};
    for (const [key, e] of Object.entries(v)) if (r() < 0.7) p[key] = genPattern(r, e, depth - 1);
    if (r() < 0.1) p.w = _;
    return p;
  }
  return v;
}

describe("compilePattern", () => {
  it("agrees with matches on 20,000 random patterns and values", () => {
    const r = mulberry32(12345);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = genValue(r, 4);
      const p = genPattern(r, v, 4);
      const probe = r() < 0.5 ? v : genValue(r, 4);
      const expected = matches(p, probe);
      if (compilePattern(p)(probe) !== expected) {
        throw new Error(`disagree on pattern ${String(JSON.stringify(p))} value ${String(JSON.stringify(probe))}`);
      }
      if (expected) hits++;
    }
    // The generator must exercise both outcomes, or the property says nothing.
    expect(hits).toBeGreaterThan(2_000);
    expect(hits).toBeLessThan(18_000);
  });

  it("selects the same messages as matches from a mailbox (and prints both speeds)", () => {
    const ref = makeRef(0, 7);
    const pattern = ["reply", ref, _];
    const mailbox = Array.from({ length: 1000 }, (_x, i) => (i % 10 === 9 ? ["reply", ref, i] : ["tick", i]));
    const time = (f: () => number) => {
      for (let w = 0; w < 50; w++) f();
      const t0 = performance.now();
      let n = 0;
      for (let w = 0; w < 500; w++) n += f();
      return { ns: ((performance.now() - t0) * 1e6) / (500 * mailbox.length), n };
    };
    const interp = time(() => { let c = 0; for (const m of mailbox) if (matches(pattern, m)) c++; return c; });
    const compiled = time(() => { const f = compilePattern(pattern); let c = 0; for (const m of mailbox) if (f(m)) c++; return c; });
    console.log(`match ["reply", ref, _]: matches ${interp.ns.toFixed(1)} ns/msg, compilePattern ${compiled.ns.toFixed(1)} ns/msg`);
    expect(compiled.n).toBe(interp.n);
    expect(compiled.n).toBe(500 * 100);
  });
});
