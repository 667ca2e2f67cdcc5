import { describe, expect, it } from "vitest";
import { inspect } from "./inspect.ts";
import { _ } from "./match.ts";
import { Exit, makePid, makeRef, TIMEOUT } from "./term.ts";

const pid = makePid(0, 96);
const ref = makeRef(0, 100875);

describe("inspect: scalars", () => {
  it.each([
    [1, "1"],
    [-2.5, "-2.5"],
    [0.1 + 0.2, "0.30000000000000004"],
    [NaN, "NaN"],
    [Infinity, ":infinity"], // Infinity stands for Elixir's :infinity (timeouts)
    [10n ** 20n, "100000000000000000000"],
    [true, "true"],
    [false, "false"],
    [null, "nil"],
    [undefined, "nil"],
  ])("prints %s as %s", (v, s) => {
    expect(inspect(v)).toBe(s);
  });

  it("prints pids and refs as they are", () => {
    expect(inspect(pid)).toBe("#PID<0.96.0>");
    expect(inspect(ref)).toBe("#Reference<0.0.0.100875>");
  });

  it("prints known atoms as atoms anywhere", () => {
    expect(inspect("ok")).toBe(":ok");
    expect(inspect("normal")).toBe(":normal");
    expect(inspect("EXIT")).toBe(":EXIT");
    expect(inspect([1, "killed"])).toBe("[1, :killed]");
  });

  it("prints other strings quoted, with Elixir escapes", () => {
    expect(inspect("hello")).toBe('"hello"');
    expect(inspect('he"llo\n')).toBe('"he\\"llo\\n"');
    expect(inspect("tab\there\\")).toBe('"tab\\there\\\\"');
    expect(inspect("\x1b[0m\x01")).toBe('"\\e[0m\\u0001"');
    expect(inspect("#{x}")).toBe('"\\#{x}"');
    expect(inspect("é😀")).toBe('"é😀"');
    expect(inspect("\ud800")).toBe('"\\uD800"');
    expect(inspect("")).toBe('""');
  });

  it("prints TIMEOUT as :timeout and the wildcard as _", () => {
    expect(inspect(TIMEOUT)).toBe(":timeout");
    expect(inspect([_, 1])).toBe("[_, 1]");
    expect(inspect(Symbol("x"))).toBe("#Symbol<x>");
  });

  it("prints functions with name and arity", () => {
    function handle(a: number, b: number) { return a + b; }
    expect(inspect(handle)).toBe("#Function<handle/2>");
    expect(inspect([(x: number) => x][0])).toBe("#Function<anonymous/1>");
  });
});

describe("inspect: tuples and lists", () => {
  it.each<[unknown, string]>([
    [["ok", 1], "{:ok, 1}"],
    [["fib", 6765], "{:fib, 6765}"],
    [["ok", "done"], '{:ok, "done"}'],
    [["error", "enoent"], '{:error, "enoent"}'],
    [["EXIT", pid, "normal"], "{:EXIT, #PID<0.96.0>, :normal}"],
    [["DOWN", ref, "process", pid, "noproc"], "{:DOWN, #Reference<0.0.0.100875>, :process, #PID<0.96.0>, :noproc}"],
    [["reply", 42, { n: 1 }], "{:reply, 42, %{n: 1}}"],
    [["get_state?", 1], "{:get_state?, 1}"],
    [["timeout", ["GenServer", "call", [pid, "get", 5000]]], '{:timeout, {GenServer, :call, [#PID<0.96.0>, "get", 5000]}}'],
  ])("prints %j as a tuple", (v, s) => {
    expect(inspect(v)).toBe(s);
  });

  it.each<[unknown, string]>([
    [[], "[]"],
    [[1, 2, 3], "[1, 2, 3]"],
    [["ok"], "[:ok]"],
    [["apple", "pear"], '["apple", "pear"]'],
    [["Alice", 30], '["Alice", 30]'],
    [[1, "ok"], "[1, :ok]"],
    [["a", 1, 2, 3, 4, 5, 6], '["a", 1, 2, 3, 4, 5, 6]'],
    [[["ok", 1], ["ok", 2]], "[ok: 1, ok: 2]"], // a keyword list, as Elixir prints [{:ok, 1}, {:ok, 2}]
  ])("prints %j as a list", (v, s) => {
    expect(inspect(v)).toBe(s);
  });

  it("shows at most 50 items, then ...", () => {
    const xs = Array.from({ length: 60 }, (_x, i) => i + 1);
    expect(inspect(xs, { width: Infinity })).toBe(`[${xs.slice(0, 50).join(", ")}, ...]`);
    expect(inspect(xs, { limit: 5 })).toBe("[1, 2, 3, 4, 5, ...]");
    expect(inspect(new Set(xs), { limit: 2 })).toBe("MapSet.new([1, 2, ...])");
  });
});

describe("inspect: maps and structs", () => {
  it.each<[unknown, string]>([
    [{}, "%{}"],
    [{ a: 1, b: "x" }, '%{a: 1, b: "x"}'],
    [{ messageQueueLen: 0, trapExit: false }, "%{messageQueueLen: 0, trapExit: false}"],
    [{ "a b": 1 }, '%{"a b" => 1}'],
    [{ b: 2, "a b": 1 }, '%{:b => 2, "a b" => 1}'],
    [{ status: "normal" }, "%{status: :normal}"],
    [Object.assign(Object.create(null), { x: 1 }), "%{x: 1}"],
    [new Map<unknown, unknown>([["a", 1], [2, [3]]]), '%{2 => [3], "a" => 1}'], // Elixir's term order: numbers before strings
    [new Map(), "%{}"],
    [new Set([1, "x"]), 'MapSet.new([1, "x"])'],
  ])("prints %o", (v, s) => {
    expect(inspect(v)).toBe(s);
  });

  it("prints a class instance as a struct", () => {
    class Point { constructor(public x: number, public y: number) {} }
    expect(inspect(new Point(1, 2))).toBe("%Point{x: 1, y: 2}");
  });

  it("prints errors as exception structs, a plain Error as RuntimeError", () => {
    expect(inspect(new Error("boom"))).toBe('%RuntimeError{message: "boom"}');
    expect(inspect(new TypeError("x is not a function"))).toBe('%TypeError{message: "x is not a function"}');
    expect(inspect(new Exit(["timeout", 5000]))).toBe("%Exit{reason: {:timeout, 5000}}");
  });

  it("prints dates, regexps and bytes with Elixir sigils and binaries", () => {
    expect(inspect(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("~U[2024-01-02T03:04:05.000Z]");
    expect(inspect(/a+b/gi)).toBe("~r/a+b/gi");
    expect(inspect(new Uint8Array([195, 169, 9]))).toBe("<<195, 169, 9>>");
    expect(inspect(new Uint8Array([1, 2]).buffer)).toBe("<<1, 2>>");
    expect(inspect(new Int32Array([-1, 2]))).toBe("#Int32Array<[-1, 2]>");
  });

  it("marks a cycle instead of looping forever", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(inspect(a)).toBe("%{n: 1, self: #Cycle<>}");
  });

  it("prints a shared (non-cyclic) object in full each time", () => {
    const shared = [1];
    expect(inspect([shared, shared])).toBe("[[1], [1]]");
  });
});

describe("inspect: wrapping at 80 columns, as Elixir does", () => {
  it("fills lines of a long list, continuing one column in", () => {
    expect(inspect(Array.from({ length: 60 }, (_x, i) => i + 1))).toBe(
      "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n" +
      " 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,\n" +
      " 43, 44, 45, 46, 47, 48, 49, 50, ...]",
    );
  });

  it("breaks a tuple between elements", () => {
    expect(inspect(["DOWN", ref, "process", pid, ["timeout", ["GenServer", "call", [pid, "get", 5000]]]])).toBe(
      "{:DOWN, #Reference<0.0.0.100875>, :process, #PID<0.96.0>,\n" +
      ' {:timeout, {GenServer, :call, [#PID<0.96.0>, "get", 5000]}}}',
    );
  });

  it("puts one map entry per line, nested under a tuple", () => {
    const v = ["ok", { name: "a".repeat(20), other: "b".repeat(26), third: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }];
    expect(inspect(v)).toBe(
      "{:ok,\n" +
      " %{\n" +
      `   name: "${"a".repeat(20)}",\n` +
      `   other: "${"b".repeat(26)}",\n` +
      "   third: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" +
      " }}",
    );
  });

  it("keeps everything on one line with width Infinity", () => {
    const v = { a: "x".repeat(100), b: [1, 2] };
    expect(inspect(v, { width: Infinity })).toBe(`%{a: "${"x".repeat(100)}", b: [1, 2]}`);
  });

  it("never makes a line longer than the width when items are short", () => {
    const out = inspect({ list: Array.from({ length: 40 }, (_x, i) => `item${i}`), n: 1 }, { width: 40 });
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(40);
    expect(out.replace(/\s+/g, "")).toBe(inspect({ list: Array.from({ length: 40 }, (_x, i) => `item${i}`), n: 1 }, { width: Infinity }).replace(/\s+/g, ""));
  });
});

describe("inspect: Elixir's printing of maps, keyword lists and nodes", () => {
  it.each<[unknown, string]>([
    [{ name: "ann", age: 3 }, '%{age: 3, name: "ann"}'],
    [{ b: 1, "a b": 2, a: 3 }, '%{:a => 3, :b => 1, "a b" => 2}'],
    [[["a", 1], ["b", 2]], "[a: 1, b: 2]"],
    [[["a", 1], "b"], '[{:a, 1}, "b"]'],
    [["worker", "nonode@nohost"], "{:worker, :nonode@nohost}"],
    ["node1@127.0.0.1", ":node1@127.0.0.1"],
    [["timeout", Infinity], "{:timeout, :infinity}"],
  ])("prints %j as %s", (value, text) => {
    expect(inspect(value)).toBe(text);
  });

  it("leaves maps of more than 32 keys in insertion order, as Elixir's large maps are unordered", () => {
    const big = Object.fromEntries(Array.from({ length: 40 }, (_x, i) => [`k${40 - i}`, i]));
    expect(inspect(big, { width: Infinity }).startsWith("%{k40: 0, k39: 1")).toBe(true);
  });
});

describe("inspect: module-function-args tuples", () => {
  it("prints a known module's function name as an atom, as Elixir prints an MFA", () => {
    expect(inspect(["Task", "await", [1, 10]])).toBe("{Task, :await, [1, 10]}");
    expect(inspect(["timeout", ["GenServer", "call", [1, "hi", 5000]]])).toBe('{:timeout, {GenServer, :call, [1, "hi", 5000]}}');
    expect(inspect(["fib", "ok", 1])).toBe("{:fib, :ok, 1}");
    expect(inspect(["apple", "pear", 1])).toBe('{:apple, "pear", 1}');
  });
});
