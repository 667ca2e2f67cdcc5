/**
 * Test fixtures for the compiler: learner programs chosen to break a careless instrumenting
 * pass — every function and loop form, bodies without braces, braces and `for (` inside
 * strings, regexes and comments, destructuring catches, directives, derived constructors.
 *
 * Each program's default export returns (or resolves to) a JSON-able value, so a test can
 * run it before and after instrumenting and compare. `mark(N)` calls sit on line N, so a
 * test can check that compiled code keeps every line where the learner wrote it.
 *
 * ```ts
 * for (const { name, source } of CORPUS) expect(run(compile(source))).toEqual(run(transpile(source)));
 * ```
 *
 * Used by tests only.
 */

/** One fixture program. */
export interface Fixture {
  name: string;
  source: string;
}

/** Replaces each `mark()` with `mark(N)`, N its own 1-based line. */
export function numberMarks(source: string): string {
  return source
    .split("\n")
    .map((line, i) => line.replaceAll("mark()", `mark(${i + 1})`))
    .join("\n");
}

/** Every `mark(N)` in `code` that is not on line N: empty when lines were preserved. */
export function misplacedMarks(code: string): string[] {
  const wrong: string[] = [];
  code.split(/\r\n|[\n\r\u2028\u2029]/).forEach((line, i) => {
    for (const m of line.matchAll(/mark\((\d+)\)/g)) {
      if (Number(m[1]) !== i + 1) wrong.push(`mark(${m[1]}) found on line ${i + 1}`);
    }
  });
  return wrong;
}

const fixtures: Fixture[] = [
  {
    name: "classes: getters, setters, statics, private fields, static blocks, derived constructors",
    source: `
interface Shape { area(): number }
abstract class Base implements Shape {
  static count = 0;
  static { for (let i = 0; i < 2; i++) Base.count += i; }
  #secret = 41;
  protected label: string = "base";
  constructor(public readonly name: string) { Base.count++; }
  abstract area(): number;
  get secret(): number { return this.#secret + 1; }
  set secret(v: number) { this.#secret = v; }
  describe(): string { return \`\${this.name}:\${this.area()}\`; }
}
class Square extends Base {
  side = 3;
  extra = [1, 2].map((x) => x * this.side);
  constructor(private readonly s: number, name = "sq") {
    super(name);
    this.side = s;
  }
  area() { return this.side ** 2; }
  override describe() { return "Square " + super.describe(); }
}
const Anon = class extends Square { constructor() { super(2); } };
export default function main() {
  const sq = new Square(4);
  sq.secret = 9;
  const a = new Anon();
  return [sq.describe(), sq.secret, sq.extra, Base.count, a.area(), new.target === undefined];
}
`,
  },
  {
    name: "generators and async generators",
    source: `
function* range(n: number) { for (let i = 0; i < n; i++) yield i; }
function* twice() { yield* range(2); yield* range(2); }
async function* ticks(n: number) {
  let i = 0;
  while (i < n) { await null; yield i++; }
}
export default async function main() {
  const out: number[] = [...twice()];
  for await (const t of ticks(3)) out.push(t * 10);
  const it = range(3);
  let r = it.next();
  do out.push(r.value as number); while (!(r = it.next()).done)
  return out;
}
`,
  },
  {
    name: "labels with continue and break, loops without braces",
    source: `
export default function main() {
  const out: string[] = [];
  outer: for (let i = 0; i < 4; i++)
    inner: for (let j = 0; j < 4; j++) {
      if (j === 2) continue outer;
      if (i === 3) break outer;
      out.push(\`\${i}\${j}\`);
    }
  let k = 0;
  while (k < 5) k++
  do k--; while (k > 2);
  for (const key in { a: 1, b: 2 }) out.push(key);
  for (const [a, { b }] of [[1, { b: 2 }]] as const) out.push(String(a + b));
  for (;;) if (k-- > 0) continue; else break;
  blk: { out.push("in"); break blk; }
  let n = 0;
  for (const x of [1, 2, 3]) lbl: { if (x === 2) break lbl; n += x; }
  return [out, k, n];
}
`,
  },
  {
    name: "arrows: nested, expression bodies, object literals, sequences, defaults",
    source: `
const add = (a: number) => (b: number) => (c: number) => a + b + c;
const obj = () => ({ a: 1, b: { c: 2 } });
const seq = (x: number) => (x++, x * 2);
const cond = (x: number) => x > 1 ? "big" : "small";
const assign = (o: { v?: number }) => o.v = 5;
const withDefault = (f = (x: number) => x + 1, g = () => ({ k: f(1) })) => g().k;
const asyncArrow = async (x: number) => await Promise.resolve(x) * 2;
const asyncObj = async () => ({ ok: true });
const iife = (() => { let t = 0; for (const i of [1, 2]) t += i; return t; })();
export default async function main() {
  const o: { v?: number } = {};
  assign(o);
  return [add(1)(2)(3), obj(), seq(1), cond(2), o.v, withDefault(), await asyncArrow(4), await asyncObj(), iife,
    [3, 1, 2].sort((a, b) => a - b).map(x => x * 2).filter(x => x > 2)];
}
`,
  },
  {
    name: "object methods, computed keys, async methods, accessors",
    source: `
const key = "dyn";
const o = {
  n: 1,
  inc() { return ++this.n; },
  async later() { await null; return this.n; },
  [key + "Method"]() { return key; },
  get double() { return this.n * 2; },
  set double(v) { this.n = v / 2; },
  *gen() { yield 1; },
  async *agen() { yield 2; },
  arrow: () => "arrow",
};
export default async function main() {
  o.inc();
  o.double = 10;
  const xs: number[] = [];
  for await (const x of o.agen()) xs.push(x);
  return [o.n, await o.later(), o.dynMethod(), o.double, [...o.gen()], xs, o.arrow()];
}
`,
  },
  {
    name: "switch with fallthrough inside a loop",
    source: `
export default function main() {
  const out: string[] = [];
  for (let i = 0; i < 5; i++) {
    switch (i) {
      case 0: out.push("zero");
      case 1: out.push("one-ish"); break;
      case 2: { out.push("two"); continue; }
      default: out.push("d" + i);
    }
  }
  return out;
}
`,
  },
  {
    name: "try, catch (all forms) and finally",
    source: `
function f(): string {
  try { return "try"; } finally { mark(); }
}
function g(): string {
  try { throw new Error("x"); } catch { return "caught"; } finally { }
}
function h(): string[] {
  const out: string[] = [];
  try { throw Object.assign(new Error("msg"), { code: 7 }); }
  catch ({ message, code = 0, ...rest }: any) { out.push(message, String(code), Object.keys(rest).join()); }
  try { throw { a: [1, 2] }; }
  catch ({
    a: [first,
      second],
  }: any) /* ) { */ { out.push(String(first + second)); }
  try { throw 1; } catch (e) { out.push(String(e)); try { throw 2; } catch (e2) { out.push(String(e2)); } }
  return out;
}
function overriding(): string {
  // finally's return wins over try's
  try { return "try"; } finally { return "finally"; }
}
export default function main() {
  return [f(), g(), h(), overriding()];
}
function mark(_n: number) {}
`,
  },
  {
    name: "optional chaining, template literals and regexes that look like code, comments with braces",
    source: `
// a comment with { braces and for (;;) {
/* and a block } comment while (true) { */
const text = \`for (let i = 0; i < 1; i++) { \${"x"} } while (x) {\`;
const re = /for \\(\\{[}]+\\) while\\s*\\{/g;
const cfg: { deep?: { v?: number } } | undefined = { deep: {} };
export default function main() {
  const s = "function () { while (true) {} }";
  const t = String.raw\`\\{ \${1 + 1} }\`;
  return [text, re.source, cfg?.deep?.v ?? "none", cfg?.["deep"], s.length, t, /}/.test("}")];
}
`,
  },
  {
    name: "directives, hoisting and closures in loops",
    source: `
function strict() {
  "use strict"
  return typeof this;
}
function strict2() { 'use strict'; return hoisted(); }
function hoisted() { return "hoisted"; }
export default function main() {
  const fns: (() => number)[] = [];
  for (let i = 0; i < 3; i++) fns.push(() => i);
  let j = 0;
  while (j < 2) fns.push(((k) => () => k)(j++));
  return [strict(), strict2(), fns.map((f) => f())];
}
`,
  },
  {
    name: "recursion, spread, destructuring, tagged templates, enums, ambient declarations",
    source: `
enum Color {
  Red,
  Green = "g",
}
declare namespace Ambient {
  const value: number;
}
const Geo = { origin: { x: 0, y: 0 } };
type Pair<T> = readonly [T, T];
function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
const tag = (strings: TemplateStringsArray, ...vals: unknown[]) => strings.raw.join("|") + vals.length;
export default function main() {
  const [a, ...rest]: number[] = [1, 2, 3];
  const { x, ...others } = { ...Geo.origin, z: 1 };
  const p: Pair<number> = [fib(10), fib(12)];
  return [a, rest, x, others, p, tag\`a\${1}b\${2}c\`, Color.Red, Color.Green];
}
`,
  },
  {
    name: "a loop whose body ends the file without a semicolon",
    source: `
export const seen: number[] = [];
let i = 0;
export default function main() { return seen; }
while (i < 3) seen.push(i++)`,
  },
  {
    name: "TypeScript-only syntax spread over lines (erased, but lines kept)",
    source: `
import {
  spawn,
  type Pid,
} from "beamlab";
import type { Ref } from "beamlab";
mark();
interface Point {
  x: number;
  y: number;
}
mark();
type Fn<
  T,
> = (x: T) => T;
mark();
function over(x: string): string;
function over(x: number): number;
function over(x: any): any { mark(); return x; }
declare const ambient: number;
mark();
class P {
  constructor(
    private readonly a: number,
    public b?: string,
  ) { mark(); }
  m<T extends object>(
    x: T,
  ): T { mark(); return x; }
}
const generic = <T,>(x: T): T => x; mark();
const asserted = (1 as unknown) as number; mark();
const nonNull = [1]![0]!; mark();
enum E { A = 1, B = A << 1 } mark();
export default function main(): unknown {
  mark();
  const p = new P(1, "b");
  mark(); return [over(1), p.m({ k: 1 }), generic(2), asserted, nonNull, E.B, typeof spawn];
}
function mark(_n: number): void {}
`,
  },
];


/** Every fixture, with `mark()` calls numbered by line. */
export const CORPUS: Fixture[] = fixtures.map((f) => ({ name: f.name, source: numberMarks(f.source) }));
