/**
 * The scheduler: one per worker, running that worker's processes in slices.
 *
 *   macrotask ─► slice: fire due timers ─► resume runnable processes FIFO, one at a time ─► end slice:
 *                       flush outboxes, re-arm the wake-up timer, report idle
 *
 * A process runs until it parks: it waits in `receive`, its reduction budget runs out
 * (`__bl.y()` in instrumented async code: a real context switch), or it ends. Only the
 * scheduler resumes a parked process, one at a time, so `self()` always knows who is
 * running, and `send` never resolves a receiver's promise directly (that would starve the
 * event loop). Every `sliceMs` the slice ends and the scheduler goes back to the event loop,
 * so messages from other workers, timers and stats keep flowing.
 *
 *     const s = new Scheduler();
 *     s.spawn(async () => { IO.puts("hello from " + self()); });
 *
 * Exit signals follow Erlang: see `exitSignal`. Signals to local processes go through one
 * FIFO (`local`) drained without recursion, so a chain of 100k linked processes cannot blow
 * the stack and a message sent after an exit signal arrives after it. Signals to processes on
 * other schedulers go out through `opts.send` (the transport batches them per destination).
 *
 * Mirrors the BEAM's scheduler loop (erl_process.c): run queue, reductions, preemption.
 */
import type { BlHooks } from "../compile/hooks";
import { hostLoop, systemClock, type Clock, type Loop } from "./clock";
import { copyMessage } from "./copy";
import { schedulerCreated, setActive } from "./current";
import { formatCrashReport, inspect } from "./inspect";
import { NO_MATCH, type MailNode } from "./mailbox";
import { processBytes } from "./memory";
import { compilePattern, type Matcher } from "./match";
import { Proc } from "./process";
import type { HostQuery, OutputLine, Query, Signal } from "./protocol";
import { RunQueue } from "./run-queue";
import { Exit, Kill, TIMEOUT, isPid, makePid, makeRef, pidId, pidScheduler, type Pid, type Ref } from "./term";
import { TimerHeap, type TimerEntry } from "./timers";

/** How a scheduler is configured. Every field has a default. */
export interface SchedulerOptions {
  /** This scheduler's index (0..63) and how many there are. */
  index?: number;
  count?: number;
  clock?: Clock;
  loop?: Loop;
  /** Reductions per run before an async process is preempted (the BEAM's CONTEXT_REDS). */
  budget?: number;
  /** Longest slice before going back to the event loop, ms. */
  sliceMs?: number;
  /** Longest uninterrupted sync run before the process is killed, ms. */
  syncLimitMs?: number;
  /** Most processes alive on this scheduler. */
  maxProcesses?: number;
  /** Most messages queued in one mailbox before its process is killed. */
  maxMailbox?: number;
  /** Transport: deliver a signal to scheduler `dest` (never called with this index). */
  send?: (dest: number, sig: Signal) => void;
  /** Transport fast path for a message to process `pid` on scheduler `dest` (else `send` is used). */
  sendMsg?: (dest: number, pid: Pid, msg: unknown) => void;
  /** Called at the end of each slice so the transport can flush its outboxes. */
  flush?: () => void;
  /** Program output (IO.puts, crash reports). */
  output?: (line: OutputLine) => void;
  /** Called when a slice ends with nothing runnable. */
  onIdle?: () => void;
  /** Called whenever a local process exits. */
  onExit?: (pid: Pid, reason: unknown) => void;
  /** Rewrites a crash's stack for the learner (program.ts lines, no runtime frames). */
  mapStack?: (stack: string) => string;
  /** First process number (a restarted worker starts past the pids of its previous life). */
  firstId?: number;
  /**
   * Ask the host question `q` (System.measureMemory); the host answers later with
   * `hostAnswer(id, value)`. Without it, `askHost` is unavailable (`canAskHost` is false).
   */
  hostQuery?: (id: number, q: HostQuery) => void;
}

/** Options for `spawn`. */
export interface SpawnOptions {
  link?: boolean;
  monitor?: boolean;
  /** With `monitor`: use this ref (Task tags its reply with the monitor's ref, made before the spawn). */
  ref?: Ref;
  scheduler?: number;
}

/** Options for `demonitor`. */
export interface DemonitorOptions {
  /** Also remove a DOWN for the monitor that is already queued (Erlang's `[flush]`). */
  flush?: boolean;
  /** A receive marker taken before the monitor was made: the flush looks only after it. */
  from?: MailNode | null;
}

/** A process's public facts, as `Process.info` returns them. */
export interface ProcessInfo {
  status: "running" | "runnable" | "waiting";
  messageQueueLen: number;
  reductions: number;
  memory: number;
  links: Pid[];
  monitors: Pid[];
  registeredName: string | undefined;
  scheduler: number;
  trapExit: boolean;
  currentFunction: string;
  messages: unknown[];
}

const NO_OPTS: SpawnOptions = Object.freeze({});
/** A settled promise whose reactions run the scheduler's next step as a microtask. */
const RESOLVED = Promise.resolve();
const ANY: Matcher = () => true;
const NEVER: Matcher = () => false;
/** The wait state of a message-driven process: any message wakes it. */
const HANDLER: Matcher = () => true;

/** Exit reasons that are not crashes: no crash report, links are not killed by "normal". */
function isQuiet(reason: unknown): boolean {
  return (
    reason === "normal" ||
    reason === "shutdown" ||
    reason === "killed" ||
    (Array.isArray(reason) && reason[0] === "shutdown")
  );
}

/** The reason an uncaught throw ends a process with. */
export function reasonOf(e: unknown, mapStack: (s: string) => string = (s) => s): unknown {
  if (e instanceof Kill || e instanceof Exit) return e.reason;
  if (e instanceof Error) return ["error", e.message, mapStack(e.stack ?? "")];
  return ["error", inspect(e), ""];
}

/** One scheduler. See the file comment. */
export class Scheduler {
  readonly index: number;
  readonly count: number;
  readonly clock: Clock;
  readonly budget: number;
  readonly bl: BlHooks;
  /** Exported top-level functions of the loaded program, both ways. */
  private exportedName = new Map<unknown, string>();
  private exportedFn = new Map<string, (...a: unknown[]) => unknown>();

  private readonly loop: Loop;
  private readonly sliceMs: number;
  private readonly syncLimitMs: number;
  private readonly maxProcesses: number;
  private readonly maxMailbox: number;
  private readonly opts: SchedulerOptions;

  readonly procs = new Map<Pid, Proc>();
  readonly names = new Map<string, Pid>();
  readonly timers = new TimerHeap();
  private readonly runQueue = new RunQueue<Proc>();
  current: Proc | null = null;
  /** Set when the running process died mid-run: its code must unwind at the next hook. */
  private unwinding = false;

  private nextId = 1;
  private nextRef = 1;
  private nextQuery = 1;
  private queries = new Map<number, Proc>();
  /** Highest process id seen spawned by each scheduler (to hold messages that outrun a spawn). */
  private spawnedFrom: number[];
  private early = new Map<Pid, Signal[]>();
  /** Last known run-queue length of every scheduler (for placement). */
  readonly loads: number[];

  // The run loop's state.
  private scheduled = false;
  private inSlice = false;
  private syncPhase = false;
  private parkedSync = false;
  private sliceEnd = 0;
  private sliceStart = 0;
  private sliceSeq = 0;
  private steps = 0;
  /** The last step ran a whole budget (a CPU-bound process): read the clock before the next. */
  private longStep = false;
  /** The clock at the last check (slice start, every few steps); a process's run start. */
  private now = 0;
  private armed: { at: number; handle: unknown } | null = null;

  // Local signals: one FIFO, drained without recursion.
  private local: Signal[] = [];
  private draining = false;

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
    this.budget = opts.budget ?? 4000;
    this.sliceMs = opts.sliceMs ?? 2;
    this.syncLimitMs = opts.syncLimitMs ?? 2000;
    this.maxProcesses = opts.maxProcesses ?? 1_048_576;
    this.maxMailbox = opts.maxMailbox ?? 1_000_000;
    this.nextId = opts.firstId ?? 1;
    this.spawnedFrom = new Array(this.count).fill(0);
    this.loads = new Array(this.count).fill(0);
    this.bl = {
      r: this.budget,
      y: () => this.yieldCurrent(),
      s: () => this.syncCheck(),
      k: (e) => {
        if (e instanceof Kill) throw e;
      },
    };
    schedulerCreated(this);
  }

  private reasonOf(e: unknown): unknown {
    return reasonOf(e, this.opts.mapStack);
  }

  /**
   * The process's own code threw `e`: end it with the reason, and print a crash report when
   * it was an exception (not an `exit(...)` or a kill), as the BEAM's logger does.
   */
  private crash(p: Proc, e: unknown): void {
    this.exitProcess(p, this.reasonOf(e), !(e instanceof Kill || e instanceof Exit));
  }

  // ─── Program ────────────────────────────────────────────────────────────────

  /** Record the loaded program's exports, so exported functions can be spawned anywhere. */
  setProgram(exports: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function") this.export(name, value as (...a: unknown[]) => unknown);
    }
  }

  /**
   * Make `fn` startable on any scheduler under `name` (every scheduler must export the same
   * name). The program's exports land here; so do runtime functions like Task's runner
   * (names starting with "$").
   */
  export(name: string, fn: (...a: unknown[]) => unknown): void {
    this.exportedName.set(fn, name);
    this.exportedFn.set(name, fn);
  }

  /** The exported function called `name` here, or undefined. */
  exported(name: string): ((...a: unknown[]) => unknown) | undefined {
    return this.exportedFn.get(name);
  }

  /** The name `fn` is exported under, or undefined for a closure. */
  exportName(fn: unknown): string | undefined {
    return this.exportedName.get(fn);
  }

  // ─── Processes ──────────────────────────────────────────────────────────────

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

  /** Start `fn(...args)` as a new process; returns its pid (and a monitor ref when asked). */
  spawn(fn: (...args: unknown[]) => unknown, args: unknown[] = [], o: SpawnOptions = NO_OPTS): { pid: Pid; ref?: Ref } {
    if (typeof fn !== "function") throw new TypeError(`spawn: expected a function, got ${inspect(fn)}`);
    const parent = o.link || o.monitor ? this.self() : null;
    const dest = this.placement(fn, o.scheduler);
    const ref = o.monitor ? (o.ref ?? this.makeRef()) : undefined;
    if (dest === this.index) {
      const p = this.spawnLocal(this.allocPid(this.index), fn, args);
      if (parent && o.link) {
        p.link(parent.pid);
        parent.link(p.pid);
      }
      if (parent && ref) {
        (p.monitoredBy ??= new Map()).set(ref, parent.pid);
        (parent.monitors ??= new Map()).set(ref, p.pid);
      }
      return { pid: p.pid, ref };
    }
    const pid = this.allocPid(dest);
    const sig: Signal = { t: "spawn", pid, fn: this.exportedName.get(fn)!, args: copyMessage(args) as unknown[] };
    if (parent && o.link) {
      parent.link(pid);
      sig.link = parent.pid;
    }
    if (parent && ref) {
      (parent.monitors ??= new Map()).set(ref, pid);
      sig.monitor = { by: parent.pid, ref };
    }
    this.route(sig);
    return { pid, ref };
  }

  /** Where a new process goes: closures stay here; exported functions may go elsewhere. */
  private placement(fn: unknown, want: number | undefined): number {
    if (want !== undefined) {
      if (!Number.isInteger(want) || want < 0 || want >= this.count) {
        throw new RangeError(`spawnOpt: scheduler must be 0..${this.count - 1}, got ${want}`);
      }
      if (want !== this.index && !this.exportedName.has(fn)) {
        throw new Error(
          `spawnOpt: this function is a closure, so it can only run on the scheduler that created it (${this.index}). ` +
            `Export it from the program's top level to start it on scheduler ${want}.`,
        );
      }
      return want;
    }
    if (this.count === 1 || !this.exportedName.has(fn) || this.runQueue.length < 2) return this.index;
    // Busy here: the less loaded of two schedulers picked at random (power of two choices).
    const a = Math.floor(Math.random() * this.count);
    const b = Math.floor(Math.random() * this.count);
    const pick = this.loads[a] <= this.loads[b] ? a : b;
    return this.loads[pick] < this.runQueue.length ? pick : this.index;
  }

  private allocPid(dest: number): Pid {
    // Ids are strided by spawner, so schedulers can allocate pids for each other without asking.
    return makePid(dest, this.nextId++ * this.count + this.index);
  }

  /** A new unique ref made on this scheduler. */
  makeRef(): Ref {
    return makeRef(this.index, this.nextRef++);
  }

  private spawnLocal(pid: Pid, fn: (...args: unknown[]) => unknown, args: unknown[]): Proc {
    if (this.procs.size >= this.maxProcesses) {
      throw new Exit([
        "system_limit",
        `too many processes: the limit is ${this.maxProcesses} per scheduler (raise maxProcesses to allow more)`,
      ]);
    }
    const p = new Proc(pid, fn, args);
    this.procs.set(pid, p);
    this.runQueue.push(p);
    if (!this.inSlice) this.wake();
    return p;
  }

  /** Start a process's function; its settling ends the process. */
  private start(p: Proc): void {
    const fn = p.fn!;
    const args = p.args!;
    p.fn = p.args = null;
    p.started = true;
    let r: unknown;
    try {
      r = fn(...args);
    } catch (e) {
      this.crash(p, e);
      return;
    }
    if (r !== null && typeof r === "object" && typeof (r as Promise<unknown>).then === "function") {
      (r as Promise<unknown>).then(
        () => this.settled(p),
        (e) => this.crash(p, e),
      );
    } else {
      this.settled(p);
    }
  }

  /** The process's function (or its message handler) returned: handle messages, or end. */
  private settled(p: Proc): void {
    if (p.status === "dead") return;
    if (p.handler === null) return this.exitProcess(p, "normal");
    this.runHandler(p);
  }

  /**
   * Make the running process message-driven: once its function returns, `handler` is called
   * with each message, oldest first, and no frame is kept between messages. The handler may
   * be async (it may even wait in `receive`); the next message waits until it settles.
   * Behaviours (GenServer, GenStage, Supervisor) are built on this.
   */
  setHandler(handler: ((msg: unknown) => unknown) | null, label?: string): void {
    const p = this.self();
    p.handler = handler;
    if (label !== undefined) p.initialCall = label;
  }

  /** Feed queued messages to a message-driven process until its queue or budget runs out. */
  private runHandler(p: Proc): void {
    for (;;) {
      const m = p.mailbox.take(ANY, p.mailbox.head);
      if (m === NO_MATCH) {
        p.pred = HANDLER;
        p.save = p.mailbox.head;
        p.status = "waiting";
        return this.park(p);
      }
      p.pred = null;
      this.bl.r--;
      let r: unknown;
      try {
        r = p.handler!(m);
      } catch (e) {
        return this.crash(p, e);
      }
      if (p.status === "dead") return;
      if (r !== null && typeof r === "object" && typeof (r as Promise<unknown>).then === "function") {
        (r as Promise<unknown>).then(
          () => this.settled(p),
          (e) => this.crash(p, e),
        );
        return;
      }
      if (p.handler === null) return this.exitProcess(p, "normal");
      if (this.bl.r <= 0) {
        p.pred = HANDLER;
        p.save = p.mailbox.head;
        p.status = "runnable";
        this.runQueue.push(p);
        return this.park(p);
      }
    }
  }

  // ─── Messages ───────────────────────────────────────────────────────────────

  /** `send(dest, msg)`: to a pid or a registered name. Returns `msg`. */
  send(dest: unknown, msg: unknown): unknown {
    const pid = this.resolveDest(dest, "send");
    const to = pidScheduler(pid);
    if (to === this.index) this.localMsg(pid, copyMessage(msg));
    else if (this.opts.sendMsg) this.opts.sendMsg(to, pid, copyMessage(msg));
    else this.opts.send!(to, { t: "msg", to: pid, msg: copyMessage(msg) });
    return msg;
  }

  /** A message for local process `pid`: into its mailbox now, or in turn behind signals being handled. */
  private localMsg(pid: Pid, msg: unknown): void {
    if (this.draining) {
      this.local.push({ t: "msg", to: pid, msg });
      return;
    }
    const p = this.procs.get(pid);
    if (p !== undefined) this.deliverLocal(p, msg);
    else this.holdIfEarly({ t: "msg", to: pid, msg });
  }

  /** A pid for a pid or a registered name; throws badarg for an unknown name. */
  resolveDest(dest: unknown, what: string): Pid {
    if (isPid(dest)) return dest;
    if (typeof dest === "string") {
      const pid = this.names.get(dest);
      if (pid !== undefined) return pid;
      throw new Error(`${what}: no process is registered as ${inspect(dest)} (badarg)`);
    }
    throw new TypeError(`${what}: expected a pid or a registered name, got ${inspect(dest)} (badarg)`);
  }

  private deliverLocal(p: Proc, msg: unknown): void {
    if (p.status === "dead") return;
    if (p.deadRefs !== null && Array.isArray(msg) && p.deadRefs.delete(msg[0])) return;
    p.mailbox.push(msg);
    if (p.mailbox.length > this.maxMailbox) {
      this.output(
        p.pid,
        `** process ${p.pid} killed: its mailbox passed the limit of ${this.maxMailbox} messages ` +
          `(a flood: messages arrive faster than it receives them; raise maxMailbox to allow more)`,
        "crash",
      );
      const self = p === this.current;
      this.exitProcess(p, ["mailbox_limit", this.maxMailbox]);
      if (self) throw new Kill(["mailbox_limit", this.maxMailbox]);
      return;
    }
    if (p.status === "waiting" && p.pred !== null) this.makeRunnable(p);
  }

  private makeRunnable(p: Proc): void {
    p.status = "runnable";
    this.runQueue.push(p);
    if (!this.inSlice) this.wake();
  }

  /**
   * `receive(pattern, { after })`: the oldest matching message, or TIMEOUT. The pattern is
   * tested in the receiving process, only against messages it has not tested yet.
   */
  receive(pattern?: unknown, after?: number): Promise<unknown> {
    return this.receiveFrom(null, pattern === undefined ? ANY : compilePattern(pattern), after);
  }

  /**
   * The running process gave up waiting for a reply tagged `ref`: drop it if it comes later
   * (what an Erlang alias gives `gen:call`), and now if it is already queued.
   */
  dropReplies(ref: Ref): void {
    const p = this.self();
    const queued = p.mailbox.take((m) => Array.isArray(m) && m[0] === ref, p.mailbox.head);
    if (queued === NO_MATCH) (p.deadRefs ??= new Set()).add(ref);
  }

  /** A receive marker for the running process: messages that arrive later come after it. */
  mark(): MailNode {
    return this.self().mailbox.mark();
  }

  /**
   * A receive that only looks at messages after `mark` (null: all). A reply that carries a
   * ref made after the mark cannot be earlier, so `GenServer.call` and `Task.await` find it
   * in O(1) behind any backlog (the BEAM's receive-marker optimization).
   */
  receiveFrom(mark: MailNode | null, pred: Matcher, after?: number): Promise<unknown> {
    const p = this.self();
    const m = p.mailbox.take(pred, mark === null ? p.mailbox.head : p.mailbox.validFrom(mark));
    if (m !== NO_MATCH) return Promise.resolve(m);
    if (after !== undefined) {
      if (!(after >= 0)) throw new RangeError(`receive: after must be a number of ms ≥ 0, got ${inspect(after)}`);
      if (after === 0) return Promise.resolve(TIMEOUT);
    }
    return this.wait(p, pred, after);
  }

  /** `Process.sleep(ms)`: a receive that matches nothing. */
  sleep(ms: number): Promise<unknown> {
    if (!(ms >= 0)) throw new RangeError(`Process.sleep: expected ms ≥ 0, got ${inspect(ms)}`);
    return this.wait(this.self(), NEVER, ms);
  }

  /** A receive's `after` ran out (a timer callback shared by every process: no closure per receive). */
  private receiveTimeout = (arg: unknown): void => {
    const p = arg as Proc;
    p.timer = null;
    p.timedOut = true;
    if (p.status === "waiting") this.makeRunnable(p);
  };

  private wait(p: Proc, pred: Matcher, after: number | undefined): Promise<unknown> {
    p.pred = pred;
    p.save = p.mailbox.tail;
    p.timedOut = false;
    if (after !== undefined && after !== Infinity) {
      p.timer = this.timers.add(this.clock.now() + after, this.receiveTimeout, p);
    }
    p.status = "waiting";
    return this.suspend(p);
  }

  /** `Process.sendAfter(dest, msg, ms)`: a timer on this scheduler; cancel with `cancelTimer`. */
  sendAfter(dest: unknown, msg: unknown, ms: number): Ref {
    const copy = copyMessage(msg);
    const ref = this.makeRef();
    const timer = this.timers.add(this.clock.now() + ms, () => {
      this.timerRefs.delete(ref);
      try {
        this.send(dest, copy);
      } catch {
        // Like Erlang: a timer message to a name that no longer exists is dropped.
      }
    });
    this.timerRefs.set(ref, timer);
    return ref;
  }
  private timerRefs = new Map<Ref, TimerEntry>();

  /** Cancel a `sendAfter` timer: ms left, or false when it already fired. */
  cancelTimer(ref: Ref): number | false {
    const timer = this.timerRefs.get(ref);
    if (timer === undefined) return false;
    this.timerRefs.delete(ref);
    const at = this.timers.cancel(timer);
    return at === undefined ? false : Math.max(0, Math.round(at - this.clock.now()));
  }

  // ─── Links, monitors, exits ─────────────────────────────────────────────────

  /** `link(pid)`. Linking to a dead process delivers `noproc`. */
  link(pid: Pid): void {
    const p = this.self();
    if (!isPid(pid)) throw new TypeError(`link: expected a pid, got ${inspect(pid)}`);
    if (pid === p.pid || p.links?.has(pid)) return;
    p.link(pid);
    this.route({ t: "link", from: p.pid, to: pid });
  }

  /** `unlink(pid)`. */
  unlink(pid: Pid): void {
    const p = this.self();
    if (p.links?.delete(pid)) this.route({ t: "unlink", from: p.pid, to: pid });
  }

  /** `monitor(pid)`: a ref; DOWN arrives when `pid` dies (at once with noproc if it is dead). */
  monitor(pid: Pid): Ref {
    const p = this.self();
    const to = isPid(pid) ? pid : this.resolveDest(pid, "monitor");
    const ref = this.makeRef();
    (p.monitors ??= new Map()).set(ref, to);
    this.route({ t: "monitor", by: p.pid, to, ref });
    return ref;
  }

  /**
   * `demonitor(ref)`; with `flush`, also drop a DOWN for `ref` already in the mailbox
   * (Erlang's `demonitor(Ref, [flush])`). `from` is a receive marker taken before the monitor
   * was made: a DOWN cannot be earlier, so the flush looks only after it (O(1) behind a backlog).
   */
  demonitor(ref: Ref, opts?: DemonitorOptions): boolean {
    const p = this.self();
    const to = p.monitors?.get(ref);
    if (to !== undefined) {
      p.monitors!.delete(ref);
      this.route({ t: "demonitor", by: p.pid, to, ref });
    }
    if (opts?.flush) this.poll((m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref, opts.from ?? null);
    return to !== undefined;
  }

  /**
   * Take the oldest message matching `pred` (after `mark`, null: all) now, without waiting:
   * a `receive ... after 0` that stays synchronous. NO_MATCH when there is none.
   */
  poll(pred: Matcher, mark: MailNode | null = null): unknown {
    const p = this.self();
    return p.mailbox.take(pred, mark === null ? p.mailbox.head : p.mailbox.validFrom(mark));
  }

  /** `Process.exit(pid, reason)`: an exit signal (not from a link). */
  exitPid(pid: Pid, reason: unknown): true {
    const me = this.current;
    const to = this.resolveDest(pid, "Process.exit");
    this.route({ t: "exit", from: me?.pid ?? to, to, reason, link: false });
    // The caller killed itself: unwind its code now.
    if (me !== null && me.status === "dead") throw new Kill(reason === "kill" ? "killed" : reason);
    return true;
  }

  /** `Process.flag("trap_exit", on)`: returns the old value. */
  trapExit(on: boolean): boolean {
    const p = this.self();
    const old = p.trapExit;
    p.trapExit = on;
    return old;
  }

  /** How an exit signal lands on local process `t` (Erlang's truth table). */
  private exitSignal(t: Proc, from: Pid, reason: unknown, link: boolean): void {
    if (link) {
      if (!t.links?.delete(from)) return; // unlinked meanwhile
    }
    if (!link && reason === "kill") return this.exitProcess(t, "killed");
    if (t.trapExit) return this.deliverLocal(t, ["EXIT", from, reason]);
    if (reason === "normal" && !(from === t.pid && !link)) return;
    this.exitProcess(t, reason);
  }

  /**
   * End process `p` with `reason`: notify links and monitors, free everything. `report`
   * prints a crash report (the process raised; not when an exit signal from a link killed it).
   */
  exitProcess(p: Proc, reason: unknown, report = false): void {
    if (p.status === "dead") return;
    const wasCurrent = p === this.current;
    p.status = "dead";
    this.procs.delete(p.pid);
    if (p.timer) this.timers.cancel(p.timer);
    p.timer = null;
    p.pred = null;
    p.resolve = null;
    p.mailbox.clear();
    if (p.name !== undefined) {
      this.names.delete(p.name);
      this.broadcast({ t: "unregister", name: p.name, pid: p.pid });
    }
    if (report) {
      this.output(p.pid, formatCrashReport(p.pid, reason, { name: p.name, initialCall: p.initialCall }), "crash");
    }
    for (const hook of this.exitHooks) hook(p.pid, reason);
    if (p.links) for (const l of p.links) this.route({ t: "exit", from: p.pid, to: l, reason, link: true });
    if (p.monitoredBy) {
      for (const [ref, by] of p.monitoredBy) this.route({ t: "down", to: by, ref, pid: p.pid, reason });
    }
    if (p.monitors) for (const [ref, to] of p.monitors) this.route({ t: "demonitor", by: p.pid, to, ref });
    this.opts.onExit?.(p.pid, reason);
    if (wasCurrent) {
      this.unwinding = true;
      this.park(p);
    }
  }

  /** Kill every local process that links to or monitors one of `dead` (a worker was lost). */
  lostScheduler(sched: number, reason: unknown = "killed"): void {
    for (const p of [...this.procs.values()]) {
      if (p.links) {
        for (const l of [...p.links]) {
          if (pidScheduler(l) === sched) this.localSignal({ t: "exit", from: l, to: p.pid, reason, link: true });
        }
      }
      if (p.monitors) {
        for (const [ref, to] of p.monitors) {
          if (pidScheduler(to) === sched) this.localSignal({ t: "down", to: p.pid, ref, pid: to, reason });
        }
      }
    }
    for (const [name, pid] of this.names) if (pidScheduler(pid) === sched) this.names.delete(name);
  }

  // ─── Names ──────────────────────────────────────────────────────────────────

  /** `Process.register(pid, name)`. */
  register(pid: Pid, name: string): true {
    if (typeof name !== "string" || name === "" || isPid(name)) {
      throw new TypeError(`Process.register: a name must be a non-empty string, got ${inspect(name)} (badarg)`);
    }
    if (this.names.has(name)) throw new Error(`Process.register: ${inspect(name)} is already registered (badarg)`);
    if (pidScheduler(pid) === this.index) {
      const p = this.procs.get(pid);
      if (p === undefined) throw new Error(`Process.register: ${pid} is not alive (badarg)`);
      if (p.name !== undefined) throw new Error(`Process.register: ${pid} is already registered as ${inspect(p.name)} (badarg)`);
      p.name = name;
    }
    this.names.set(name, pid);
    this.broadcast({ t: "register", name, pid });
    return true;
  }

  /** `Process.unregister(name)`. */
  unregister(name: string): true {
    const pid = this.names.get(name);
    if (pid === undefined) throw new Error(`Process.unregister: ${inspect(name)} is not registered (badarg)`);
    this.names.delete(name);
    const p = this.procs.get(pid);
    if (p) p.name = undefined;
    this.broadcast({ t: "unregister", name, pid });
    return true;
  }

  // ─── Questions about processes (maybe on another scheduler) ─────────────────

  /** Facts about a local process, or undefined when it is dead. */
  localInfo(pid: Pid): ProcessInfo | undefined {
    const p = this.procs.get(pid);
    if (p === undefined) return undefined;
    return {
      status: p.status === "dead" ? "waiting" : p.status,
      messageQueueLen: p.mailbox.length,
      reductions: p.reductions,
      memory: processBytes(p.mailbox.length),
      links: p.links ? [...p.links] : [],
      monitors: p.monitors ? [...p.monitors.values()] : [],
      registeredName: p.name,
      scheduler: this.index,
      trapExit: p.trapExit,
      currentFunction: p.initialCall,
      messages: p.mailbox.peek(10),
    };
  }

  private answer(q: Query): unknown {
    switch (q.kind) {
      case "info":
        return this.localInfo(q.pid);
      case "alive":
        return this.procs.has(q.pid);
      case "list":
        return [...this.procs.keys()];
    }
  }

  /** Ask scheduler `dest`; the calling process waits for the answer like a receive. */
  ask(dest: number, q: Query): Promise<unknown> {
    const p = this.self();
    const id = this.nextQuery++;
    this.queries.set(id, p);
    this.route({ t: "query", id, from: this.index, q }, dest);
    p.pred = null;
    p.status = "waiting";
    return this.suspend(p);
  }

  /** Can `askHost` be used here (a host hook was given)? */
  get canAskHost(): boolean {
    return this.opts.hostQuery !== undefined;
  }

  /**
   * Ask the host `q`; the calling process waits for `hostAnswer` like a receive (parked,
   * woken through the run queue). The hook is called after the process parked, so it may
   * answer at once.
   */
  askHost(q: HostQuery): Promise<unknown> {
    const hook = this.opts.hostQuery;
    if (hook === undefined) throw new Error("beamlab: this scheduler has no host to ask");
    const p = this.self();
    const id = this.nextQuery++;
    this.queries.set(id, p);
    p.pred = null;
    p.status = "waiting";
    const parked = this.suspend(p);
    hook(id, q);
    return parked;
  }

  /** The host's answer to `askHost` question `id`: the asker (if still waiting) runs again with `value`. */
  hostAnswer(id: number, value: unknown): void {
    this.localSignal({ t: "answer", id, value });
  }

  /** `Process.info(pid)`: here now, or a Promise when `pid` lives elsewhere. */
  info(pid: Pid): ProcessInfo | undefined | Promise<unknown> {
    const at = pidScheduler(pid);
    return at === this.index ? this.localInfo(pid) : this.ask(at, { kind: "info", pid });
  }

  /** `Process.alive(pid)`. */
  alive(pid: Pid): boolean | Promise<unknown> {
    const at = pidScheduler(pid);
    return at === this.index ? this.procs.has(pid) : this.ask(at, { kind: "alive", pid });
  }

  /** `Process.list()`: every pid on every scheduler. */
  list(): Pid[] | Promise<Pid[]> {
    const here = [...this.procs.keys()];
    if (this.count === 1) return here;
    return (async () => {
      const all = [...here];
      for (let s = 0; s < this.count; s++) {
        if (s !== this.index) all.push(...((await this.ask(s, { kind: "list" })) as Pid[]));
      }
      return all;
    })();
  }

  // ─── Extensions (ETS replicas, ...) ──────────────────────────────────────────

  private extensions = new Map<string, (data: unknown, from: number) => void>();

  /** Handle `ext` signals of `kind` arriving from other schedulers. */
  onExt(kind: string, handler: (data: unknown, from: number) => void): void {
    this.extensions.set(kind, handler);
  }

  private exitHooks: Array<(pid: Pid, reason: unknown) => void> = [];

  /**
   * Call `fn(pid, reason)` whenever a local process exits, before its links and monitors are
   * told (so whoever hears of the death already sees its effects, e.g. its ETS tables gone).
   * For runtime extensions (ETS deletes a table when its owner dies); `fn` must not throw.
   */
  onProcessExit(fn: (pid: Pid, reason: unknown) => void): void {
    this.exitHooks.push(fn);
  }

  /** Send an `ext` signal of `kind` to every other scheduler (in order with other signals). */
  broadcastExt(kind: string, data: unknown): void {
    this.broadcast({ t: "ext", kind, from: this.index, data });
  }

  /** Send an `ext` signal of `kind` to scheduler `dest` (handled at once when it is this one). */
  sendExt(dest: number, kind: string, data: unknown): void {
    this.route({ t: "ext", kind, from: this.index, data }, dest);
  }

  // ─── Signals ────────────────────────────────────────────────────────────────

  /** Send a signal to whichever scheduler it concerns. */
  private route(sig: Signal, dest = this.destOf(sig)): void {
    if (dest === this.index) this.localSignal(sig);
    else this.opts.send!(dest, sig);
  }

  private destOf(sig: Signal): number {
    switch (sig.t) {
      case "msg":
      case "link":
      case "unlink":
      case "exit":
      case "monitor":
      case "demonitor":
      case "down":
        return pidScheduler(sig.to);
      case "spawn":
        return pidScheduler(sig.pid);
      default:
        return this.index;
    }
  }

  private broadcast(sig: Signal): void {
    for (let s = 0; s < this.count; s++) {
      if (s !== this.index) this.opts.send!(s, sig);
    }
  }

  /** A packed batch from another scheduler (see `Batch`): `to, msg` pairs and Signal objects. */
  deliverItems(items: unknown[], count: number): void {
    this.received += count;
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      if (typeof x === "string") this.localMsg(x as Pid, items[++i]);
      else this.localSignal(x as Signal);
    }
  }

  /** A batch of signals from another scheduler (tests' in-memory mesh). */
  deliver(sigs: Signal[]): void {
    this.received += sigs.length;
    for (const sig of sigs) this.localSignal(sig);
  }

  /** Hand what was routed outside a slice (answers, noproc replies) to the transport. */
  flushNow(): void {
    this.opts.flush?.();
  }

  /** Handle a signal for this scheduler, in order, without recursion. */
  localSignal(sig: Signal): void {
    this.local.push(sig);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < this.local.length; i++) this.handle(this.local[i]);
    } finally {
      this.local.length = 0;
      this.draining = false;
    }
  }

  private handle(sig: Signal): void {
    switch (sig.t) {
      case "msg": {
        const p = this.procs.get(sig.to);
        if (p !== undefined) this.deliverLocal(p, sig.msg);
        else this.holdIfEarly(sig);
        return;
      }
      case "spawn": {
        const fn = this.exportedFn.get(sig.fn);
        const spawner = pidId(sig.pid) % this.count;
        this.spawnedFrom[spawner] = Math.max(this.spawnedFrom[spawner], pidId(sig.pid));
        if (fn === undefined) {
          this.route({ t: "exit", from: sig.pid, to: sig.link ?? sig.pid, reason: "undef", link: true });
          return;
        }
        let p: Proc;
        try {
          p = this.spawnLocal(sig.pid, fn, sig.args);
        } catch (e) {
          if (sig.link) this.route({ t: "exit", from: sig.pid, to: sig.link, reason: this.reasonOf(e), link: true });
          if (sig.monitor) this.route({ t: "down", to: sig.monitor.by, ref: sig.monitor.ref, pid: sig.pid, reason: this.reasonOf(e) });
          return;
        }
        if (sig.link) p.link(sig.link);
        if (sig.monitor) (p.monitoredBy ??= new Map()).set(sig.monitor.ref, sig.monitor.by);
        const held = this.early.get(sig.pid);
        if (held) {
          this.early.delete(sig.pid);
          for (const s of held) this.handle(s);
        }
        return;
      }
      case "link": {
        const t = this.procs.get(sig.to);
        if (t === undefined) {
          if (!this.holdIfEarly(sig)) this.route({ t: "exit", from: sig.to, to: sig.from, reason: "noproc", link: true });
        } else t.link(sig.from);
        return;
      }
      case "unlink":
        this.procs.get(sig.to)?.links?.delete(sig.from);
        return;
      case "exit": {
        const t = this.procs.get(sig.to);
        if (t !== undefined) this.exitSignal(t, sig.from, sig.reason, sig.link);
        else this.holdIfEarly(sig);
        return;
      }
      case "monitor": {
        const t = this.procs.get(sig.to);
        if (t === undefined) {
          if (!this.holdIfEarly(sig)) this.route({ t: "down", to: sig.by, ref: sig.ref, pid: sig.to, reason: "noproc" });
        } else (t.monitoredBy ??= new Map()).set(sig.ref, sig.by);
        return;
      }
      case "demonitor":
        this.procs.get(sig.to)?.monitoredBy?.delete(sig.ref);
        return;
      case "down": {
        const w = this.procs.get(sig.to);
        if (w !== undefined && w.monitors?.delete(sig.ref)) {
          this.deliverLocal(w, ["DOWN", sig.ref, "process", sig.pid, sig.reason]);
        }
        return;
      }
      case "register": {
        this.names.set(sig.name, sig.pid);
        const p = this.procs.get(sig.pid);
        if (p) p.name = sig.name;
        return;
      }
      case "unregister":
        if (this.names.get(sig.name) === sig.pid) this.names.delete(sig.name);
        return;
      case "query":
        this.route({ t: "answer", id: sig.id, value: this.answer(sig.q) }, sig.from);
        return;
      case "ext":
        this.extensions.get(sig.kind)?.(sig.data, sig.from);
        return;
      case "answer": {
        const p = this.queries.get(sig.id);
        this.queries.delete(sig.id);
        if (p !== undefined && p.status === "waiting") {
          p.wakeValue = sig.value;
          this.makeRunnable(p);
        }
        return;
      }
    }
  }

  /**
   * A signal for a local pid that is not in the table: if the pid's spawn has not arrived
   * yet (it was allocated by another scheduler and the spawn is still in flight), hold the
   * signal until it does. Returns true when held.
   */
  private holdIfEarly(sig: Signal & { to: Pid }): boolean {
    const id = pidId(sig.to);
    const spawner = id % this.count;
    if (spawner === this.index || id <= this.spawnedFrom[spawner]) return false;
    const held = this.early.get(sig.to);
    if (held) held.push(sig);
    else this.early.set(sig.to, [sig]);
    return true;
  }

  // ─── The run loop ───────────────────────────────────────────────────────────

  /** Make sure a slice will run soon. */
  wake(): void {
    if (this.scheduled || this.inSlice) return;
    this.scheduled = true;
    this.loop.macrotask(this.sliceTask);
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
    this.sliceEnd = now + this.sliceMs;
    const seq = ++this.sliceSeq;
    this.timers.runDue(now);
    this.loop.macrotask(() => this.stuckCheck(seq));
    this.next();
  }

  /**
   * Runs after the slice's microtasks drain. If the slice is still open, the current process
   * is waiting on a promise that does not come from Beamlab (setTimeout, fetch...), which the
   * scheduler cannot see: end it with a clear reason and go on.
   */
  private stuckCheck(seq: number): void {
    if (!this.inSlice || seq !== this.sliceSeq) return;
    const p = this.current;
    if (p !== null) {
      this.exitProcess(
        p,
        [
          "error",
          "this process awaited a promise that does not come from beamlab (setTimeout, fetch, a bare Promise?). " +
            "Processes may only wait in receive, Process.sleep or other beamlab calls.",
          "",
        ],
        true,
      );
    } else {
      this.next();
    }
  }

  private next = (): void => {
    for (;;) {
      const p = this.runQueue.shift();
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
      this.bl.r = this.budget;
      this.syncPhase = true;
      this.parkedSync = false;
      this.step(p);
      this.syncPhase = false;
      if (!this.parkedSync) return; // p goes on asynchronously; `park` calls next()
    }
  };

  private step(p: Proc): void {
    if (!p.started) return this.start(p);
    if (p.pred === HANDLER) return this.runHandler(p);
    if (p.pred !== null) {
      let m: unknown;
      try {
        m = p.mailbox.take(p.pred, p.mailbox.validFrom(p.save!));
      } catch (e) {
        return this.resumeWith(p, undefined, e);
      }
      if (m === NO_MATCH && !p.timedOut) {
        p.save = p.mailbox.tail;
        p.status = "waiting";
        return this.park(p);
      }
      p.pred = null;
      p.save = null;
      if (p.timer) {
        this.timers.cancel(p.timer);
        p.timer = null;
      }
      return this.resumeWith(p, m === NO_MATCH ? TIMEOUT : m);
    }
    const v = p.wakeValue;
    p.wakeValue = undefined;
    this.resumeWith(p, v);
  }

  private resumeWith(p: Proc, value: unknown, error?: unknown): void {
    const resolve = p.resolve;
    p.resolve = null;
    if (resolve === null) return this.park(p); // nothing to resume (cannot happen for a live process)
    // Resolving with a rejected promise rejects: no reject function is kept per waiting process.
    resolve(error !== undefined ? Promise.reject(error) : value);
  }

  /** Park the running process `p` until the scheduler resumes it. */
  private suspend(p: Proc): Promise<unknown> {
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
  private park(p: Proc): void {
    const used = this.budget - this.bl.r;
    p.reductions += used;
    this.totalReductions += used;
    this.current = null;
    if (this.syncPhase) this.parkedSync = true;
    // A promise reaction, not queueMicrotask: in Chromium queueMicrotask goes through the DOM
    // bindings and was 11% of a ping-pong profile; a reaction on a settled promise is V8's own.
    else RESOLVED.then(this.next);
  }

  /** `__bl.y()`: budget spent in async code; back of the run queue. */
  private yieldCurrent(): Promise<void> {
    const p = this.current;
    if (p === null || this.unwinding) throw new Kill("killed");
    this.longStep = true;
    p.status = "runnable";
    this.runQueue.push(p);
    return this.suspend(p) as Promise<void>;
  }

  /** `__bl.s()`: budget spent in sync code; kill a runaway. */
  private syncCheck(): void {
    if (this.unwinding) {
      this.bl.r = 0; // every later check throws again, so a `finally` cannot swallow the kill
      throw new Kill("killed");
    }
    const p = this.current;
    const used = this.budget - this.bl.r;
    this.bl.r = this.budget;
    if (p === null) return;
    p.reductions += used;
    this.totalReductions += used;
    const ran = this.clock.now() - p.runStart;
    if (ran > this.syncLimitMs) {
      const reason = [
        "error",
        `killed: ran ${Math.round(ran)} ms of synchronous code without yielding. ` +
          "Sync code cannot be preempted: make the looping function async (its loops then yield), " +
          "or split the work into messages.",
        (this.opts.mapStack ?? String)(new Error().stack ?? ""),
      ];
      this.exitProcess(p, reason, true);
      this.bl.r = 0;
      throw new Kill(reason);
    }
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

  // ─── Output ─────────────────────────────────────────────────────────────────

  /** Print a line tagged with `pid`. */
  output(pid: Pid | null, text: string, kind: OutputLine["kind"] = "out"): void {
    if (this.opts.output) this.opts.output({ pid, text, kind });
    else console.log(text);
  }

  /** Stop everything here at once (the page's Stop, the runner's timeout). */
  killAll(reason: unknown = "killed"): void {
    for (const p of [...this.procs.values()]) {
      p.links = null;
      p.monitoredBy = null;
      this.exitProcess(p, reason);
    }
    if (this.armed) this.loop.cancel(this.armed.handle);
    this.armed = null;
  }
}
