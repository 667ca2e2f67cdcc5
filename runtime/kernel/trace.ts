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
 * Recording is cheap by design: a hot-path record is five array writes into a preallocated
 * ring, with the scheduler's cached clock (read every few steps) as its time. Message
 * previews and sizes are computed when a chunk is drained, not when the message is sent.
 * Events a flood pushes out of the ring before the host drains them are counted (`lost`).
 * Times are microseconds since the run started, on one clock across schedulers (the host
 * gives each scheduler the run's start on its own clock).
 *
 * Mirrors Erlang's tracing (erlang:trace/3, seq_trace): the events a tracer process would
 * receive, without a tracer process.
 */
import { inspect } from "./inspect";
import type { Clock } from "./clock";
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
  bytes: number;
}

/** What one drain hands the host: the events since the last drain, in order. */
export interface TraceChunk {
  sched: number;
  /** µs: the interval this chunk covers (since the previous drain). */
  from: number;
  until: number;
  events: TraceEvent[];
  /** Sends in the interval left out of `events`, counted per pair. */
  pairs: PairCount[];
  /** Receives left out of `events`. */
  receives: number;
  /** Events pushed out of the ring before they could be drained (a flood faster than the host reads). */
  lost: number;
}

/** How a scheduler records. */
export interface TraceOptions {
  /** Events kept between drains (default 100,000). */
  capacity?: number;
  /** The run's start on this scheduler's clock, ms (event times count from it). */
  origin?: number;
}

const SPAWN = 1, EXIT = 2, LINK = 3, UNLINK = 4, MONITOR = 5, DEMONITOR = 6, DOWN = 7, REGISTER = 8, UNREGISTER = 9, SEND = 10, RECEIVE = 11;
/** How much of a message a preview shows. */
const PREVIEW_CHARS = 80;

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
  /** Processes the host watches: their messages are kept in detail first. */
  readonly watched = new Set<Pid>();
  constructor(
    readonly sched: number,
    private readonly clock: Clock,
    /** The scheduler's cached time (ms on its clock, read every few steps): the hot path's timestamp. */
    private readonly cached: { readonly now: number },
    private readonly origin = 0,
    capacity = 100_000,
  ) {
    this.capacity = capacity;
    this.kind = new Uint8Array(capacity);
    this.time = new Float64Array(capacity);
    this.a = new Array(capacity);
    this.b = new Array(capacity);
    this.c = new Array(capacity);
  }

  private rec(k: number, t: number, a: unknown, b: unknown, c: unknown): void {
    const i = this.head++ % this.capacity;
    this.kind[i] = k;
    this.time[i] = t;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
  }

  /** A message sent (`from` null: from outside any process, e.g. a timer). Hot path. */
  send(from: Pid | null, to: Pid, msg: unknown): void {
    this.rec(SEND, this.cached.now, from, to, msg);
  }
  /** A process took `msg` from its mailbox. Hot path. */
  receive(pid: Pid, msg: unknown): void {
    this.rec(RECEIVE, this.cached.now, pid, msg, undefined);
  }
  spawn(pid: Pid, parent: Pid | null, call: string): void {
    this.rec(SPAWN, this.clock.now(), pid, parent, call);
  }
  exit(pid: Pid, reason: unknown, cause?: { from: Pid; link: boolean }): void {
    this.rec(EXIT, this.clock.now(), pid, reason, cause);
  }
  link(a: Pid, b: Pid): void {
    this.rec(LINK, this.clock.now(), a, b, undefined);
  }
  unlink(a: Pid, b: Pid): void {
    this.rec(UNLINK, this.clock.now(), a, b, undefined);
  }
  monitor(by: Pid, pid: Pid, ref: Ref): void {
    this.rec(MONITOR, this.clock.now(), by, pid, ref);
  }
  demonitor(by: Pid, pid: Pid, ref: Ref): void {
    this.rec(DEMONITOR, this.clock.now(), by, pid, ref);
  }
  down(to: Pid, pid: Pid, reason: unknown): void {
    this.rec(DOWN, this.clock.now(), to, pid, reason);
  }
  register(pid: Pid, name: string): void {
    this.rec(REGISTER, this.clock.now(), pid, name, undefined);
  }
  unregister(pid: Pid, name: string): void {
    this.rec(UNREGISTER, this.clock.now(), pid, name, undefined);
  }

  /** µs since the run started for clock time `ms`. */
  private us(ms: number): number {
    return Math.max(0, Math.round((ms - this.origin) * 1000));
  }

  /**
   * The events since the last drain: every lifecycle event, then up to `maxMessages` sends
   * and receives (watched processes' first, then in order); the other sends counted per pair.
   */
  drain(maxMessages = 5000): TraceChunk {
    const start = Math.max(this.drained, this.head - this.capacity);
    const lost = start - this.drained;
    const end = this.head;
    this.drained = end;
    const from = this.lastDrain;
    const until = this.us(this.clock.now());
    this.lastDrain = until;
    // Which message events to keep: watched first, then the earliest, up to the budget.
    const keep = new Uint8Array(end - start);
    let budget = maxMessages;
    if (this.watched.size > 0) {
      for (let n = start; n < end && budget > 0; n++) {
        const i = n % this.capacity;
        const k = this.kind[i];
        if ((k === SEND && (this.watched.has(this.a[i] as Pid) || this.watched.has(this.b[i] as Pid))) || (k === RECEIVE && this.watched.has(this.a[i] as Pid))) {
          keep[n - start] = 1;
          budget--;
        }
      }
    }
    const events: TraceEvent[] = [];
    const pairs = new Map<string, PairCount>();
    let receives = 0;
    for (let n = start; n < end; n++) {
      const i = n % this.capacity;
      const k = this.kind[i];
      const message = k === SEND || k === RECEIVE;
      if (message && keep[n - start] === 0) {
        if (budget > 0) {
          budget--;
        } else {
          if (k === RECEIVE) receives++;
          else {
            const key = `${this.a[i]}>${this.b[i]}`;
            let p = pairs.get(key);
            if (p === undefined) pairs.set(key, (p = { from: this.a[i] as Pid | null, to: this.b[i] as Pid, count: 0, bytes: 0 }));
            p.count++;
            p.bytes += approxBytes(this.c[i]);
          }
          this.release(i);
          continue;
        }
      }
      events.push(this.event(i));
      this.release(i);
    }
    return { sched: this.sched, from, until, events, pairs: [...pairs.values()], receives, lost };
  }

  /** Let the ring slot's references go (messages are not kept alive by the recording). */
  private release(i: number): void {
    this.a[i] = this.b[i] = this.c[i] = undefined;
  }

  private event(i: number): TraceEvent {
    // The hot path's cached clock may lag a lifecycle event's fresh one: never run time backwards.
    const t = (this.lastT = Math.max(this.lastT, this.us(this.time[i])));
    const s = this.sched;
    const a = this.a[i] as Pid;
    const b = this.b[i];
    const c = this.c[i];
    switch (this.kind[i]) {
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
