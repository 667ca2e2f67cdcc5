/**
 * Terms: the values Beamlab processes pass around, and the few special values the kernel
 * needs (pids, refs, the `Exit`/`Kill` errors, the `TIMEOUT` sentinel).
 *
 * Beamlab keeps Elixir's data model but spells it in plain JavaScript:
 *
 *   Elixir            Beamlab
 *   :ok               "ok"                    atoms are strings
 *   {:ok, 1}          ["ok", 1]               tuples are readonly arrays
 *   #PID<0.42.1>      "#PID<0.42.1>"          pids are branded strings
 *   #Reference<...>   "#Reference<0.1.0.7>"   refs are branded strings
 *
 * Pids and refs are strings so that they compare with `===`, survive structured clone
 * between workers, are free to copy, and already print the way Elixir prints them.
 *
 * ```ts
 * const pid = makePid(1, 42);      // "#PID<0.42.1>"
 * pidScheduler(pid);               // 1  — which worker to route a send to
 * pidId(pid);                      // 42
 * const ref = makeRef(1, 7);       // "#Reference<0.1.0.7>"
 * refScheduler(ref);               // 1
 * ```
 *
 * Formats (fixed; other code parses them):
 * - pid `#PID<0.ID.SCHED>`: ID is the per-scheduler process counter, SCHED the scheduler
 *   index (0..63). Elixir's middle number is the process index too; its last number
 *   (a serial) is our scheduler.
 * - ref `#Reference<0.SCHED.HI.LO>`: the per-scheduler ref counter n split as
 *   HI = floor(n / 2^32), LO = n % 2^32, so it reads like Elixir's four-part refs and never
 *   repeats for any safe integer n.
 */

import { inspect } from "./inspect.ts";

/** A process identifier, `#PID<0.ID.SCHED>`; compare with `===`. */
export type Pid = string & { readonly __brand: "Pid" };
/** A unique reference, `#Reference<0.SCHED.HI.LO>`; compare with `===`. */
export type Ref = string & { readonly __brand: "Ref" };
/** An atom is a plain string (`"ok"`, `"normal"`, `"EXIT"`). */
export type Atom = string;
/** A tuple is a readonly array (`["reply", value, state]`). */
export type Tuple = readonly unknown[];

const MAX_SCHEDULERS = 64;
const TWO_32 = 2 ** 32;

function checkScheduler(sched: number): void {
  if (!(Number.isInteger(sched) && sched >= 0 && sched < MAX_SCHEDULERS)) {
    throw new RangeError(`scheduler index must be an integer in 0..${MAX_SCHEDULERS - 1}, got ${sched}`);
  }
}

function checkCounter(what: string, n: number): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
  }
}

/** Parses the decimal digits of `s` from `start` up to the first non-digit. */
function parseDigits(s: string, start: number): number {
  let n = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return n;
}

/** Builds the pid of process `id` on scheduler `sched`: `#PID<0.id.sched>`. */
export function makePid(sched: number, id: number): Pid {
  checkScheduler(sched);
  checkCounter("process id", id);
  // join builds one flat string; a template literal leaves a rope of 4 cons strings (~150 B
  // instead of ~40 B), and a million idle processes each keep their pid.
  return ["#PID<0.", id, ".", sched, ">"].join("") as Pid;
}

/** True for a pid (a string starting with `#PID<`). */
export function isPid(x: unknown): x is Pid {
  return typeof x === "string" && x.startsWith("#PID<");
}

/** The scheduler a pid lives on (the last number); cheap, used on every send. */
export function pidScheduler(pid: Pid): number {
  return parseDigits(pid, pid.lastIndexOf(".") + 1);
}

/** The per-scheduler process number of a pid (the middle number). */
export function pidId(pid: Pid): number {
  return parseDigits(pid, 7); // "#PID<0." is 7 characters
}

/** Builds the `n`th ref of scheduler `sched`: `#Reference<0.sched.hi.lo>`. */
export function makeRef(sched: number, n: number): Ref {
  checkScheduler(sched);
  checkCounter("ref counter", n);
  return `#Reference<0.${sched}.${Math.floor(n / TWO_32)}.${n % TWO_32}>` as Ref;
}

/** True for a ref (a string starting with `#Reference<`). */
export function isRef(x: unknown): x is Ref {
  return typeof x === "string" && x.startsWith("#Reference<");
}

/** The scheduler that made a ref (the second number). */
export function refScheduler(ref: Ref): number {
  return parseDigits(ref, 13); // "#Reference<0." is 13 characters
}

/**
 * An exit raised in the calling process (a `GenServer.call` that times out, `exit(reason)`).
 * Learner code may catch it, like Elixir's `catch :exit, reason`; uncaught, the process ends
 * with `reason`.
 */
export class Exit extends Error {
  constructor(readonly reason: unknown) {
    super(`exit(${inspect(reason)})`);
  }
}

/**
 * Thrown to unwind a process that is being killed. Never catchable by learner code: the
 * compiler rewrites every `catch` to call `rethrowIfKill` first.
 */
export class Kill extends Error {
  constructor(readonly reason: unknown) {
    super(`killed (${inspect(reason)})`);
  }
}

// name lives on the prototype, as for built-in errors, so it is not an own (printed) field.
Object.defineProperty(Exit.prototype, "name", { value: "Exit", writable: true, configurable: true });
Object.defineProperty(Kill.prototype, "name", { value: "Kill", writable: true, configurable: true });

/** Rethrows `e` when it is a `Kill`; the first statement of every rewritten catch block. */
export function rethrowIfKill(e: unknown): void {
  if (e instanceof Kill) throw e;
}

/** What `receive(pattern, { after })` resolves to when no message matched in time. */
export const TIMEOUT: unique symbol = Symbol.for("beamlab.timeout");
/** The type of `TIMEOUT`. */
export type Timeout = typeof TIMEOUT;
