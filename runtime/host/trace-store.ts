/**
 * A run's timeline on the host: the chunks every scheduler drains (kernel/trace.ts), merged
 * into one time-ordered list of events, with what the panels ask of it — who was alive at a
 * moment, under which name, linked to whom — and the JSON file the runner writes.
 *
 *     worker 0 ─chunk─┐
 *     worker 1 ─chunk─┼─► TraceStore.add ─► events (by time; each scheduler's order kept)
 *                     │                      processes (spawn → names → exit)
 *                     │                      pairs (messages counted, not kept)
 *     panels ◄─ alive(t), label(pid, t), between(t0, t1), links(t) ─┘      toJSON() ─► run.json
 *
 *     const store = new TraceStore({ schedulers: 2 });
 *     store.add(chunk);
 *     store.alive(50_000).map((p) => store.label(p.pid, 50_000));   // ["ping", "pong"]
 *
 * Bounded: past `maxEvents`, the oldest quarter of the events is summarised (messages become
 * per-pair counts, `truncatedBeforeUs` says from when on detail is complete) and processes
 * that exited before it are forgotten; past `maxPairs` counted buckets, the older half is
 * merged into one bucket per pair (the counts stay, their times get coarser); so a long
 * flood keeps the page's memory flat.
 *
 * Mirrors what a tracer process collects from erlang:trace/3 (and observer's trace viewer).
 */
import type { PairCount, TraceChunk, TraceEvent } from "../kernel/trace";
import type { Pid, Ref } from "../kernel/term";

export type { PairCount, TraceChunk, TraceEvent };

/** One process's life as the recording saw it. */
export interface ProcessView {
  pid: Pid;
  /** Its registered name now (at the end of what was recorded), if any. */
  name?: string;
  /** Every name it held: `[from µs, name | undefined]`, in order. */
  names: Array<[number, string | undefined]>;
  /** Its initial call (a function's name, or a behaviour's module). */
  call: string;
  parent: Pid | null;
  sched: number;
  spawnedAt: number;
  exitedAt?: number;
  /** The exit reason, printed. */
  reason?: string;
  /** The process whose exit signal ended it, and whether through a link. */
  exitFrom?: Pid;
  viaLink?: boolean;
}

/** Sends left out of the detail, per pair, over an interval. */
export interface PairBucket extends PairCount {
  fromUs: number;
  untilUs: number;
}

/** The recording as a file (`beamlab run --trace run.json`, the page's "Download trace"). */
export interface TraceFile {
  format: "beamlab-trace";
  version: 1;
  schedulers: number;
  /** µs covered by the recording. */
  durationUs: number;
  /** Events before this time were summarised (0: the detail is complete). */
  truncatedBeforeUs: number;
  processes: ProcessView[];
  events: TraceEvent[];
  pairs: PairBucket[];
  /** Receives left out of the detail, sends counted without their pair, and events lost before they could be drained. */
  droppedReceives: number;
  otherSends?: number;
  lost: number;
}

/** Options for a store. */
export interface TraceStoreOptions {
  schedulers?: number;
  /** Events kept in detail (default 200,000). */
  maxEvents?: number;
  /** Processes followed (default 100,000): a spawn past it is only counted (`unfollowed`). */
  maxProcesses?: number;
  /** Counted buckets (`pairs`) kept before the older half is merged per pair (default 100,000). */
  maxPairs?: number;
}

const MESSAGE_KINDS = new Set(["send", "receive"]);

/** See the file comment. */
export class TraceStore {
  readonly schedulers: number;
  readonly maxEvents: number;
  readonly maxProcesses: number;
  readonly maxPairs: number;
  /** Spawns not followed: more processes at once than `maxProcesses`. */
  unfollowed = 0;
  /** Every kept event, by time (ties: arrival order, which keeps each scheduler's order). */
  readonly events: TraceEvent[] = [];
  readonly pairs: PairBucket[] = [];
  droppedReceives = 0;
  /** Sends counted without their pair (beyond a chunk's busiest pairs). */
  otherSends = 0;
  lost = 0;
  truncatedBeforeUs = 0;
  /** Bumps on every change (for views that re-render). */
  version = 0;
  private procs = new Map<Pid, ProcessView>();
  private end = 0;

  constructor(opts: TraceStoreOptions = {}) {
    this.schedulers = opts.schedulers ?? 1;
    this.maxEvents = opts.maxEvents ?? 200_000;
    this.maxProcesses = opts.maxProcesses ?? 100_000;
    this.maxPairs = opts.maxPairs ?? 100_000;
  }

  /** The latest time the recording covers, µs. */
  get endUs(): number {
    return this.end;
  }

  /** Merge one scheduler's chunk. */
  add(chunk: TraceChunk): void {
    const evs = chunk.events;
    for (const e of evs) this.apply(e);
    this.merge(evs);
    for (const p of chunk.pairs) this.pairs.push({ ...p, fromUs: chunk.from, untilUs: chunk.until });
    this.droppedReceives += chunk.receives;
    this.otherSends += chunk.otherSends ?? 0;
    this.lost += chunk.lost;
    this.end = Math.max(this.end, chunk.until, evs.length > 0 ? evs[evs.length - 1].t : 0);
    if (this.events.length > this.maxEvents) this.truncate();
    if (this.pairs.length > this.maxPairs) this.coarsen();
    this.version++;
  }

  /** Every process seen, by pid. */
  processes(): ReadonlyMap<Pid, ProcessView> {
    return this.procs;
  }

  /** One process's view, if it was seen. */
  process(pid: Pid): ProcessView | undefined {
    return this.procs.get(pid);
  }

  /** The processes alive at `atUs`: spawned at or before it and not yet exited. */
  alive(atUs: number = this.end): ProcessView[] {
    const out: ProcessView[] = [];
    for (const p of this.procs.values()) {
      if (p.spawnedAt <= atUs && (p.exitedAt === undefined || p.exitedAt > atUs)) out.push(p);
    }
    return out;
  }

  /** The name `pid` held at `atUs` (default: the latest). */
  nameAt(pid: Pid, atUs: number = Infinity): string | undefined {
    const p = this.procs.get(pid);
    if (p === undefined) return undefined;
    let name: string | undefined;
    for (const [t, n] of p.names) {
      if (t > atUs) break;
      name = n;
    }
    return name;
  }

  /** What a person calls `pid`: its registered name (at `atUs`), else its initial call, else the pid. */
  label(pid: Pid | null, atUs: number = Infinity): string {
    if (pid === null) return "(outside)";
    const name = this.nameAt(pid, atUs) ?? this.procs.get(pid)?.name;
    if (name !== undefined) return name;
    return this.procs.get(pid)?.call ?? pid;
  }

  /** The events with `fromUs <= t <= toUs`, in order. */
  between(fromUs: number, toUs: number): TraceEvent[] {
    return this.events.slice(this.indexAt(fromUs), this.indexAfter(toUs));
  }

  /** The links in place at `atUs`, each pair once. */
  links(atUs: number = this.end): Array<[Pid, Pid]> {
    const links = new Map<string, [Pid, Pid]>();
    const key = (a: Pid, b: Pid) => (a < b ? `${a}|${b}` : `${b}|${a}`);
    for (const e of this.events) {
      if (e.t > atUs) break;
      if (e.k === "link") links.set(key(e.a, e.b), [e.a, e.b]);
      else if (e.k === "unlink") links.delete(key(e.a, e.b));
      else if (e.k === "exit") for (const [k, [a, b]] of links) if (a === e.pid || b === e.pid) links.delete(k);
    }
    return [...links.values()];
  }

  /** The monitors in place at `atUs`. */
  monitors(atUs: number = this.end): Array<{ by: Pid; pid: Pid; ref: Ref }> {
    const mons = new Map<Ref, { by: Pid; pid: Pid; ref: Ref }>();
    for (const e of this.events) {
      if (e.t > atUs) break;
      if (e.k === "monitor") mons.set(e.ref, { by: e.by, pid: e.pid, ref: e.ref });
      else if (e.k === "demonitor") mons.delete(e.ref);
      else if (e.k === "exit") for (const [r, m] of mons) if (m.by === e.pid || m.pid === e.pid) mons.delete(r);
    }
    return [...mons.values()];
  }

  /** Messages sent in `[fromUs, toUs]`, detail and summary together. */
  messageCount(fromUs = 0, toUs = Infinity): number {
    let n = 0;
    for (const e of this.between(fromUs, toUs)) if (e.k === "send") n++;
    for (const p of this.pairs) if (p.untilUs >= fromUs && p.fromUs <= toUs) n += p.count;
    return fromUs === 0 && toUs === Infinity ? n + this.otherSends : n;
  }

  /** The recording as a file. */
  toJSON(): TraceFile {
    return {
      format: "beamlab-trace",
      version: 1,
      schedulers: this.schedulers,
      durationUs: this.end,
      truncatedBeforeUs: this.truncatedBeforeUs,
      processes: [...this.procs.values()],
      events: this.events,
      pairs: this.pairs,
      droppedReceives: this.droppedReceives,
      otherSends: this.otherSends,
      lost: this.lost,
    };
  }

  /** A store holding a recording read back from a file. */
  static fromJSON(file: TraceFile): TraceStore {
    if (file?.format !== "beamlab-trace" || file.version !== 1) throw new Error("not a beamlab trace (expected format \"beamlab-trace\", version 1)");
    const store = new TraceStore({ schedulers: file.schedulers, maxEvents: Math.max(200_000, file.events.length) });
    for (const p of file.processes) store.procs.set(p.pid, { ...p, names: [...p.names] });
    // Not push(...): a spread of 100k+ arguments overflows the stack.
    for (const e of file.events) store.events.push(e);
    for (const p of file.pairs) store.pairs.push(p);
    store.droppedReceives = file.droppedReceives;
    store.otherSends = file.otherSends ?? 0;
    store.lost = file.lost;
    store.truncatedBeforeUs = file.truncatedBeforeUs;
    store.end = file.durationUs;
    store.version++;
    return store;
  }

  /** Keep the process views in step with a new event. */
  private apply(e: TraceEvent): void {
    switch (e.k) {
      case "spawn":
        if (this.procs.size >= this.maxProcesses) {
          this.unfollowed++;
          return;
        }
        this.procs.set(e.pid, { pid: e.pid, names: [], call: e.call, parent: e.parent, sched: e.s, spawnedAt: e.t });
        return;
      case "register":
      case "unregister": {
        const p = this.procOf(e.pid, e);
        if (p === undefined) return;
        const name = e.k === "register" ? e.name : undefined;
        p.names.push([e.t, name]);
        p.name = name;
        return;
      }
      case "exit": {
        const p = this.procOf(e.pid, e);
        if (p === undefined) return;
        p.exitedAt = e.t;
        p.reason = e.reason;
        if (e.from !== undefined) {
          p.exitFrom = e.from;
          p.viaLink = e.link;
        }
        return;
      }
    }
  }

  /** The view of `pid`, made up when its spawn was summarised away (undefined past `maxProcesses`). */
  private procOf(pid: Pid, e: TraceEvent): ProcessView | undefined {
    let p = this.procs.get(pid);
    if (p === undefined && this.procs.size < this.maxProcesses) {
      this.procs.set(pid, (p = { pid, names: [], call: "?", parent: null, sched: e.s, spawnedAt: this.truncatedBeforeUs }));
    }
    return p;
  }

  /** Merge sorted `evs` into the sorted events (only the tail they overlap is touched). */
  private merge(evs: TraceEvent[]): void {
    if (evs.length === 0) return;
    const all = this.events;
    const first = evs[0].t;
    if (all.length === 0 || all[all.length - 1].t <= first) {
      for (const e of evs) all.push(e);
      return;
    }
    const at = this.indexAfter(first);
    const tail = all.splice(at);
    let i = 0;
    let j = 0;
    while (i < tail.length || j < evs.length) {
      if (j >= evs.length || (i < tail.length && tail[i].t <= evs[j].t)) all.push(tail[i++]);
      else all.push(evs[j++]);
    }
  }

  /** Summarise the oldest quarter of the events (see the file comment). */
  private truncate(): void {
    const cut = Math.floor(this.events.length / 4);
    const until = this.events[cut].t;
    const pairs = new Map<string, PairBucket>();
    for (let i = 0; i < cut; i++) {
      const e = this.events[i];
      if (e.k === "receive") this.droppedReceives++;
      else if (e.k === "send") {
        const key = `${e.from}>${e.to}`;
        let p = pairs.get(key);
        if (p === undefined) pairs.set(key, (p = { from: e.from, to: e.to, count: 0, fromUs: this.truncatedBeforeUs, untilUs: until }));
        p.count++;
      }
    }
    // Lifecycle events of processes still alive stay; everything else before the cut goes.
    const keep = this.events.slice(0, cut).filter((e) => !MESSAGE_KINDS.has(e.k) && this.stillMatters(e, until));
    // Not splice(0, cut, ...keep): a spread of 100k+ arguments overflows the stack.
    const rest = this.events.slice(cut);
    this.events.length = 0;
    for (const e of keep) this.events.push(e);
    for (const e of rest) this.events.push(e);
    this.pairs.push(...pairs.values());
    this.truncatedBeforeUs = until;
    for (const [pid, p] of this.procs) if (p.exitedAt !== undefined && p.exitedAt < until) this.procs.delete(pid);
  }

  /**
   * Merge the older half of the counted buckets into one per pair, spanning their times (a
   * 10-minute flood posts ~4,000 buckets a second); pairs past half of `maxPairs` are counted together.
   */
  private coarsen(): void {
    const half = Math.floor(this.pairs.length / 2);
    const merged = new Map<Pid | null, Map<Pid, PairBucket>>();
    let n = 0;
    for (let i = 0; i < half; i++) {
      const p = this.pairs[i];
      let row = merged.get(p.from);
      if (row === undefined) merged.set(p.from, (row = new Map()));
      const m = row.get(p.to);
      if (m !== undefined) {
        m.count += p.count;
        m.fromUs = Math.min(m.fromUs, p.fromUs);
        m.untilUs = Math.max(m.untilUs, p.untilUs);
      } else if (n < this.maxPairs / 2) {
        row.set(p.to, { from: p.from, to: p.to, count: p.count, fromUs: p.fromUs, untilUs: p.untilUs });
        n++;
      } else this.otherSends += p.count;
    }
    const kept: PairBucket[] = [];
    for (const row of merged.values()) for (const m of row.values()) kept.push(m);
    kept.sort((a, b) => a.untilUs - b.untilUs);
    const rest = this.pairs.slice(half);
    this.pairs.length = 0;
    for (const p of kept) this.pairs.push(p);
    for (const p of rest) this.pairs.push(p);
  }

  private stillMatters(e: TraceEvent, until: number): boolean {
    const pid = e.k === "link" || e.k === "unlink" ? e.a : e.k === "monitor" || e.k === "demonitor" ? e.by : e.k === "down" ? e.to : (e as { pid: Pid }).pid;
    const p = this.procs.get(pid);
    return p !== undefined && (p.exitedAt === undefined || p.exitedAt >= until);
  }

  /** The first index with t >= us. */
  private indexAt(us: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].t < us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index with t > us. */
  private indexAfter(us: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].t <= us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
