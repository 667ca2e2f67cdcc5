/**
 * Elixir-style printing of Beamlab terms, for `IO.inspect`, crash reports and error messages.
 *
 * ```ts
 * inspect(["ok", 1]);                       // {:ok, 1}
 * inspect(["EXIT", pid, "normal"]);         // {:EXIT, #PID<0.4.0>, :normal}
 * inspect({ a: 1, b: "x" });                // %{a: 1, b: "x"}
 * inspect(["apple", "pear"]);               // ["apple", "pear"]
 * inspect(new Set([1, 2]));                 // MapSet.new([1, 2])
 * ```
 *
 * Beamlab has no separate atom, tuple or list types (atoms are strings, tuples are arrays), so
 * the printer has to guess. The rules, chosen to be predictable:
 *
 * 1. An array prints as a tuple `{...}` when it has 2..6 elements, its first element is
 *    atom-like (a lowercase identifier such as `"ok"`, `"fib"`, `"get_state?"`, or one of the
 *    known atoms or modules below), and either that first element is a known atom/module or
 *    not every element is a plain string. Otherwise it prints as a list `[...]`.
 *    So `["fib", 6765]` is `{:fib, 6765}`, `["ok", "done"]` is `{:ok, "done"}`, but a list of
 *    words such as `["apple", "pear"]` stays `["apple", "pear"]`.
 * 2. A tuple's first element prints as an atom (`:fib`; a known module bare: `GenServer`),
 *    and so does the function name of `{Module, :function, args}` when Module is known.
 * 3. A known atom prints as an atom anywhere: ok error normal kill killed noproc shutdown
 *    timeout noreply reply stop call cast EXIT DOWN process infinity badarg trap_exit.
 *    Every other string prints quoted, with Elixir's escapes: `"hello\n"`.
 * 4. Pids and refs print as they are (`#PID<0.42.1>`); null/undefined print `nil`; numbers
 *    print as JavaScript formats them (JS cannot tell `1.0` from `1`, so both print `1`).
 * 5. Plain objects print as maps (`%{a: 1}`, or `%{"a b" => 1}` when a key is not an
 *    identifier, in insertion order); class instances as structs (`%Point{x: 1}`); Map as
 *    `%{k => v}`; Set as `MapSet.new([...])`; Error as `%RuntimeError{message: "boom"}`
 *    (`Exit` as `%Exit{reason: ...}`); functions as `#Function<name/arity>`; `TIMEOUT` as
 *    `:timeout`; `_` as `_`; Date as `~U[...]`; RegExp as `~r/.../`; bytes as `<<1, 2>>`.
 * 6. Like Elixir, a collection shows at most `limit` (50) items then `...`, and output
 *    wider than `width` (80) wraps: lists and tuples fill lines, maps put one entry per line.
 *
 * This module has no imports (term.ts imports it for `Exit` messages); it knows the pid and
 * ref formats and the `TIMEOUT` / `_` symbols by their spelling.
 */

/** Options for `inspect`: items shown per collection (50) and line width (80; Infinity for one line). */
export interface InspectOptions {
  limit?: number;
  width?: number;
}

const KNOWN_ATOMS = new Set([
  "ok", "error", "normal", "kill", "killed", "noproc", "shutdown", "timeout", "noreply", "reply",
  "stop", "call", "cast", "EXIT", "DOWN", "process", "infinity", "badarg", "trap_exit",
  "calling_self", "already_started", "undef", "noconnection", "nodedown", "system_limit",
  "unreadable_reason",
]);
const KNOWN_MODULES = new Set([
  "GenServer", "Task", "Agent", "Supervisor", "DynamicSupervisor", "Registry", "GenStage",
  "Process", "ETS", "IO", "System", "Kernel",
]);
/** An identifier Elixir prints as a bare atom (`:ok`, `:fib`, `:get_state?`). */
export const ATOM_LIKE = /^[a-z_][a-zA-Z0-9_]*[?!]?$/;
/**
 * A node name: `nonode@nohost`, or a name at a host given as an IP address, `localhost` or a
 * single word (`node1@127.0.0.1`, `a@localhost`). An atom in Elixir. An e-mail address
 * (`ann@example.com`: a dotted domain) stays a string.
 */
const NODE_NAME = /^[a-z_][a-zA-Z0-9_-]*@(?:[0-9.]+|[a-zA-Z0-9_-]+)$/;
/** Elixir sorts the keys of maps with up to 32 entries when it prints them. */
const SORTED_MAP_MAX = 32;
const KEY_LIKE = /^[a-zA-Z_][a-zA-Z0-9_]*[?!]?$/;
const TIMEOUT = Symbol.for("beamlab.timeout");
const WILDCARD = Symbol.for("beamlab._");

/** A layout tree: text, a prefix glued to a doc, or a bracketed group that may break. */
type Doc = string | Cat | Group;
interface Cat { kind: "cat"; prefix: string; doc: Doc; flat?: string }
interface Group { kind: "group"; open: string; items: Doc[]; close: string; style: "fill" | "lines"; flat?: string }

const cat = (prefix: string, doc: Doc): Cat => ({ kind: "cat", prefix, doc });
const group = (open: string, items: Doc[], close: string, style: "fill" | "lines" = "fill"): Group =>
  ({ kind: "group", open, items, close, style });

/** Prints `value` the way Elixir's `IO.inspect` would print its Elixir twin. */
export function inspect(value: unknown, opts?: InspectOptions): string {
  const ctx: Ctx = { limit: opts?.limit ?? 50, ancestors: new Set() };
  try {
    return render(toDoc(value, ctx, false), 0, 0, opts?.width ?? 80);
  } catch (e) {
    // A Proxy whose traps throw, a getter that throws: printing must never take a scheduler down.
    return `#Unprintable<${thrownText(e)}>`;
  }
}

/** A short description of a thrown value that is itself safe to compute (never throws). */
export function thrownText(e: unknown): string {
  try {
    if (typeof e === "string") return e.slice(0, 200);
    const m = (e as { message?: unknown })?.message;
    if (typeof m === "string") return m.slice(0, 200);
  } catch {
    // fall through
  }
  return "a value that cannot be read";
}

interface Ctx { limit: number; ancestors: Set<object> }

function isPidOrRef(s: string): boolean {
  return s.startsWith("#PID<") || s.startsWith("#Reference<");
}

function isAtomLike(s: string): boolean {
  return ATOM_LIKE.test(s) || KNOWN_ATOMS.has(s) || KNOWN_MODULES.has(s);
}

/** A string that prints as an atom wherever it appears: a known atom or a node name. */
function isAlwaysAtom(s: string): boolean {
  return KNOWN_ATOMS.has(s) || NODE_NAME.test(s);
}

/** Rule 1 of the file doc. */
function isTuple(a: readonly unknown[]): boolean {
  if (a.length < 2 || a.length > 6) return false;
  const head = a[0];
  if (typeof head !== "string" || !isAtomLike(head)) return false;
  if (KNOWN_ATOMS.has(head) || KNOWN_MODULES.has(head)) return true;
  return a.some((x) => typeof x !== "string" || isPidOrRef(x) || NODE_NAME.test(x));
}

/**
 * A keyword list: a list of pairs `[atom, value]` (`[a: 1, b: 2]`), at least one of them a
 * tuple by rule 1 (so a list of word pairs such as `[["apple", "pear"]]` stays a list).
 */
function isKeywordList(a: readonly unknown[]): boolean {
  if (a.length === 0) return false;
  const pair = (x: unknown) => Array.isArray(x) && x.length === 2 && typeof x[0] === "string" && (ATOM_LIKE.test(x[0]) || KNOWN_ATOMS.has(x[0]));
  return a.every(pair) && a.some((x) => isTuple(x as unknown[]));
}

function atom(s: string): string {
  return KNOWN_MODULES.has(s) ? s : `:${s}`;
}

function toDoc(v: unknown, ctx: Ctx, atomPosition: boolean): Doc {
  switch (typeof v) {
    case "undefined": return "nil";
    case "boolean": return String(v);
    case "number": return v === Infinity ? ":infinity" : String(v);
    case "bigint": return String(v);
    case "string":
      if (isPidOrRef(v)) return v;
      if (atomPosition ? isAtomLike(v) || NODE_NAME.test(v) : isAlwaysAtom(v)) return atom(v);
      return quote(v);
    case "symbol":
      if (v === TIMEOUT) return ":timeout";
      if (v === WILDCARD) return "_";
      return `#Symbol<${v.description ?? ""}>`;
    case "function": return `#Function<${v.name || "anonymous"}/${v.length}>`;
  }
  if (v === null) return "nil";
  const o = v as object;
  if (ctx.ancestors.has(o)) return "#Cycle<>";
  ctx.ancestors.add(o);
  try {
    return objectDoc(o, ctx);
  } finally {
    ctx.ancestors.delete(o);
  }
}

function items(xs: Iterable<unknown>, ctx: Ctx, each: (x: unknown, i: number) => Doc): Doc[] {
  const out: Doc[] = [];
  let i = 0;
  for (const x of xs) {
    if (i === ctx.limit) {
      out.push("...");
      break;
    }
    out.push(each(x, i++));
  }
  return out;
}

function objectDoc(o: object, ctx: Ctx): Doc {
  if (Array.isArray(o)) {
    if (isTuple(o)) {
      // {Module, :function, args}: a known module's function name prints as an atom (an MFA).
      const mfa = o.length === 3 && KNOWN_MODULES.has(o[0] as string);
      return group("{", items(o, ctx, (x, i) => toDoc(x, ctx, i === 0 || (mfa && i === 1 && typeof x === "string" && ATOM_LIKE.test(x)))), "}");
    }
    if (isKeywordList(o)) {
      return group("[", items(o, ctx, (x) => cat(`${(x as string[])[0]}: `, toDoc((x as unknown[])[1], ctx, false))), "]");
    }
    return group("[", items(o, ctx, (x) => toDoc(x, ctx, false)), "]");
  }
  if (o instanceof Map) {
    const entries = o.size <= SORTED_MAP_MAX ? [...o].sort(([a], [b]) => termCompare(a, b)) : o;
    return group("%{", items(entries, ctx, (e) => {
      const [k, x] = e as [unknown, unknown];
      return cat(`${flat(toDoc(k, ctx, false))} => `, toDoc(x, ctx, false));
    }), "}", "lines");
  }
  if (o instanceof Set) {
    const elems = o.size <= SORTED_MAP_MAX ? [...o].sort(termCompare) : o; // a small MapSet prints sorted
    return group("MapSet.new([", items(elems, ctx, (x) => toDoc(x, ctx, false)), "])");
  }
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? "~U[invalid]" : `~U[${o.toISOString()}]`;
  if (o instanceof RegExp) return `~r/${o.source}/${o.flags}`;
  if (o instanceof Uint8Array || o instanceof ArrayBuffer) {
    return group("<<", items(new Uint8Array(o as ArrayBuffer), ctx, (x) => String(x)), ">>");
  }
  if (ArrayBuffer.isView(o)) {
    const name = o.constructor.name;
    if (o instanceof DataView) return `#DataView<${o.byteLength} bytes>`;
    return group(`#${name}<[`, items(o as unknown as Iterable<unknown>, ctx, (x) => String(x)), "]>");
  }
  if (o instanceof Promise) return "#Promise<>";
  if (o instanceof WeakMap || o instanceof WeakSet) return `#${o.constructor.name}<>`;
  if (o instanceof Error) return errorDoc(o, ctx);
  const proto = Object.getPrototypeOf(o);
  const name = proto === Object.prototype || proto === null ? "" : (o.constructor?.name ?? "");
  return mapDoc(`%${name}{`, Object.entries(o), ctx);
}

function errorDoc(e: Error, ctx: Ctx): Doc {
  const entries = Object.entries(e);
  if ((e.name === "Exit" || e.name === "Kill") && Object.hasOwn(e, "reason")) {
    return mapDoc(`%${e.name}{`, entries, ctx);
  }
  return mapDoc(`%${exceptionName(e)}{`, [["message", e.message], ...entries.filter(([k]) => k !== "message")], ctx);
}

/** Elixir's name for a JS error: a plain `Error` is Elixir's `RuntimeError`. */
export function exceptionName(e: { name?: unknown }): string {
  const n = typeof e.name === "string" && e.name ? e.name : "Error";
  return n === "Error" ? "RuntimeError" : n;
}

/**
 * Erlang's term order, as far as Beamlab's terms show it: number < atom < ref < pid < tuple
 * < map < list < string (a string that prints as an atom sorts as one). Within a kind:
 * numbers by value, texts by code unit (Erlang compares bytes), the rest as printed.
 */
function termCompare(a: unknown, b: unknown): number {
  const ra = termRank(a);
  const rb = termRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = typeof a === "string" ? a : inspect(a, { width: Infinity });
  const sb = typeof b === "string" ? b : inspect(b, { width: Infinity });
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function termRank(x: unknown): number {
  if (typeof x === "number" || typeof x === "bigint") return 0;
  if (typeof x === "boolean" || x === null || x === undefined) return 1; // true, false, nil are atoms
  if (typeof x === "string") {
    if (x.startsWith("#Reference<")) return 2;
    if (x.startsWith("#PID<")) return 3;
    return isAlwaysAtom(x) ? 1 : 7;
  }
  if (Array.isArray(x)) return isTuple(x) ? 4 : 6;
  return 5;
}

/** Plain-object keys in Elixir's printed order: atom keys (identifiers) first, sorted, then string keys, sorted. */
function sortKeys(entries: [string, unknown][]): [string, unknown][] {
  if (entries.length > SORTED_MAP_MAX) return entries;
  const rank = (k: string) => (KEY_LIKE.test(k) ? 0 : 1);
  return [...entries].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function mapDoc(open: string, unsorted: [string, unknown][], ctx: Ctx): Doc {
  const entries = sortKeys(unsorted);
  const keyword = entries.every(([k]) => KEY_LIKE.test(k));
  return group(open, items(entries, ctx, (e) => {
    const [k, x] = e as [string, unknown];
    const key = keyword ? `${k}: ` : `${KEY_LIKE.test(k) ? `:${k}` : quote(k)} => `;
    return cat(key, toDoc(x, ctx, false));
  }), "}", "lines");
}

const ESCAPES: Record<string, string> = {
  '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e",
  "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\0",
};

/** A double-quoted Elixir string literal; `#{` is escaped so it cannot read as interpolation. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (ESCAPES[c] !== undefined) out += ESCAPES[c];
    else if (c === "#" && s[i + 1] === "{") out += "\\#";
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff && !isPairedSurrogate(s, i))) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else out += c;
  }
  return out + '"';
}

function isPairedSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  const b = s.charCodeAt(i - 1);
  return b >= 0xd800 && b <= 0xdbff;
}

// ---- layout -----------------------------------------------------------------------------

function flat(d: Doc): string {
  if (typeof d === "string") return d;
  if (d.flat !== undefined) return d.flat;
  d.flat = d.kind === "cat" ? d.prefix + flat(d.doc) : d.open + d.items.map(flat).join(", ") + d.close;
  return d.flat;
}

function lastLineLength(s: string): number {
  const nl = s.lastIndexOf("\n");
  return nl === -1 ? s.length : s.length - nl - 1;
}

/**
 * Lays out `d` starting at column `col`, with `tail` characters (closing brackets, a comma)
 * that must still fit after it on its last line.
 */
function render(d: Doc, col: number, tail: number, width: number): string {
  const f = flat(d);
  if (typeof d === "string" || col + f.length + tail <= width) return f;
  if (d.kind === "cat") return d.prefix + render(d.doc, col + d.prefix.length, tail, width);
  const n = d.items.length;
  if (n === 0) return f;
  if (d.style === "lines") {
    const pad = " ".repeat(col + 2);
    const body = d.items.map((x, i) => pad + render(x, col + 2, i < n - 1 ? 1 : 0, width) + (i < n - 1 ? "," : ""));
    return `${d.open}\n${body.join("\n")}\n${" ".repeat(col)}${d.close}`;
  }
  // fill: as many items per line as fit; continuation lines indent one past the group start.
  const indent = col + 1;
  let out = d.open;
  let c = col + d.open.length;
  for (let i = 0; i < n; i++) {
    const itemTail = i < n - 1 ? 1 : d.close.length + tail;
    if (i > 0) {
      if (c + 2 + flat(d.items[i]).length + itemTail > width) {
        out += ",\n" + " ".repeat(indent);
        c = indent;
      } else {
        out += ", ";
        c += 2;
      }
    }
    const s = render(d.items[i], c, itemTail, width);
    out += s;
    c = s.includes("\n") ? lastLineLength(s) : c + s.length;
  }
  return out + d.close;
}
