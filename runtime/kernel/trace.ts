/**
 * The run's recording: what every process did, in order, so a run can be watched again.
 *
 *     spawn, exit, link, monitor, DOWN, register, send, receive ─► tracer ring (per scheduler, bounded)
 *     host, a few times a second ─► drain(budget) ─► TraceChunk: events in detail (lifecycle first,
 *       then messages, watched processes first) + per-pair counts of the messages left out
 *
 *     const s = new Scheduler({ trace: { origin: runStartOnThisClock } });
 *     ... s.tracer!.drain(5000)   // { sched, events: [{ t, k: "send", from, to, msg, size }, ...], pairs, lost }
 *
 * Recording is cheap by design: a message within the interval's budget is six array writes
 * into a preallocated ring, with the scheduler's cached clock (read every few steps) as its
 * time; past the budget a send is counted for its pair on the sender's process record (its
 * count to its first receiver this interval: one comparison and one increment) and a receive
 * is one increment, so a flood writes nothing to the ring and every message is accounted
 * for. Message previews and sizes are computed when a chunk is drained, not when the message
 * is sent. Events a flood of watched processes' messages pushes out of the ring before the
 * host drains them are counted (`lost`).
 * Times are microseconds since the run started, on one clock across schedulers (the host
 * gives each scheduler the run's start on its own clock).
 *
 * Mirrors Erlang's tracing (erlang:trace/3, seq_trace): the events a tracer process would
 * receive, without a tracer process.
 */
import { inspect } from "./inspect";
import type { Clock } from "./clock";
import type { Proc } from "./process";
import type { Pid, Ref } from "./term";

/** One recorded event. `t` is µs since the run started; `s` the scheduler that recorded it. */
export type TraceEvent =
  | { t: number; s: number; k: "spawn"; pid: Pid; parent: Pid | null; call: string }
  | { t: number; s: number; k: "exit"; pid: Pid; reason: string; from?: Pid; link?: boolean }
  | { t: number; s: number; k: "link" | "unlink"; a: Pid; b: Pid }
  | { t: number; s: number; k: "monitor" | "demonitor"; by: Pid; pid: Pid; ref: Ref }
  | { t: number; s: number; k: "down"; to: Pid; pid: Pid; reason: string }
  | { t: number; s: number; k: "register" | "unregister"; pid: Pid; name: string }
  | { t: number; s: number; k: "send"; from: Pid | null; to: Pid; msg: string; size: number }
  | { t: number; s: number; k: "receive"; pid: Pid; msg: string };

/** Messages from `from` to `to` recorded only as a count (a flood's detail left out). */
export interface PairCount {
  from: Pid | null;
  to: Pid;
  count: number;
}

/** What one drain hands the host: the events since the last drain, in order. */
export interface TraceChunk {
  sched: number;
  /** µs: the interval this chunk covers (since the previous drain). */
  from: number;
  until: number;
  events: TraceEvent[];
  /** Sends in the interval left out of `events`, counted per pair (the first MAX_PAIRS pairs seen). */
  pairs: PairCount[];
  /** Sends left out of `events` and counted together: those of pairs past the first MAX_PAIRS. */
  otherSends?: number;
  /** Receives left out of `events`. */
  receives: number;
  /** Events pushed out of the ring before they could be drained (a flood of watched processes' messages faster than the host reads). */
  lost: number;
}

/** How a scheduler records. */
export interface TraceOptions {
  /** Message events kept between drains (default 65,536; lifecycle events are kept apart). */
  capacity?: number;
  /** Messages kept in detail per drain interval (default 1,000); the rest are counted per pair. */
  maxMessages?: number;
  /** The run's start on this scheduler's clock, ms (event times count from it). */
  origin?: number;
}

const SPAWN = 1, EXIT = 2, LINK = 3, UNLINK = 4, MONITOR = 5, DEMONITOR = 6, DOWN = 7, REGISTER = 8, UNREGISTER = 9, SEND = 10, RECEIVE = 11;
/** How much of a message a preview shows. */
const PREVIEW_CHARS = 80;
/** Messages kept in detail per drain interval unless told otherwise (the host's default too). */
export const MESSAGES_PER_DRAIN = 1000;
/** Lifecycle events kept between drains (a spawn bomb past it is counted as lost). */
const LIFE_MAX = 200_000;
/** Pairs counted per chunk, the first ones seen (a ring of 10k processes would otherwise post 10k counts 4 times a second). */
const MAX_PAIRS = 1000;

/**
 * A sender's messages counted this interval: to its first receiver here, to the others in
 * `more`. The sender's process record points at it (`Proc.traced`) until the next drain, so
 * counting the next send to the same receiver needs no lookup.
 */
export interface SenderCount extends PairCount {
  more: Map<Pid, PairCount> | null;
  proc: Proc | null;
}

/** `Proc.traced` of a sender past MAX_PAIRS this interval: its sends are counted together. */
const OVERFLOW: SenderCount = { from: null, to: "" as Pid, count: 0, more: null, proc: null };

/** One scheduler's recorder. See the file comment. */
export class Tracer {
  readonly capacity: number;
  private readonly kind: Uint8Array;
  private readonly time: Float64Array;
  private readonly a: unknown[];
  private readonly b: unknown[];
  private readonly c: unknown[];
  /** Events recorded so far (the next one's sequence number) and drained so far. */
  private head = 0;
  private drained = 0;
  private lastDrain = 0;
  /** The last event time handed out: times are made monotonic, as the record order is the truth. */
  private lastT = 0;
  /** Processes the host watches: their messages are always kept in detail. */
  readonly watched = new Set<Pid>();
  /**
   * Messages kept in detail per drain interval. Past it a send is only counted for its pair
   * and a receive only counted, so the ring never keeps a flood's messages alive (holding them
   * made every message outlive the young generation and cost half the throughput) and a
   * flood writes nothing to the ring (in Chromium's ring benchmark those writes were most of
   * the recording's cost).
   */
  budget = MESSAGES_PER_DRAIN;
  private detailed = 0;
  /** Sends past the budget since the last drain, by sender (see SenderCount); `outside`: those from no process. */
  private senders: SenderCount[] = [];
  private outside: SenderCount | null = null;
  /** Senders marked OVERFLOW this interval (unmarked at the drain). */
  private overflowed: Proc[] = [];
  private pairCount = 0;
  private otherSends = 0;
  private receives = 0;
  /**
   * Lifecycle events (spawn, exit, link, ...) since the last drain, in their own list so a
   * message flood can never push them out: `[seq, kind, time, a, b, c]`. Past LIFE_MAX they are counted as lost.
   */
  private life: unknown[][] = [];
  /** Sequence numbers shared by both kinds, so a drain interleaves them in record order. */
  private seq = 0;
  private readonly order: Float64Array;
  private readonly mask: number;
  private lifeLost = 0;

  constructor(
    readonly sched: number,
    private readonly clock: Clock,
    /** The scheduler's cached time (ms on its clock, read every few steps): the hot path's timestamp. */
    private readonly cached: { readonly now: number },
    private readonly origin = 0,
    capacity = 65_536,
  ) {
    // A power of two, so a slot is `head & mask`.
    this.capacity = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.mask = this.capacity - 1;
    this.kind = new Uint8Array(this.capacity);
    this.time = new Float64Array(this.capacity);
    this.order = new Float64Array(this.capacity);
    this.a = new Array(this.capacity);
    this.b = new Array(this.capacity);
    this.c = new Array(this.capacity);
  }

  /** A message event into the ring (a flood overwrites the oldest: counted as lost at the drain). */
  private rec(k: number, t: number, a: unknown, b: unknown, c: unknown): void {
    const i = this.head++ & this.mask;
    this.kind[i] = k;
    this.time[i] = t;
    this.order[i] = this.seq++;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
  }

  /** A lifecycle event: kept until the next drain, whatever the messages do. */
  private life1(k: number, a: unknown, b: unknown, c: unknown): void {
    if (this.life.length >= LIFE_MAX) {
      this.lifeLost++;
      this.seq++;
      return;
    }
    this.life.push([this.seq++, k, this.clock.now(), a, b, c]);
  }

  /** A message sent by `from` (null: from outside any process, e.g. a timer). Hot path. */
  send(from: Proc | null, to: Pid, msg: unknown): void {
    if (this.detailed++ < this.budget || (this.watched.size > 0 && (this.watched.has(to) || (from !== null && this.watched.has(from.pid))))) {
      this.rec(SEND, this.cached.now, from === null ? null : from.pid, to, msg);
      return;
    }
    const c = from === null ? this.outside : from.traced;
    if (c !== null && c.to === to) c.count++;
    else if (c === OVERFLOW) this.otherSends++;
    else this.countPair(from, to, c);
  }
  /** A process took `msg` from its mailbox. Hot path. */
  receive(pid: Pid, msg: unknown): void {
    if (this.detailed++ < this.budget || (this.watched.size > 0 && this.watched.has(pid))) this.rec(RECEIVE, this.cached.now, pid, msg, undefined);
    else this.receives++;
  }

  /** A send past the budget from a sender not yet counted this interval, or to another receiver than its first. */
  private countPair(from: Proc | null, to: Pid, c: SenderCount | null): void {
    if (c !== null) {
      const p = c.more?.get(to);
      if (p !== undefined) p.count++;
      else if (this.pairCount >= MAX_PAIRS) this.otherSends++;
      else {
        this.pairCount++;
        (c.more ??= new Map()).set(to, { from: c.from, to, count: 1 });
      }
      return;
    }
    if (this.pairCount >= MAX_PAIRS) {
      this.otherSends++;
      if (from !== null) {
        from.traced = OVERFLOW;
        this.overflowed.push(from);
      }
      return;
    }
    this.pairCount++;
    const n: SenderCount = { from: from === null ? null : from.pid, to, count: 1, more: null, proc: from };
    this.senders.push(n);
    if (from === null) this.outside = n;
    else from.traced = n;
  }

  spawn(pid: Pid, parent: Pid | null, call: string): void {
    this.life1(SPAWN, pid, parent, call);
  }
  exit(pid: Pid, reason: unknown, cause?: { from: Pid; link: boolean }): void {
    this.life1(EXIT, pid, reason, cause);
  }
  link(a: Pid, b: Pid): void {
    this.life1(LINK, a, b, undefined);
  }
  unlink(a: Pid, b: Pid): void {
    this.life1(UNLINK, a, b, undefined);
  }
  monitor(by: Pid, pid: Pid, ref: Ref): void {
    this.life1(MONITOR, by, pid, ref);
  }
  demonitor(by: Pid, pid: Pid, ref: Ref): void {
    this.life1(DEMONITOR, by, pid, ref);
  }
  down(to: Pid, pid: Pid, reason: unknown): void {
    this.life1(DOWN, to, pid, reason);
  }
  register(pid: Pid, name: string): void {
    this.life1(REGISTER, pid, name, undefined);
  }
  unregister(pid: Pid, name: string): void {
    this.life1(UNREGISTER, pid, name, undefined);
  }

  /** µs since the run started for clock time `ms`. */
  private us(ms: number): number {
    return Math.max(0, Math.round((ms - this.origin) * 1000));
  }

  /**
   * The events since the last drain: every lifecycle event and the messages recorded within
   * the interval's budget (watched processes' always); the other sends counted per pair.
   * `maxMessages` sets the budget for the next interval.
   */
  drain(maxMessages = this.budget): TraceChunk {
    const start = Math.max(this.drained, this.head - this.capacity);
    const lost = start - this.drained + this.lifeLost;
    const end = this.head;
    this.drained = end;
    this.lifeLost = 0;
    this.budget = maxMessages;
    this.detailed = 0;
    const life = this.life;
    this.life = [];
    const from = this.lastDrain;
    const until = this.us(this.clock.now());
    this.lastDrain = until;
    const events: TraceEvent[] = [];
    let l = 0;
    for (let n = start; n < end; n++) {
      const i = n & this.mask;
      while (l < life.length && (life[l][0] as number) < this.order[i]) events.push(this.lifeEvent(life[l++]));
      events.push(this.event(this.kind[i], this.time[i], this.a[i], this.b[i], this.c[i]));
      this.release(i);
    }
    while (l < life.length) events.push(this.lifeEvent(life[l++]));
    const pairs: PairCount[] = [];
    for (const c of this.senders) {
      pairs.push({ from: c.from, to: c.to, count: c.count });
      if (c.more !== null) for (const p of c.more.values()) pairs.push(p);
      if (c.proc !== null) c.proc.traced = null;
    }
    for (const p of this.overflowed) p.traced = null;
    const chunk: TraceChunk = { sched: this.sched, from, until, events, pairs, receives: this.receives, lost };
    if (this.otherSends > 0) chunk.otherSends = this.otherSends;
    this.senders = [];
    this.outside = null;
    this.overflowed = [];
    this.pairCount = 0;
    this.otherSends = 0;
    this.receives = 0;
    return chunk;
  }

  private lifeEvent(x: unknown[]): TraceEvent {
    return this.event(x[1] as number, x[2] as number, x[3], x[4], x[5]);
  }

  /** Let the ring slot's references go (messages are not kept alive by the recording). */
  private release(i: number): void {
    this.a[i] = this.b[i] = this.c[i] = undefined;
  }

  private event(kind: number, time: number, av: unknown, b: unknown, c: unknown): TraceEvent {
    // The hot path's cached clock may lag a lifecycle event's fresh one: never run time backwards.
    const t = (this.lastT = Math.max(this.lastT, this.us(time)));
    const s = this.sched;
    const a = av as Pid;
    switch (kind) {
      case SPAWN:
        return { t, s, k: "spawn", pid: a, parent: (b as Pid | null) ?? null, call: c as string };
      case EXIT: {
        const cause = c as { from: Pid; link: boolean } | undefined;
        const reason = previewReason(b);
        return cause ? { t, s, k: "exit", pid: a, reason, from: cause.from, link: cause.link } : { t, s, k: "exit", pid: a, reason };
      }
      case LINK:
        return { t, s, k: "link", a, b: b as Pid };
      case UNLINK:
        return { t, s, k: "unlink", a, b: b as Pid };
      case MONITOR:
        return { t, s, k: "monitor", by: a, pid: b as Pid, ref: c as Ref };
      case DEMONITOR:
        return { t, s, k: "demonitor", by: a, pid: b as Pid, ref: c as Ref };
      case DOWN:
        return { t, s, k: "down", to: a, pid: b as Pid, reason: previewReason(c) };
      case REGISTER:
        return { t, s, k: "register", pid: a, name: b as string };
      case UNREGISTER:
        return { t, s, k: "unregister", pid: a, name: b as string };
      case SEND:
        return { t, s, k: "send", from: (a as Pid | null) ?? null, to: b as Pid, msg: preview(c), size: approxBytes(c) };
      default:
        return { t, s, k: "receive", pid: a, msg: preview(b) };
    }
  }
}

/** A one-line printed preview of a term, cut at PREVIEW_CHARS. */
export function preview(x: unknown): string {
  let text: string;
  try {
    text = inspect(x, { width: Infinity, limit: 8 });
  } catch {
    text = "#Term<>";
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** An exit reason's preview: an exception `["error", message, stack]` without its stack. */
function previewReason(r: unknown): string {
  return preview(Array.isArray(r) && r.length === 3 && r[0] === "error" ? ["error", r[1]] : r);
}

/** Roughly how many bytes a term takes (a copy's size): 8 per number, 2 per character, 16 per container. */
export function approxBytes(x: unknown, depth = 0): number {
  switch (typeof x) {
    case "number":
    case "bigint":
    case "boolean":
      return 8;
    case "string":
      return 16 + 2 * x.length;
    case "undefined":
      return 8;
    case "object": {
      if (x === null) return 8;
      if (depth > 6) return 16;
      if (ArrayBuffer.isView(x)) return 16 + x.byteLength;
      let n = 16;
      if (Array.isArray(x)) {
        for (let i = 0; i < x.length && i < 1000; i++) n += 8 + approxBytes(x[i], depth + 1);
        return n;
      }
      for (const [k, v] of Object.entries(x as object).slice(0, 1000)) n += 8 + 16 + 2 * k.length + approxBytes(v, depth + 1);
      return n;
    }
    default:
      return 16;
  }
}
