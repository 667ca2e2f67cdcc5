/**
 * Message copying: why a process can never see another process's later mutations.
 *
 * On the BEAM every message is copied into the receiver's heap, so processes share
 * nothing. Beamlab processes on one scheduler share a JavaScript heap, so `send` copies the
 * message itself before queueing it; a send to another scheduler goes through structured
 * clone instead, and `assertCloneable` checks first so the learner gets a clear error.
 *
 *   sender                 copyMessage              receiver's mailbox
 *   ["add", {n: 1}]  ---->  fresh arrays/objects ---> ["add", {n: 1}]   (no shared objects)
 *
 * ```ts
 * const msg = ["add", { n: 1 }];
 * const copy = copyMessage(msg);   // deep copy; copy[1] !== msg[1]
 * assertCloneable(["run", () => 1]);
 * // TypeError: cannot send a function to another scheduler: messages are plain data (found at msg[1])
 * ```
 *
 * What is copied and how:
 * - primitives (numbers, strings — so pids, refs and atoms —, symbols, bigints) as they are;
 * - arrays, plain objects, Map, Set, Date, RegExp, ArrayBuffer and its views: fresh copies;
 * - Errors: a new object with the same prototype, message, stack, name, cause and own props;
 * - other class instances: `Object.create(sameProto)` plus copies of own enumerable
 *   properties, so methods keep working (private `#fields` are not copied);
 * - functions, symbols, Promises, WeakMap/WeakSet/WeakRef: kept by reference on a local send
 *   (OTP internals send functions, e.g. `Agent.get(agent, fn)`; as on the BEAM, a fun is a
 *   value), so a function sent on one scheduler is the sender's own closure; with
 *   `{ allowFunctions: false }` (a send to another scheduler, an ETS row) each of them is an
 *   error naming where it sits, since structured clone cannot carry them.
 * Shared substructure becomes separate copies, as on the BEAM. Cycles are supported: the
 * fast copy keeps no memo table, and only a message nested deeper than 1000 levels is
 * copied again with one (which preserves cycles and sharing).
 */
import { inspect } from "./inspect";

/** Options for `copyMessage`. */
export interface CopyOptions {
  /**
   * Keep functions, symbols, Promises and weak collections by reference (default true, right
   * for sends on one scheduler); false refuses them with a TypeError naming where they sit.
   */
  allowFunctions?: boolean;
  /** Where the message was going, for that error: `"to #PID<0.5.1> on scheduler 1"`. */
  to?: string;
}

const FAST_DEPTH = 1000;
const MAX_DEPTH = 10_000;

class TooDeep extends Error {}
/** Thrown inside the copy when `allowFunctions` is false and something cannot travel. */
class Unportable extends Error {}

/** A deep copy of a message for a send on the same scheduler; see the file doc. */
export function copyMessage<T>(m: T, opts?: CopyOptions): T {
  if (typeof m !== "object" || m === null) {
    if (opts?.allowFunctions === false && notPortable(m)) throw unportableError(m, opts.to);
    return m;
  }
  const allowFns = opts?.allowFunctions !== false;
  try {
    return copy(m, 0, allowFns, undefined) as T;
  } catch (e) {
    if (e instanceof Unportable) throw unportableError(m, opts?.to);
    if (!(e instanceof TooDeep)) throw e;
  }
  try {
    return copy(m, 0, allowFns, new Map()) as T;
  } catch (e) {
    if (e instanceof Unportable) throw unportableError(m, opts?.to);
    if (e instanceof TooDeep || e instanceof RangeError) {
      throw new RangeError(`message too deep to copy: more than ${MAX_DEPTH} levels of nesting`);
    }
    throw e;
  }
}

/** What structured clone cannot carry: functions, symbols, Promises, weak collections. */
function notPortable(x: unknown): boolean {
  if (typeof x === "function" || typeof x === "symbol") return true;
  if (typeof x !== "object" || x === null) return false;
  return x instanceof Promise || x instanceof WeakMap || x instanceof WeakSet || (typeof WeakRef !== "undefined" && x instanceof WeakRef);
}

function unportableError(root: unknown, to: string | undefined): TypeError {
  const found = findPath(root, notPortable);
  const what = found === undefined ? "a function" : describe(found.value);
  return new TypeError(`cannot send ${what}${to ? ` ${to}` : ""}: messages are plain data (found at ${found?.path ?? "msg"})`);
}

function copy(v: unknown, depth: number, allowFns: boolean, seen: Map<object, unknown> | undefined): unknown {
  if (typeof v !== "object" || v === null) {
    if (!allowFns && (typeof v === "function" || typeof v === "symbol")) throw new Unportable();
    return v;
  }
  if (seen === undefined) {
    if (depth > FAST_DEPTH) throw new TooDeep();
  } else {
    if (depth > MAX_DEPTH) throw new TooDeep();
    const done = seen.get(v);
    if (done !== undefined) return done;
  }
  const d = depth + 1;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    seen?.set(v, out);
    for (let i = 0; i < n; i++) {
      const e = v[i];
      out[i] = typeof e !== "object" || e === null ? (!allowFns && (typeof e === "function" || typeof e === "symbol") ? fail() : e) : copy(e, d, allowFns, seen);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    seen?.set(v, out);
    copyProps(v as Record<string, unknown>, out, d, allowFns, seen);
    return out;
  }
  return copySpecial(v, proto, d, allowFns, seen);
}

function fail(): never {
  throw new Unportable(); // copyMessage turns this into an error with the path
}

function copyProps(
  src: Record<string, unknown>, out: Record<string, unknown>, d: number, allowFns: boolean, seen: Map<object, unknown> | undefined,
): void {
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const e = src[k];
    out[k] = typeof e !== "object" || e === null ? (!allowFns && (typeof e === "function" || typeof e === "symbol") ? fail() : e) : copy(e, d, allowFns, seen);
  }
}

function copySpecial(v: object, proto: object, d: number, allowFns: boolean, seen: Map<object, unknown> | undefined): unknown {
  if (v instanceof Map) {
    const out = new Map();
    seen?.set(v, out);
    for (const [k, e] of v) out.set(copy(k, d, allowFns, seen), copy(e, d, allowFns, seen));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen?.set(v, out);
    for (const e of v) out.add(copy(e, d, allowFns, seen));
    return out;
  }
  if (v instanceof Date) return remember(seen, v, new Date(v.getTime()));
  if (v instanceof RegExp) {
    const out = new RegExp(v.source, v.flags);
    out.lastIndex = v.lastIndex;
    return remember(seen, v, out);
  }
  if (v instanceof ArrayBuffer) return remember(seen, v, v.slice(0));
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return remember(seen, v, new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)));
    return remember(seen, v, (v as unknown as { slice(): unknown }).slice());
  }
  if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || (typeof WeakRef !== "undefined" && v instanceof WeakRef)) {
    if (!allowFns) throw new Unportable();
    return v;
  }
  const out = Object.create(proto) as Record<string, unknown>;
  seen?.set(v, out);
  if (v instanceof Error) {
    // message, stack and cause are own but not enumerable; carry them over explicitly.
    for (const k of ["message", "stack", "name", "cause"]) {
      if (Object.hasOwn(v, k)) {
        Object.defineProperty(out, k, { value: copy((v as unknown as Record<string, unknown>)[k], d, allowFns, seen), writable: true, configurable: true });
      }
    }
  }
  copyProps(v as Record<string, unknown>, out, d, allowFns, seen);
  return out;
}

function remember<T>(seen: Map<object, unknown> | undefined, from: object, to: T): T {
  seen?.set(from, to);
  return to;
}

/**
 * `x` as something another scheduler can receive, for what must arrive whatever it holds (an
 * exit reason, a DOWN, an answer): a plain-data copy where whatever structured clone cannot
 * carry (a function, a symbol, a Promise) is replaced by how it prints (`#Function<f>`), and
 * a value that cannot even be read (a Proxy whose traps throw) by `#Unprintable<...>`. Never throws.
 *
 *     portableTerm(["fn", () => 1])   // ["fn", "#Function<anonymous>"]-like: printable, cloneable
 */
export function portableTerm(x: unknown): unknown {
  if (typeof x !== "object" && typeof x !== "function" && typeof x !== "symbol") return x;
  if (x === null) return x;
  try {
    return copyMessage(x, { allowFunctions: false });
  } catch {
    // something in it cannot travel: degrade that part only
  }
  try {
    return degrade(x, new Set());
  } catch {
    return inspect(x);
  }
}

function degrade(x: unknown, ancestors: Set<object>): unknown {
  if (notPortable(x)) return inspect(x);
  if (typeof x !== "object" || x === null) return x;
  if (ancestors.has(x) || ancestors.size > 100) return inspect(x);
  const proto = Object.getPrototypeOf(x);
  if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) {
    try {
      return copyMessage(x, { allowFunctions: false });
    } catch {
      return inspect(x);
    }
  }
  ancestors.add(x);
  let out: unknown;
  if (Array.isArray(x)) out = x.map((e) => degrade(e, ancestors));
  else {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(x)) o[k] = degrade((x as Record<string, unknown>)[k], ancestors);
    out = o;
  }
  ancestors.delete(x);
  return out;
}

/**
 * Throws a TypeError naming the first part of `m` that cannot cross to another scheduler
 * (a function, a symbol, a Promise, a weak collection, or an instance of a custom class,
 * which structured clone would strip of its methods). Used before a cross-worker send.
 */
export function assertCloneable(m: unknown): void {
  const found = findPath(m, notCloneable);
  if (found === undefined) return;
  throw new TypeError(`cannot send ${describe(found.value)} to another scheduler: messages are plain data (found at ${found.path})`);
}

const CLONEABLE_CLASSES: Function[] = [Map, Set, Date, RegExp, ArrayBuffer, Error, Boolean, Number, String];

function notCloneable(x: unknown): boolean {
  if (typeof x === "function" || typeof x === "symbol") return true;
  if (typeof x !== "object" || x === null) return false;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) return false;
  return !CLONEABLE_CLASSES.some((c) => x instanceof c);
}

function describe(x: unknown): string {
  if (typeof x === "function") return "a function";
  if (typeof x === "symbol") return `a symbol (${x.description ?? "?"})`;
  const name = (x as object).constructor?.name;
  return name ? `an instance of ${name}` : "a non-plain object";
}

/** Where in `root` the first value satisfying `bad` sits, as `msg[2].handler`; cycle-safe. */
function findPath(root: unknown, bad: (x: unknown) => boolean): { path: string; value: unknown } | undefined {
  const visited = new Set<object>();
  const walk = (x: unknown, path: string): { path: string; value: unknown } | undefined => {
    if (bad(x)) return { path, value: x };
    if (typeof x !== "object" || x === null || visited.has(x)) return undefined;
    visited.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const p = walk(x[i], `${path}[${i}]`);
        if (p !== undefined) return p;
      }
    } else if (x instanceof Map) {
      let i = 0;
      for (const [k, v] of x) {
        const p = walk(k, `${path}.keys()[${i}]`) ?? walk(v, `${path}.get(${keyLabel(k)})`);
        if (p !== undefined) return p;
        i++;
      }
    } else if (x instanceof Set) {
      let i = 0;
      for (const v of x) {
        const p = walk(v, `${path}.values()[${i++}]`);
        if (p !== undefined) return p;
      }
    } else if (!ArrayBuffer.isView(x)) {
      for (const k of Object.keys(x)) {
        const p = walk((x as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
        if (p !== undefined) return p;
      }
    }
    return undefined;
  };
  return walk(root, "msg");
}

function keyLabel(k: unknown): string {
  return typeof k === "string" ? JSON.stringify(k) : String(k);
}
