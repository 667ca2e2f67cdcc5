/**
 * Patterns for selective receive: which messages a `receive(pattern)` will take.
 *
 * Elixir matches messages against patterns in `receive`; JavaScript has no pattern syntax,
 * so Beamlab uses values that *look like* the message they match:
 *
 *   Elixir                          Beamlab
 *   receive do {:fib, x} -> x end   const [, x] = await receive(["fib", _])
 *   {:reply, ^ref, v}               receive(["reply", ref, _])
 *   msg when is_integer(msg)        receive((m) => typeof m === "number")
 *
 * Rules (the same in `matches` and `compilePattern`):
 * - `undefined` at the top level matches anything (`receive()` takes the oldest message);
 *   nested inside an array or object it is an ordinary value compared with `===`.
 * - `_` matches anything.
 * - a function is a predicate, called with the value; a truthy result matches.
 * - an array matches an array of the same length whose elements match one by one.
 * - a plain object (`{...}` or `Object.create(null)`) matches any non-array object that has
 *   every key listed in the pattern as an own property, with a matching value; extra keys
 *   in the value are ignored, like Elixir's map patterns.
 * - anything else matches by `===`. So `NaN` never matches, and a Map, Set or Date in a
 *   pattern matches only that very object (use a predicate to compare contents).
 */

/** The wildcard: matches any value in any position. */
export const _: unique symbol = Symbol.for("beamlab._");

/** A structural pattern (see the file doc) or a predicate. */
export type Pattern = ((m: unknown) => boolean) | unknown;

/** A compiled pattern: tests one message. */
export type Matcher = (m: unknown) => boolean;

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Tests `value` against `pattern` by walking both; see the rules in the file doc. */
export function matches(pattern: unknown, value: unknown): boolean {
  return pattern === undefined || matchInner(pattern, value);
}

function matchInner(p: unknown, v: unknown): boolean {
  if (p === _) return true;
  if (typeof p === "function") return Boolean(p(v));
  if (typeof p !== "object" || p === null) return p === v;
  if (Array.isArray(p)) {
    if (!Array.isArray(v) || v.length !== p.length) return false;
    for (let i = 0; i < p.length; i++) if (!matchInner(p[i], v[i])) return false;
    return true;
  }
  if (!isPlainObject(p)) return p === v;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  for (const k of Object.keys(p)) {
    if (!Object.hasOwn(v, k) || !matchInner((p as Record<string, unknown>)[k], (v as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const always: Matcher = () => true;

/**
 * Turns a pattern into a predicate once, so that testing each message in a mailbox does
 * not re-inspect the pattern. `compilePattern(p)(v) === matches(p, v)` for every p and v.
 */
export function compilePattern(pattern: unknown): Matcher {
  return pattern === undefined ? always : compile(pattern);
}

function compile(p: unknown): Matcher {
  if (p === _) return always;
  if (typeof p === "function") return (m) => Boolean(p(m));
  if (typeof p !== "object" || p === null) return (m) => m === p;
  if (Array.isArray(p)) return compileArray(p);
  if (!isPlainObject(p)) return (m) => m === p;
  return compileObject(p as Record<string, unknown>);
}

/** Literal positions are compared inline; only nested structure gets a sub-matcher. */
function compileArray(p: readonly unknown[]): Matcher {
  const n = p.length;
  const litIdx: number[] = [];
  const litVal: unknown[] = [];
  const subIdx: number[] = [];
  const subFn: Matcher[] = [];
  for (let i = 0; i < n; i++) {
    const e = p[i];
    if (e === _) continue;
    if (typeof e === "function" || (typeof e === "object" && e !== null && (Array.isArray(e) || isPlainObject(e)))) {
      subIdx.push(i);
      subFn.push(compile(e));
    } else {
      litIdx.push(i);
      litVal.push(e);
    }
  }
  // The most common receive pattern: a tag plus wildcards/literals, e.g. ["reply", ref, _].
  if (subIdx.length === 0) {
    if (litIdx.length === 1) {
      const i0 = litIdx[0], v0 = litVal[0];
      return (m) => Array.isArray(m) && m.length === n && m[i0] === v0;
    }
    if (litIdx.length === 2) {
      const i0 = litIdx[0], v0 = litVal[0], i1 = litIdx[1], v1 = litVal[1];
      return (m) => Array.isArray(m) && m.length === n && m[i0] === v0 && m[i1] === v1;
    }
  }
  const nl = litIdx.length, ns = subIdx.length;
  return (m) => {
    if (!Array.isArray(m) || m.length !== n) return false;
    for (let j = 0; j < nl; j++) if (m[litIdx[j]] !== litVal[j]) return false;
    for (let j = 0; j < ns; j++) if (!subFn[j](m[subIdx[j]])) return false;
    return true;
  };
}

function compileObject(p: Record<string, unknown>): Matcher {
  const keys = Object.keys(p);
  const fns = keys.map((k) => compile(p[k]));
  const nk = keys.length;
  return (m) => {
    if (typeof m !== "object" || m === null || Array.isArray(m)) return false;
    for (let j = 0; j < nk; j++) {
      const k = keys[j];
      if (!Object.hasOwn(m, k) || !fns[j]((m as Record<string, unknown>)[k])) return false;
    }
    return true;
  };
}
