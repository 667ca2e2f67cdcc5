/**
 * Receive: a process takes the oldest message that matches, or waits for one.
 *
 *     mailbox:  m1 ── m2 ── m3 ──►        receive(pattern, { after })
 *               tested once ──┘ save       └─ match ─► taken, the rest stay in order
 *                                          └─ none  ─► wait; only new arrivals are tested (the save pointer)
 *                                          └─ after ms with none ─► TIMEOUT
 *
 *     const [, x] = await receive(["fib", _]);
 *     const m = await receive(_, { after: 100 });   // TIMEOUT after 100 ms
 *
 * A receive marker (`mark`) taken before a request is sent lets the reply's receive skip
 * everything queued before it: `GenServer.call` and `Task.await` stay O(1) behind a backlog,
 * as the BEAM's receive-marker optimization makes them. `Process.sleep` is a receive that
 * matches nothing. `poll` is `receive ... after 0` kept synchronous.
 *
 * Mirrors Erlang's receive ... after ... end (selective receive, the save pointer, recv markers).
 */
import { inspect } from "./inspect";
import { NO_MATCH, type MailNode } from "./mailbox";
import { compilePattern, type Matcher } from "./match";
import type { Proc } from "./process";
import type { Scheduler } from "./scheduler";
import { TIMEOUT, type Ref } from "./term";

const ANY: Matcher = () => true;
const NEVER: Matcher = () => false;

/**
 * `receive(pattern, { after })`: the oldest matching message, or TIMEOUT. The pattern is
 * tested in the receiving process, only against messages it has not tested yet.
 */
export function receive(s: Scheduler, pattern?: unknown, after?: number): Promise<unknown> {
  return receiveFrom(s, null, pattern === undefined ? ANY : compilePattern(pattern), after);
}

/** A receive marker for the running process: messages that arrive later come after it. */
export function mark(s: Scheduler): MailNode {
  return s.self().mailbox.mark();
}

/**
 * A receive that only looks at messages after `mark` (null: all). A reply that carries a
 * ref made after the mark cannot be earlier, so it is found in O(1) behind any backlog.
 */
export function receiveFrom(s: Scheduler, mark: MailNode | null, pred: Matcher, after?: number): Promise<unknown> {
  const p = s.self();
  const m = p.mailbox.take(pred, mark === null ? p.mailbox.head : p.mailbox.validFrom(mark));
  if (m !== NO_MATCH) {
    if (s.tracer !== null) s.tracer.receive(p.pid, m);
    return Promise.resolve(m);
  }
  if (after !== undefined) {
    if (!(after >= 0)) throw new RangeError(`receive: after must be a number of ms ≥ 0, got ${inspect(after)}`);
    if (after === 0) return Promise.resolve(TIMEOUT);
  }
  return wait(s, p, pred, after);
}

/**
 * Take the oldest message matching `pred` (after `mark`, null: all) now, without waiting:
 * a `receive ... after 0` that stays synchronous. NO_MATCH when there is none.
 */
export function poll(s: Scheduler, pred: Matcher, mark: MailNode | null = null): unknown {
  const p = s.self();
  return p.mailbox.take(pred, mark === null ? p.mailbox.head : p.mailbox.validFrom(mark));
}

/**
 * The running process gave up waiting for a reply tagged `ref`: drop it if it comes later
 * (what an Erlang alias gives `gen:call`), and now if it is already queued.
 */
export function dropReplies(s: Scheduler, ref: Ref): void {
  const p = s.self();
  const queued = p.mailbox.take((m) => Array.isArray(m) && m[0] === ref, p.mailbox.head);
  if (queued === NO_MATCH) (p.deadRefs ??= new Set()).add(ref);
}

/** `Process.sleep(ms)`: a receive that matches nothing. */
export function sleep(s: Scheduler, ms: number): Promise<unknown> {
  if (!(ms >= 0)) throw new RangeError(`Process.sleep: expected ms ≥ 0, got ${inspect(ms)}`);
  return wait(s, s.self(), NEVER, ms);
}

/** A receive's `after` ran out (the scheduler's `receiveTimeout` timer callback: no closure per receive). */
export function receiveTimedOut(s: Scheduler, p: Proc): void {
  p.timer = null;
  p.timedOut = true;
  if (p.status === "waiting") s.makeRunnable(p);
}

function wait(s: Scheduler, p: Proc, pred: Matcher, after: number | undefined): Promise<unknown> {
  p.pred = pred;
  p.save = p.mailbox.tail;
  p.timedOut = false;
  if (after !== undefined && after !== Infinity) {
    p.timer = s.timers.add(s.clock.now() + after, s.receiveTimeout, p);
  }
  p.status = "waiting";
  return s.suspend(p);
}

/**
 * A waiting process's turn: take the first message it has not tested yet that matches, and
 * resume it with that (or TIMEOUT); with none, it waits on.
 */
export function takeFromMailbox(s: Scheduler, p: Proc): void {
  let m: unknown;
  try {
    m = p.mailbox.take(p.pred!, p.mailbox.validFrom(p.save!));
  } catch (e) {
    return s.resumeWith(p, undefined, e);
  }
  if (m === NO_MATCH && !p.timedOut) {
    p.save = p.mailbox.tail;
    p.status = "waiting";
    return s.park(p);
  }
  p.pred = null;
  p.save = null;
  if (p.timer) {
    s.timers.cancel(p.timer);
    p.timer = null;
  }
  if (m === NO_MATCH) return s.resumeWith(p, TIMEOUT);
  if (s.tracer !== null) s.tracer.receive(p.pid, m);
  s.resumeWith(p, m);
}
