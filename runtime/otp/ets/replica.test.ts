import { describe, expect, it } from "vitest";
import { applyOp, keyOf, newReplica, opKey, setVal, type KeyOp, type TableType } from "./replica";

function table(type: TableType) {
  return newReplica("0.1", "t", type, "public", "#PID<0.1.0>" as never, 0);
}
function run(type: TableType, ops: KeyOp[]) {
  const t = table(type);
  for (const op of ops) setVal(t, keyOf(opKey(op)), applyOp(t, t.data.get(keyOf(opKey(op))), op));
  return t;
}

describe("an ETS replica's operations", () => {
  it("a set keeps one object per key: the last insert wins", () => {
    const t = run("set", [["i", ["k", 1]], ["i", ["k", 2]]]);
    expect(t.data.get("k")).toEqual(["k", 2]);
  });

  it("a bag keeps distinct objects per key; a duplicate_bag keeps duplicates too", () => {
    const ops: KeyOp[] = [["i", ["k", 1]], ["i", ["k", 1]], ["i", ["k", 2]]];
    expect(run("bag", ops).data.get("k")).toEqual([["k", 1], ["k", 2]]);
    expect(run("duplicate_bag", ops).data.get("k")).toEqual([["k", 1], ["k", 1], ["k", 2]]);
  });

  it("deleting an object removes only equal objects, and the key when none are left", () => {
    const t = run("bag", [["i", ["k", 1]], ["i", ["k", 2]], ["o", ["k", 1]]]);
    expect(t.data.get("k")).toEqual([["k", 2]]);
    const u = run("bag", [["i", ["k", 1]], ["o", ["k", 1]]]);
    expect(u.data.has("k")).toBe(false);
  });

  it("deleting a key removes every object under it", () => {
    expect(run("duplicate_bag", [["i", ["k", 1]], ["i", ["k", 1]], ["d", "k"]]).data.size).toBe(0);
  });

  it("gives equal tuple keys equal Map keys, and keeps primitives apart from their texts", () => {
    expect(keyOf(["user", 1])).toBe(keyOf(["user", 1]));
    expect(keyOf({ b: 1, a: 2 })).toBe(keyOf({ a: 2, b: 1 }));
    expect(keyOf(1)).not.toBe(keyOf("1"));
    expect(keyOf(["user", 1])).not.toBe(keyOf(["user", "1"]));
  });
});
