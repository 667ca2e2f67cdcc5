/**
 * A deterministic run: every scheduler of a program simulated on one thread, on virtual time,
 * with each choice a real run leaves to chance drawn from a seed. A run becomes a function of
 * (program, seed, faults): the same output and the same recording, byte for byte, every time,
 * on Node and in every browser.
 *
 *     real run                                    deterministic run (this file)
 *     ────────                                    ─────────────────────────────
 *     N workers, truly parallel                   N schedulers on one thread, one lane each (sim-loop.ts)
 *     batches cross when the OS says              batches cross when the seed says (FIFO per pair kept)
 *     run queue FIFO, 4000 reductions a step      order and budgets drawn from the seed (strategy.ts)
 *     performance.now(), Date, Math.random        virtual clock and seeded stream (virtual-globals.ts)
 *     Process.sleep(1000) waits a second          jumps to the timer at once (virtual-clock.ts)
 *
 * What it keeps: every semantic of the API — mailboxes, selective receive, links, monitors,
 * names, ETS, messages copied between schedulers, preemption, the limits.
 *
 *     const sim = new Simulation(compiled.code, { seed: 42, schedulers: 2 });
 *     const r = await sim.run();
 *     r.output.map((l) => l.text);    // the same for seed 42, always
 *     r.status;                       // "normal" | "crashed" | "deadlock" | "timeout" | "error" | "stopped"
 *
 * Between two decisions the driver yields to the host's event loop, so every promise
 * reaction of the step before has run (as after a real macrotask) and the host can ask
 * questions, kill a process (recorded as a fault) or stop the run.
 *
 * Mirrors the idea of Concuerror's and awslabs Shuttle's controlled schedulers, and
 * FoundationDB's deterministic simulation: one thread, the simulator owns time and chance.
 */
import * as beamlab from "../index";
import { formatStackForLearner, loadProgram, type MakeFunction } from "../compile/load";
import { setActive } from "../kernel/current";
import { estimateSince } from "../kernel/memory";
import type { OutputLine, Signal } from "../kernel/protocol";
import { Scheduler } from "../kernel/scheduler";
import type { SchedulerLimits } from "../kernel/defaults";
import { pidScheduler, type Pid } from "../kernel/term";
import { TraceStore, type TraceChunk, type TraceFile } from "../host/trace-store";
import { describeMainExit } from "../host/exit-report";
import type { ExitCause } from "../kernel/exit";
import type { DropFault, Fault, KillFault } from "./faults";
import { SimLoop } from "./sim-loop";
import { strategyFor, type StrategyKind } from "./strategy";
import { REDUCTION_MS, STEP_MS, VirtualClock } from "./virtual-clock";
import { virtualGlobals } from "./virtual-globals";
import { settle } from "./settle";

/** How to run. */
export interface SimOptions extends Partial<SchedulerLimits> {
  seed: number;
  /** Schedulers simulated (default 2). */
  schedulers?: number;
  /** End when main returns, whatever still runs (the runner's default, as `elixir script.exs`). */
  haltWhenMainExits?: boolean;
  /** Virtual ms after which the run ends as "timeout" (default 60,000). */
  timeoutMs?: number;
  /** Scheduling decisions after which the run ends as "timeout" (default 5,000,000). */
  maxSteps?: number;
  /** Record the run (the recording is `result.trace`). */
  trace?: boolean;
  faults?: readonly Fault[];
  /** Each line as it is printed. */
  onOutput?: (line: OutputLine) => void;
  /** Called after every decision (a host watching the run: stats, questions). */
  onStep?: (sim: Simulation) => void;
  /** Stream the recording: each drained chunk (instead of keeping it for `result.trace`). */
  onTrace?: (chunk: TraceChunk) => void;
  /** Main ended (crashed, or returned normally). */
  onMainExit?: (reason: unknown, crashed: boolean, cause?: ExitCause) => void;
  /** Pause before decision `pauseAfter + 1` (stepping: `step(n)` lets n more decisions run). */
  pauseAfter?: number;
  /** How the program's code becomes a function (the runner's sandbox: vm.compileFunction); default new Function. */
  makeFunction?: MakeFunction;
  /** The run paused (stepping): after `sim.steps` decisions, the recording drained up to now. */
  onPause?: (sim: Simulation) => void;
}

/** How a deterministic run ended. */
export type SimStatus = "normal" | "crashed" | "deadlock" | "timeout" | "error" | "stopped";

/** A deterministic run's result. */
export interface SimResult {
  status: SimStatus;
  /** One line on how it ended ("" for a plain normal end), as the runner prints it. */
  message: string;
  output: OutputLine[];
  seed: number;
  strategy: StrategyKind;
  /** Scheduling decisions made. */
  steps: number;
  /** Virtual time at the end, ms. */
  virtualMs: number;
  /** The faults that happened, as given (a Kill from the host: at the decision it came before); they replay exactly. */
  faults: Fault[];
  trace: TraceFile | null;
}

/** Virtual ms between two drains of the recording (as a real run's 4 a second). */
const DRAIN_EVERY_MS = 250;

/** See the file comment. */
export class Simulation {
  readonly n: number;
  readonly schedulers: Scheduler[] = [];
  readonly clock: VirtualClock;
  readonly loop: SimLoop;
  readonly strategy;
  readonly output: OutputLine[] = [];
  readonly trace: TraceStore | null;
  /** Scheduling decisions made so far. */
  steps = 0;
  private processSteps = 0;
  private mainPid: Pid | null = null;
  private mainExit: { reason: unknown; cause?: ExitCause } | null = null;
  private stopped = false;
  private readonly pending: KillFault[];
  /** Messages sent so far per `from>to` pair (counted only when a drop fault waits). */
  private readonly sentPerPair = new Map<string, number>();
  private readonly applied: Fault[] = [];
  private nextDrain = DRAIN_EVERY_MS;
  private loadError: string | null = null;
  /** Decisions allowed before the run pauses (stepping); Infinity when running freely. */
  private allowed: number;
  private resume: (() => void) | null = null;
  /** The last decision: which lane ran ("scheduler 1", "batch 0→1"). */
  lastDecision = "";

  constructor(
    code: string,
    private readonly opts: SimOptions,
  ) {
    this.n = Math.max(1, Math.min(64, Math.trunc(opts.schedulers ?? 2)));
    this.strategy = strategyFor(opts.seed, opts.budget);
    this.clock = new VirtualClock(() => this.work());
    this.loop = new SimLoop(this.n, this.clock);
    this.trace = opts.trace && !opts.onTrace ? new TraceStore({ schedulers: this.n }) : null;
    this.pending = (opts.faults ?? []).filter((f): f is KillFault => f.kind === "kill");
    this.allowed = opts.pauseAfter ?? Infinity;
    const drops = (opts.faults ?? []).filter((f): f is DropFault => f.kind === "drop");
    const choice = {
      ...this.strategy.choice,
      budget: () => {
        this.processSteps++;
        return this.strategy.choice.budget();
      },
      ...(drops.length > 0 ? { drop: (from: Pid | null, to: Pid, msg: unknown) => this.dropping(drops, from, to, msg) } : {}),
    };
    for (let k = 0; k < this.n; k++) {
      const outboxes: Signal[][] = Array.from({ length: this.n }, () => []);
      const s: Scheduler = new Scheduler({
        index: k,
        count: this.n,
        clock: this.clock,
        loop: this.loop.of(k),
        budget: opts.budget,
        syncLimitMs: opts.syncLimitMs,
        maxProcesses: opts.maxProcesses,
        maxMailbox: opts.maxMailbox,
        random: this.strategy.rng,
        choice,
        trace: opts.trace ? { origin: 0 } : undefined,
        send: (dest, sig) => void outboxes[dest].push(sig),
        flush: () => {
          for (let d = 0; d < this.n; d++) {
            if (outboxes[d].length === 0) continue;
            // Copied as postMessage copies between workers: the receiver never shares the sender's objects.
            const batch = structuredClone(outboxes[d]);
            outboxes[d] = [];
            this.loop.cross(k, d, () => {
              this.schedulers[d].deliver(batch);
              this.schedulers[d].flushNow();
            });
          }
        },
        output: (l) => this.emit(l),
        mapStack: formatStackForLearner,
        hostQuery: (id, q) => {
          if (q.kind === "memory") this.loop.post(k, () => s.hostAnswer(id, estimateSince(null, s)));
        },
        onExit: (pid, reason, cause) => {
          if (pid !== this.mainPid) return;
          this.mainExit = { reason, ...(cause ? { cause } : {}) };
          this.opts.onMainExit?.(reason, reason !== "normal", cause);
        },
      });
      this.schedulers.push(s);
    }
    this.load(code);
  }

  /** Kill `target` (a pid or a registered name) before the next decision; recorded as a fault. */
  kill(target: string): void {
    this.pending.push({ kind: "kill", target, atStep: this.steps });
  }

  /** End the run before the next decision. */
  stop(): void {
    this.stopped = true;
    this.resume?.();
  }

  /** Stepping: let `n` more decisions run, then pause again. */
  step(n = 1): void {
    this.allowed = this.steps + n;
    this.resume?.();
  }

  /** Run freely to the end. */
  continue(): void {
    this.allowed = Infinity;
    this.resume?.();
  }

  /** Pause before the next decision. */
  pause(): void {
    this.allowed = this.steps;
  }

  /** True while the run waits for `step` or `continue`. */
  get paused(): boolean {
    return this.resume !== null;
  }

  /** Run to the end. */
  async run(): Promise<SimResult> {
    if (this.loadError !== null) return this.result("crashed", this.loadError);
    const timeoutMs = this.opts.timeoutMs ?? 60_000;
    const maxSteps = this.opts.maxSteps ?? 5_000_000;
    for (;;) {
      if (this.stopped) return this.result("stopped", "the run was stopped");
      this.applyFaults();
      const end = this.judgeMain();
      if (end) return end;
      this.loop.releaseDue();
      const ready = this.loop.ready();
      if (ready.length === 0) {
        const at = minDefined(this.loop.nextDeadline(), this.nextFaultMs());
        if (at === undefined) return this.quiet();
        if (at > timeoutMs) return this.result("timeout", `timeout: the run was stopped after ${timeoutMs} virtual ms`);
        this.clock.jumpTo(at);
        continue;
      }
      if (this.clock.now() > timeoutMs) return this.result("timeout", `timeout: the run was stopped after ${timeoutMs} virtual ms`);
      if (this.steps >= maxSteps) return this.result("timeout", `timeout: the run was stopped after ${maxSteps} scheduling decisions`);
      if (this.steps >= this.allowed) {
        this.drain();
        await new Promise<void>((r) => {
          this.resume = r;
          this.opts.onPause?.(this);
        });
        this.resume = null;
        continue;
      }
      const lane = ready[this.strategy.lane(ready)];
      this.lastDecision = lane < this.n ? `scheduler ${lane}` : `batch ${Math.floor((lane - this.n) / this.n)}→${(lane - this.n) % this.n}`;
      this.steps++;
      this.loop.take(lane)();
      await settle();
      setActive(null);
      if (this.opts.trace && this.clock.now() >= this.nextDrain) {
        this.nextDrain = this.clock.now() + DRAIN_EVERY_MS;
        this.drain();
      }
      this.opts.onStep?.(this);
    }
  }

  /** Every scheduler's recording since the last drain, into the store. */
  drain(): void {
    if (!this.opts.trace) return;
    for (const s of this.schedulers) {
      const chunk = s.tracer?.drain();
      if (chunk === undefined) continue;
      if (this.opts.onTrace) this.opts.onTrace(chunk);
      else this.trace?.add(chunk);
    }
  }

  /** Work done so far in virtual ms: reductions (the running step's too) and scheduling steps. */
  private work(): number {
    let reductions = 0;
    for (const s of this.schedulers) {
      reductions += s.totalReductions;
      if (s.current !== null) reductions += Math.max(0, s.budget - s.bl.r);
    }
    return reductions * REDUCTION_MS + this.processSteps * STEP_MS;
  }

  /** `console.log` of the program: a line from the running process. */
  private print(kind: "out" | "error", text: string): void {
    const s = this.schedulers.find((x) => x.current !== null);
    this.emit({ pid: s?.current?.pid ?? null, text, kind });
  }

  private emit(l: OutputLine): void {
    this.output.push(l);
    this.opts.onOutput?.(l);
  }

  /** Load the program on every scheduler (each its own module instance, as each worker has), main on 0. */
  private load(code: string): void {
    const require = (id: string) => {
      if (id === "beamlab") return beamlab;
      throw new Error(`Only "beamlab" can be imported here (got ${JSON.stringify(id)})`);
    };
    for (const s of this.schedulers) {
      setActive(s);
      try {
        const exports = loadProgram(code, require, s.bl, virtualGlobals(this.clock, this.strategy.rng, (kind, text) => this.print(kind, text)), this.opts.makeFunction);
        s.setProgram(exports);
        if (s.index === 0) {
          const main = (exports.default ?? exports.main) as ((...a: unknown[]) => unknown) | undefined;
          if (typeof main !== "function") {
            this.loadError = "the program has no main: export a default function (or one named main)";
          } else {
            this.mainPid = s.spawn(main, []).pid;
          }
        }
      } catch (e) {
        this.loadError = `the program failed while loading: ${formatStackForLearner((e as Error)?.stack ?? String(e))}`;
      } finally {
        setActive(null);
      }
      if (this.loadError !== null) {
        this.emit({ pid: null, text: `** ${this.loadError}`, kind: "crash" });
        return;
      }
    }
  }

  /** Main crashed (the run ends, as on the runner), or returned with `haltWhenMainExits`. */
  private judgeMain(): SimResult | null {
    const m = this.mainExit;
    if (m === null) return null;
    if (m.reason !== "normal") return this.result("crashed", `** ${describeMainExit(m.reason, m.cause)}`);
    if (this.opts.haltWhenMainExits) return this.result("normal", "");
    return null;
  }

  /** Nothing can run and no timer is set: over, or stuck. */
  private quiet(): SimResult {
    const procs = this.schedulers.reduce((n, s) => n + s.procs.size, 0);
    if (procs === 0) return this.result("normal", "");
    if (this.mainExit !== null) return this.result("normal", `${procs} process(es) still waiting in receive when the run went quiet`);
    return this.result(
      "deadlock",
      `** deadlock: main and ${procs - 1} other process(es) are waiting in receive, with no timer pending and no message in flight; nothing can wake them`,
    );
  }

  /** The earliest moment a fault waits for (a fault is an event the run jumps to, as a timer). */
  private nextFaultMs(): number | undefined {
    let at: number | undefined;
    for (const f of this.pending) if (f.atMs !== undefined) at = minDefined(at, f.atMs);
    return at;
  }

  /** Apply the faults whose moment has come. */
  private applyFaults(): void {
    if (this.pending.length === 0) return;
    const now = this.clock.now();
    for (let i = 0; i < this.pending.length; ) {
      const f = this.pending[i];
      if ((f.atStep !== undefined && f.atStep <= this.steps) || (f.atMs !== undefined && f.atMs <= now)) {
        this.pending.splice(i, 1);
        this.apply(f);
      } else i++;
    }
  }

  private apply(f: KillFault): void {
    const pid = /^#PID</.test(f.target) ? (f.target as Pid) : this.whereis(f.target);
    this.applied.push(f);
    if (pid === undefined) {
      this.emit({ pid: null, text: `** fault kill:${f.target}: no process is registered as ${f.target} (decision ${this.steps})`, kind: "error" });
      return;
    }
    const k = pidScheduler(pid);
    const s = this.schedulers[k];
    if (s === undefined) return;
    this.emit({ pid: null, text: `** fault: kill ${f.target} (decision ${this.steps}, ${this.clock.now().toFixed(3)} virtual ms)`, kind: "error" });
    s.exitPid(pid, "kill");
    s.flushNow();
  }

  /** A send from `from` to `to`: lost (or delayed) when a drop fault names it (each fault takes one message). */
  private dropping(drops: DropFault[], from: Pid | null, to: Pid, msg: unknown): boolean {
    if (drops.length === 0 || from === null) return false;
    const key = `${from}>${to}`;
    const n = (this.sentPerPair.get(key) ?? 0) + 1;
    this.sentPerPair.set(key, n);
    const is = (spec: string, pid: Pid) => (/^#PID</.test(spec) ? spec === pid : this.whereis(spec) === pid);
    const i = drops.findIndex((d) => d.nth === n && is(d.from, from) && is(d.to, to));
    if (i < 0) return false;
    const [d] = drops.splice(i, 1);
    this.applied.push(d);
    if (d.delayMs === undefined) {
      this.emit({ pid: null, text: `** fault: message ${n} from ${d.from} to ${d.to} lost (decision ${this.steps})`, kind: "error" });
      return true;
    }
    this.emit({ pid: null, text: `** fault: message ${n} from ${d.from} to ${d.to} delayed ${d.delayMs} ms (decision ${this.steps})`, kind: "error" });
    // Delivered later, as a copy (as any message): on the receiver's scheduler, by a virtual timer.
    const copy = structuredClone(msg);
    const k = pidScheduler(to);
    this.loop.of(k).timer(d.delayMs, () => {
      this.schedulers[k]?.deliver([{ t: "msg", to, msg: copy }]);
      this.schedulers[k]?.flushNow();
    });
    return true;
  }

  /** Who holds `name` now: the scheduler of the process that registered it knows first. */
  private whereis(name: string): Pid | undefined {
    for (const s of this.schedulers) {
      const pid = s.names.get(name);
      if (pid !== undefined && pidScheduler(pid) === s.index) return pid;
    }
    return undefined;
  }

  private result(status: SimStatus, message: string): SimResult {
    this.drain();
    return {
      status,
      message,
      output: this.output,
      seed: this.opts.seed,
      strategy: this.strategy.kind,
      steps: this.steps,
      virtualMs: this.clock.now(),
      faults: this.applied,
      trace: this.trace?.toJSON() ?? null,
    };
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
