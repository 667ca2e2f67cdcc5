/**
 * Sync-or-async values: a process's code, a behaviour's callback and a handler may each return
 * a value or a promise of one. Behaviours stay synchronous while their callbacks are, so a
 * GenServer whose callbacks are plain functions handles a message without a promise.
 *
 *     const r: Maybe<number> = mod.handleCall(req, from, state);
 *     andThen(r, (v) => reply(from, v)); // at once when r is a number, after it settles otherwise
 *
 * (Not named `then`: a module that exports `then` is itself a thenable to `await import()`.)
 * Internal to the runtime. (Erlang has no equivalent: every BEAM function can block.)
 */

/** A value, or a promise of one. */
export type Maybe<T> = T | Promise<T>;

/** Is `x` a promise (anything with a `then` method)? */
export function isThenable(x: unknown): x is Promise<unknown> {
  return x !== null && typeof x === "object" && typeof (x as Promise<unknown>).then === "function";
}

/** Run `k` on `v`'s value: synchronously when `v` is not a promise. */
export function andThen<T, R>(v: Maybe<T>, k: (v: T) => Maybe<R>): Maybe<R> {
  return isThenable(v) ? (v as Promise<T>).then(k) : k(v as T);
}
