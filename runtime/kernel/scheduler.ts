/**
 * The scheduler: one per worker, running that worker's processes in slices.
 *
 *   macrotask ─► slice: fire due timers ─► resume runnable processes FIFO, one at a time ─► end slice:
 *                       flush outboxes, re-arm the wake-up timer, report idle
 *
 * A process runs until it parks: it waits in `receive`, its reduction budget runs out
 * (`__bl.y()` in instrumented async code: a real context switch, see preemption.ts), or it
 * ends. Only the scheduler resumes a parked process, one at a time, so `self()` always knows
 * who is running, and `send` never resolves a receiver's promise directly (that would starve
 * the event loop). Every `sliceMs` the slice ends and the scheduler goes back to the event
 * loop, so messages from other workers, timers and stats keep flowing.
 *
 *     const s = new Scheduler();
 *     s.spawn(async () => { IO.puts("hello from " + self()); });
 *
 * This file is the slice loop and the scheduler's state. Each BEAM concept that acts on that
 * state lives in a file named for it; the methods below are their entry points:
 *
 *     spawn.ts        spawn, placement, pids, exported functions     message-loop.ts  behaviours' loop
 *     send.ts         send, delivery, the mailbox limit              receive.ts       selective receive, markers
 *     send-after.ts   Process.sendAfter / cancelTimer                preemption.ts    budgets, runaways
 *     links.ts        link / unlink                                  monitors.ts      monitor / demonitor / DOWN
 *     exit.ts         exit signals (the truth table), process exit  names.ts         registered names
 *     signals.ts      routing, ordering, early signals               remote-query.ts  Process.info/alive/list, host questions
 *     extensions.ts   hooks for runtime extensions (ETS)
 *
 * Mirrors the BEAM's scheduler loop (erl_process.c): run queue, reductions, preemption.
 */
import type { BlHooks } from "../compile/hooks";
import { hostLoop, systemClock, type Clock, type Loop } from "./clock";
import { schedulerCreated, setActive } from "./current";
import { SCHEDULER_DEFAULTS } from "./defaults";
import type { SchedulerOptions, SchedulingChoice } from "./scheduler-options";
import { exitPid, exitProcess, killAll, lostScheduler, trapExit } from "./exit";
import { broadcastExt, onExt, onProcessExit, sendExt } from "./extensions";
import { link, unlink } from "./links";
import type { MailNode } from "./mailbox";
import type { Matcher } from "./match";
import { HANDLER, runHandler, setHandler } from "./message-loop";
import { demonitor, monitor, type DemonitorOptions } from "./monitors";
import { claim, register, unregister, type PendingClaim } from "./names";
import { stuckCheck, syncCheck, yieldCurrent } from "./preemption";
import type { Proc } from "./process";
import type { HostQuery, OutputLine, Signal } from "./protocol";
import { dropReplies, mark, poll, receive, receiveFrom, receiveTimedOut, sleep, takeFromMailbox } from "./receive";
import { alive, askHost, hostAnswer, info, list, localInfo, type ProcessInfo } from "./remote-query";
import { RunQueue } from "./run-queue";
import { cancelTimer, sendAfter } from "./send-after";
import { resolveDest, send } from "./send";
import { deliver, deliverItems, localSignal } from "./signals";
import { exportFn, setProgram, spawn, start, type SpawnOptions } from "./spawn";
import { Kill, makeRef, type Pid, type Ref } from "./term";
import { TimerHeap, type TimerEntry } from "./timers";
import { Tracer } from "./trace";

export type { DemonitorOptions, ProcessInfo, SchedulerOptions, SchedulingChoice, SpawnOptions };

/** A settled promise whose reactions run the scheduler's next step as a microtask. */
const RESOLVED = Promise.resolve();

/** One scheduler. See the file comment. */
export class Scheduler {
  readonly index: number;
  readonly count: number;
  readonly clock: Clock;
  /** Reductions per step: fixed, unless a simulation's `choice` draws each step's. */
  budget: number;
  readonly bl: BlHooks;
  readonly loop: Loop;
  readonly sliceMs: number;
  readonly syncLimitMs: number;
  readonly maxProcesses: number;
  readonly maxMailbox: number;
  readonly opts: SchedulerOptions;
  /** Random numbers for the scheduler's own choices (seeded in a simulation). */
  readonly random: () => number;
  /** A simulation's choices (runtime/sim); undefined in a real run. */
  readonly choice: SchedulingChoice | undefined;

  // ─── State the concept files share (internal to the kernel) ──────────────────
  /** Live local processes. */
  readonly procs = new Map<Pid, Proc>();
  /** This scheduler's replica of every registered name, and each one's registration number (names.ts). */
  readonly names = new Map<string, Pid>();
  readonly nameGens = new Map<string, number>();
  /** The last registration number of each released name seen here; claims not yet answered by a home. */
  readonly releasedGens = new Map<string, number>();
  readonly claims = new Map<string, PendingClaim>();
  /** Registrations decided here, as the home of their names. */
  nameGen = 0;
  readonly timers = new TimerHeap();
  readonly runQueue = new RunQueue<Proc>();
  /** The running process, if any. */
  current: Proc | null = null;
  /** The run's recorder, when recording (trace.ts). */
  readonly tracer: Tracer | null;
  /** Set when the running process died mid-run: its code must unwind at the next hook. */
  unwinding = false;
  /** Exported top-level functions of the loaded program, both ways (spawn.ts). */
  readonly exportedName = new Map<unknown, string>();
  readonly exportedFn = new Map<string, (...a: unknown[]) => unknown>();
  nextId = 1;
  /** The most processes alive here since the stats last looked (they reset it): a burst within one slice still counts. */
  peakProcs = 0;
  nextRef = 1;
  nextQuery = 1;
  /** Processes waiting for the answer to a remote or host question (remote-query.ts). */
  readonly queries = new Map<number, Proc>();
  /** Highest process id seen spawned by each scheduler (to hold messages that outrun a spawn). */
  readonly spawnedFrom: number[];
  /** Signals held for pids whose spawn has not arrived yet (signals.ts). */
  readonly early = new Map<Pid, Signal[]>();
  /** Last known run-queue length of every scheduler (for placement). */
  readonly loads: number[];
  /** Local signals: one FIFO, drained without recursion (signals.ts). */
  readonly local: Signal[] = [];
  draining = false;
  /** Monitors taken by name: their DOWN names the process as `[name, node]` (monitors.ts). */
  readonly monitorNames = new Map<Ref, string>();
  /** Live `sendAfter` timers by ref (send-after.ts). */
  readonly timerRefs = new Map<Ref, TimerEntry>();
  /** A receive's `after` ran out: one timer callback per scheduler, no closure per receive (receive.ts). */
  readonly receiveTimeout = (p: unknown): void => receiveTimedOut(this, p as Proc);
  /** Handlers of `ext` signals by kind, and process-exit hooks (extensions.ts). */
  readonly extensions = new Map<string, (data: unknown, from: number) => void>();
  readonly exitHooks: Array<(pid: Pid, reason: unknown) => void> = [];

  // ─── The run loop's state ─────────────────────────────────────────────────────
  scheduled = false;
  inSlice = false;
  syncPhase = false;
  parkedSync = false;
  sliceEnd = 0;
  sliceStart = 0;
  sliceSeq = 0;
  steps = 0;
  /** The last step ran a whole budget (a CPU-bound process): read the clock before the next. */
  longStep = false;
  /** The clock at the last check (slice start, every few steps); a process's run start. */
  now = 0;
  armed: { at: number; handle: unknown } | null = null;

  // Counters for stats, and signals received (the host compares them with those posted).
  busyMs = 0;
  totalReductions = 0;
  received = 0;

  constructor(opts: SchedulerOptions = {}) {
    this.opts = opts;
    this.index = opts.index ?? 0;
    this.count = opts.count ?? 1;
    this.clock = opts.clock ?? systemClock;
    this.loop = opts.loop ?? hostLoop();
    this.budget = opts.budget ?? SCHEDULER_DEFAULTS.budget;
    this.sliceMs = opts.sliceMs ?? SCHEDULER_DEFAULTS.sliceMs;
    this.syncLimitMs = opts.syncLimitMs ?? SCHEDULER_DEFAULTS.syncLimitMs;
    this.maxProcesses = opts.maxProcesses ?? SCHEDULER_DEFAULTS.maxProcesses;
    this.maxMailbox = opts.maxMailbox ?? SCHEDULER_DEFAULTS.maxMailbox;
    this.random = opts.random ?? Math.random;
    this.choice = opts.choice;
    this.nextId = opts.firstId ?? 1;
    this.spawnedFrom = new Array(this.count).fill(0);
    this.loads = new Array(this.count).fill(0);
    this.tracer = opts.trace ? new Tracer(this.index, this.clock, this, opts.trace.origin ?? this.clock.now(), opts.trace.capacity) : null;
    if (this.tracer !== null && opts.trace!.maxMessages !== undefined) this.tracer.budget = opts.trace!.maxMessages;
    this.bl = {
      r: this.budget,
      y: () => yieldCurrent(this),
      s: () => syncCheck(this),
      k: (e) => {
        if (e instanceof Kill) throw e;
      },
    };
    schedulerCreated(this);
  }

  // ─── Entry points (each concept's code is in the file named beside it) ───────

  /** The running process, or a clear error when called from outside one. */
  self(): Proc {
    const p = this.current;
    if (p === null) {
      throw new Error(
        "beamlab: called outside a running process (an async call that was not awaited? every receive, sleep and call needs `await`)",
      );
    }
    return p;
  }

  /** A new unique ref made on this scheduler. */
  makeRef(): Ref {
    return makeRef(this.index, this.nextRef++);
  }

  // spawn.ts, message-loop.ts
  setProgram(exports: Record<string, unknown>): void { setProgram(this, exports); }
  export(name: string, fn: (...a: unknown[]) => unknown): void { exportFn(this, name, fn); }
  exported(name: string): ((...a: unknown[]) => unknown) | undefined { return this.exportedFn.get(name); }
  exportName(fn: unknown): string | undefined { return this.exportedName.get(fn); }
  spawn(fn: (...args: unknown[]) => unknown, args: unknown[] = [], o?: SpawnOptions): { pid: Pid; ref?: Ref } { return spawn(this, fn, args, o); }
  setHandler(handler: ((msg: unknown) => unknown) | null, label?: string): void { setHandler(this, handler, label); }

  // send.ts, receive.ts, send-after.ts
  send(dest: unknown, msg: unknown): unknown { return send(this, dest, msg); }
  resolveDest(dest: unknown, what: string): Pid { return resolveDest(this, dest, what); }
  receive(pattern?: unknown, after?: number): Promise<unknown> { return receive(this, pattern, after); }
  receiveFrom(m: MailNode | null, pred: Matcher, after?: number): Promise<unknown> { return receiveFrom(this, m, pred, after); }
  mark(): MailNode { return mark(this); }
  poll(pred: Matcher, from: MailNode | null = null): unknown { return poll(this, pred, from); }
  dropReplies(ref: Ref): void { dropReplies(this, ref); }
  sleep(ms: number): Promise<unknown> { return sleep(this, ms); }
  sendAfter(dest: unknown, msg: unknown, ms: number): Ref { return sendAfter(this, dest, msg, ms); }
  cancelTimer(ref: Ref): number | false { return cancelTimer(this, ref); }

  // links.ts, monitors.ts, exit.ts
  link(pid: Pid): void { link(this, pid); }
  unlink(pid: Pid): void { unlink(this, pid); }
  monitor(target: Pid | string): Ref { return monitor(this, target); }
  demonitor(ref: Ref, opts?: DemonitorOptions): true { return demonitor(this, ref, opts); }
  exitPid(pid: Pid, reason: unknown): true { return exitPid(this, pid, reason); }
  trapExit(on: boolean): boolean { return trapExit(this, on); }
  exitProcess(p: Proc, reason: unknown, report = false): void { exitProcess(this, p, reason, report); }
  lostScheduler(sched: number, reason: unknown = "killed"): void { lostScheduler(this, sched, reason); }
  killAll(reason: unknown = "killed"): void { killAll(this, reason); }

  // names.ts, remote-query.ts
  register(pid: Pid, name: string): true { return register(this, pid, name); }
  claim(pid: Pid, name: string): true | Promise<true> { return claim(this, pid, name); }
  unregister(name: string): true { return unregister(this, name); }

  localInfo(pid: Pid): ProcessInfo | undefined { return localInfo(this, pid); }
  info(pid: Pid): ProcessInfo | undefined | Promise<unknown> { return info(this, pid); }
  alive(pid: Pid): boolean | Promise<unknown> { return alive(this, pid); }
  list(): Pid[] | Promise<Pid[]> { return list(this); }
  get canAskHost(): boolean { return this.opts.hostQuery !== undefined; }
  askHost(q: HostQuery): Promise<unknown> { return askHost(this, q); }
  hostAnswer(id: number, value: unknown): void { hostAnswer(this, id, value); }

  // extensions.ts, signals.ts
  onExt(kind: string, handler: (data: unknown, from: number) => void): void { onExt(this, kind, handler); }
  onProcessExit(fn: (pid: Pid, reason: unknown) => void): void { onProcessExit(this, fn); }
  broadcastExt(kind: string, data: unknown): void { broadcastExt(this, kind, data); }
  sendExt(dest: number, kind: string, data: unknown): void { sendExt(this, dest, kind, data); }

  deliverItems(items: unknown[], count: number): void { deliverItems(this, items, count); }
  deliver(sigs: Signal[]): void { deliver(this, sigs); }
  localSignal(sig: Signal): void { localSignal(this, sig); }
  /** Hand what was routed outside a slice (answers, noproc replies) to the transport. */
  flushNow(): void { this.opts.flush?.(); }

  /** Print a line tagged with `pid`. */
  output(pid: Pid | null, text: string, kind: OutputLine["kind"] = "out"): void {
    if (this.opts.output) this.opts.output({ pid, text, kind });
    else console.log(text);
  }

  // ─── The slice loop ───────────────────────────────────────────────────────────

  /** Make sure a slice will run soon. */
  wake(): void {
    if (this.scheduled || this.inSlice) return;
    this.scheduled = true;
    this.loop.macrotask(this.sliceTask);
  }

  /** Queue `p` to run (it was waiting and something it waits for arrived). */
  makeRunnable(p: Proc): void {
    p.status = "runnable";
    this.runQueue.push(p);
    if (!this.inSlice) this.wake();
  }

  private sliceTask = (): void => {
    this.scheduled = false;
    this.runSlice();
  };

  private runSlice(): void {
    if (this.inSlice) return;
    setActive(this);
    this.inSlice = true;
    const now = this.clock.now();
    this.now = now;
    this.sliceStart = now;
    this.sliceEnd = now + (this.choice === undefined ? this.sliceMs : this.choice.sliceMs());
    const seq = ++this.sliceSeq;
    this.timers.runDue(now);
    this.loop.macrotask(() => stuckCheck(this, seq));
    this.next();
  }

  /** Run the next runnable process, until the queue is empty or the slice is over. */
  next = (): void => {
    for (;;) {
      const p = this.choice === undefined ? this.runQueue.shift() : this.runQueue.take(this.choice.process(this.runQueue.length));
      if (p === undefined) return this.endSlice();
      if (p.status !== "runnable") continue;
      // Reading the clock costs more than a context switch in some browsers: every 8th step,
      // or after a process that ran out of budget (a long step).
      if (this.longStep || (++this.steps & 7) === 0) {
        this.longStep = false;
        this.now = this.clock.now();
        if (this.now >= this.sliceEnd) {
          this.runQueue.unshift(p);
          return this.endSlice();
        }
        // Timers due now wake their processes within the slice, not at the next one.
        this.timers.runDue(this.now);
      }
      this.current = p;
      this.unwinding = false;
      p.status = "running";
      p.runStart = this.now;
      if (this.choice !== undefined) this.budget = this.choice.budget();
      this.bl.r = this.budget;
      this.syncPhase = true;
      this.parkedSync = false;
      this.step(p);
      this.syncPhase = false;
      if (!this.parkedSync) return; // p goes on asynchronously; `park` calls next()
    }
  };

  /** Run `p` for one step: start it, feed its handler, or resume its receive. */
  private step(p: Proc): void {
    if (!p.started) return start(this, p);
    if (p.pred === HANDLER) return runHandler(this, p);
    if (p.pred !== null) return takeFromMailbox(this, p);
    const v = p.wakeValue;
    p.wakeValue = undefined;
    this.resumeWith(p, v);
  }

  /** Resume parked `p`'s code with `value` (or throw `error` into it). */
  resumeWith(p: Proc, value: unknown, error?: unknown): void {
    const resolve = p.resolve;
    p.resolve = null;
    if (resolve === null) return this.park(p); // nothing to resume (cannot happen for a live process)
    // Resolving with a rejected promise rejects: no reject function is kept per waiting process.
    resolve(error !== undefined ? Promise.reject(error) : value);
  }

  /** Park the running process `p` until the scheduler resumes it. */
  suspend(p: Proc): Promise<unknown> {
    if (p !== this.current) throw new Error("beamlab: a process can only wait for itself");
    const promise = new Promise(this.keepResolver);
    p.resolve = this.resolver;
    this.resolver = null;
    this.park(p);
    return promise;
  }

  /** One shared executor (no closure per wait): hands the new promise's resolver to `suspend`. */
  private resolver: ((v: unknown) => void) | null = null;
  private keepResolver = (resolve: (v: unknown) => void): void => {
    this.resolver = resolve;
  };

  /** The running process stopped running (parked or died): account and move on. */
  park(p: Proc): void {
    const used = this.budget - this.bl.r;
    p.reductions += used;
    this.totalReductions += used;
    this.current = null;
    if (this.syncPhase) this.parkedSync = true;
    // A promise reaction, not queueMicrotask: in Chromium queueMicrotask goes through the DOM
    // bindings and was 11% of a ping-pong profile; a reaction on a settled promise is V8's own.
    else RESOLVED.then(this.next);
  }

  private endSlice(): void {
    this.current = null;
    this.inSlice = false;
    setActive(null);
    const now = this.clock.now();
    this.busyMs += now - this.sliceStart;
    this.opts.flush?.();
    if (this.runQueue.length > 0) {
      this.wake();
      return;
    }
    const at = this.timers.nextDeadline();
    if (at !== undefined && (this.armed === null || this.armed.at !== at)) {
      if (this.armed !== null) this.loop.cancel(this.armed.handle);
      const handle = this.loop.timer(Math.max(0, at - now), () => {
        this.armed = null;
        this.wake();
      });
      this.armed = { at, handle };
    }
    this.opts.onIdle?.();
  }

  /** True while there is anything left to do here: live processes or pending timers. */
  get busy(): boolean {
    return this.procs.size > 0 || this.timers.size > 0 || this.runQueue.length > 0;
  }

  /** Current run-queue length. */
  get runQueueLength(): number {
    return this.runQueue.length;
  }
}
