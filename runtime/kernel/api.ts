/**
 * The learner-facing kernel: Elixir's process primitives as TypeScript functions.
 *
 *     import { spawn, send, receive, self, _ } from "beamlab";
 *
 *     const parent = self();
 *     spawn(async () => send(parent, ["fib", fib(20)]));
 *     const [, x] = await receive(["fib", _]);
 *
 * Each function talks to the scheduler running the calling process (see current.ts).
 * Names and shapes follow ../shared/API.md, the contract lessons rely on.
 *
 * Mirrors Kernel (spawn/send/receive/self/exit...), Process, IO and System.
 */
import { activeScheduler } from "./current";
import { inspect, type InspectOptions } from "./inspect";
import { estimateBytes, measureHere, threadHeap } from "./memory";
import type { MemoryMeasurement } from "./protocol";
import type { ProcessInfo } from "./remote-query";
import { Exit, TIMEOUT, type Pid, type Ref } from "./term";

/** A function a process can run: sync or async. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProcessFn<A extends unknown[] = any[]> = (...args: A) => unknown;

/** Options for `spawnOpt`. */
export interface SpawnOpts {
  link?: boolean;
  monitor?: boolean;
  /** Run on this scheduler (0-based). Only an exported top-level function can run elsewhere. */
  scheduler?: number;
}

/** Start `fn(...args)` as a new process; returns its pid. (`spawn/1,3`) */
export function spawn<A extends unknown[]>(fn: ProcessFn<A>, ...args: A): Pid {
  return activeScheduler().spawn(fn as ProcessFn, args).pid;
}

/** Spawn and link in one atomic step. (`spawn_link`) */
export function spawnLink<A extends unknown[]>(fn: ProcessFn<A>, ...args: A): Pid {
  return activeScheduler().spawn(fn as ProcessFn, args, { link: true }).pid;
}

/** Spawn and monitor in one atomic step: `[pid, ref]`. (`spawn_monitor`) */
export function spawnMonitor<A extends unknown[]>(fn: ProcessFn<A>, ...args: A): [Pid, Ref] {
  const { pid, ref } = activeScheduler().spawn(fn as ProcessFn, args, { monitor: true });
  return [pid, ref!];
}

/** Spawn with options: link, monitor, scheduler. Returns the pid, or `[pid, ref]` with `monitor`. (`Process.spawn/3`) */
export function spawnOpt<A extends unknown[]>(fn: ProcessFn<A>, args: A, opts: SpawnOpts & { monitor: true }): [Pid, Ref];
export function spawnOpt<A extends unknown[]>(fn: ProcessFn<A>, args: A, opts?: SpawnOpts): Pid;
export function spawnOpt<A extends unknown[]>(fn: ProcessFn<A>, args: A, opts: SpawnOpts = {}): Pid | [Pid, Ref] {
  const { pid, ref } = activeScheduler().spawn(fn as ProcessFn, args, opts);
  return opts.monitor ? [pid, ref!] : pid;
}

/** The calling process's pid. (`self/0`) */
export function self(): Pid {
  return activeScheduler().self().pid;
}

/** A new unique reference. (`make_ref/0`) */
export function makeRef(): Ref {
  return activeScheduler().makeRef();
}

/** Send `msg` to a pid or registered name; returns `msg`. To a dead pid nothing happens. (`send/2`) */
export function send<T>(dest: Pid | string, msg: T): T {
  activeScheduler().send(dest, msg);
  return msg;
}

/** Options for `receive`. */
export interface ReceiveOpts {
  /** Give up after this many ms and resolve to TIMEOUT; 0 polls. */
  after?: number;
}

/**
 * Take the oldest message that matches `pattern` (a predicate, or a structural pattern with
 * `_` wildcards), leaving the others in order; waits until one arrives. (`receive ... after`)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function receive(pattern?: unknown, opts: ReceiveOpts = {}): Promise<any> {
  return activeScheduler().receive(pattern, opts.after);
}

/** End the calling process with `reason` (catchable as an `Exit`, like `catch :exit`). (`exit/1`) */
export function exit(reason: unknown): never {
  throw new Exit(reason);
}

/** Link the calling process to `pid`. (`link/1`) */
export function link(pid: Pid): true {
  activeScheduler().link(pid);
  return true;
}

/** Remove a link. (`unlink/1`) */
export function unlink(pid: Pid): true {
  activeScheduler().unlink(pid);
  return true;
}

/**
 * Monitor a pid or a registered name: `["DOWN", ref, "process", pid, reason]` arrives when it
 * dies (by name: `[name, node]` in place of the pid; a name nobody holds: DOWN noproc at once).
 * (`Process.monitor/1`)
 */
export function monitor(target: Pid | string): Ref {
  return activeScheduler().monitor(target);
}

/**
 * Stop monitoring; `{ flush: true }` also removes a DOWN for `ref` that already arrived.
 * (`Process.demonitor/1,2` with `[:flush]`)
 */
export function demonitor(ref: Ref, opts?: { flush?: boolean }): true {
  return activeScheduler().demonitor(ref, opts?.flush ? { flush: true } : undefined);
}

/** Process: timers, flags, names and questions about processes. (`Process`) */
export const Process = {
  /** Suspend the calling process for `ms`. (`Process.sleep/1`) */
  sleep(ms: number): Promise<"ok"> {
    return activeScheduler().sleep(ms).then(() => "ok" as const);
  },
  /** Send `msg` to `dest` after `ms`; returns a timer ref. (`Process.send_after/3`) */
  sendAfter(dest: Pid | string, msg: unknown, ms: number): Ref {
    return activeScheduler().sendAfter(dest, msg, ms);
  },
  /** Cancel a `sendAfter` timer: ms that were left, or false. (`Process.cancel_timer/1`) */
  cancelTimer(ref: Ref): number | false {
    return activeScheduler().cancelTimer(ref);
  },
  /** Send an exit signal to `pid`. `"kill"` cannot be trapped. (`Process.exit/2`) */
  exit(pid: Pid | string, reason: unknown): true {
    return activeScheduler().exitPid(pid as Pid, reason);
  },
  /** Set a process flag; only `"trap_exit"` is supported. Returns the old value. (`Process.flag/2`) */
  flag(flag: "trap_exit", value: boolean): boolean {
    if (flag !== "trap_exit") throw new Error(`Process.flag: unsupported flag ${inspect(flag)} (only "trap_exit")`);
    return activeScheduler().trapExit(value);
  },
  /** Register `pid` under `name`. (`Process.register/2`) */
  register(pid: Pid, name: string): true {
    return activeScheduler().register(pid, name);
  },
  /** Release a name. (`Process.unregister/1`) */
  unregister(name: string): true {
    return activeScheduler().unregister(name);
  },
  /** The pid registered as `name`, or undefined. (`Process.whereis/1`) */
  whereis(name: string): Pid | undefined {
    return activeScheduler().names.get(name);
  },
  /** Is `pid` alive? A Promise when it lives on another scheduler. (`Process.alive?/1`) */
  alive(pid: Pid): boolean | Promise<boolean> {
    return activeScheduler().alive(pid) as boolean | Promise<boolean>;
  },
  /** Every live pid (a Promise with several schedulers). (`Process.list/0`) */
  list(): Pid[] | Promise<Pid[]> {
    return activeScheduler().list();
  },
  /** Facts about `pid`, or undefined when it is dead; a Promise when it lives elsewhere. (`Process.info/1`) */
  info(pid: Pid): ProcessInfo | undefined | Promise<ProcessInfo | undefined> {
    return activeScheduler().info(pid) as ProcessInfo | undefined | Promise<ProcessInfo | undefined>;
  },
};

/** Output, tagged with the pid that wrote it. (`IO`) */
export const IO = {
  /** Print a string (other values are inspected). (`IO.puts/1`) */
  puts(x: unknown): "ok" {
    write(typeof x === "string" ? x : inspect(x));
    return "ok";
  },
  /** Print `x` Elixir-style, with an optional label; returns `x`. (`IO.inspect/2`) */
  inspect<T>(x: T, opts: { label?: string } = {}): T {
    write(opts.label !== undefined ? `${opts.label}: ${inspect(x)}` : inspect(x));
    return x;
  },
};

function write(text: string): void {
  const s = activeScheduler();
  s.output(s.current?.pid ?? null, text);
}

/** Facts about the running system. (`System`, `:erlang.system_info`) */
export const System = {
  /** How many schedulers run processes. (`System.schedulers_online/0`) */
  schedulersOnline(): number {
    return activeScheduler().count;
  },
  /**
   * Memory in bytes: `total` is this worker's JS heap where the platform tells it (Node,
   * Chromium's main thread), `processes` an estimate from process and message counts.
   * `estimate` is true when `total` is an estimate too (no heap figure where this runs).
   */
  memory(): { total: number; processes: number; estimate: boolean } {
    const processes = estimateBytes(activeScheduler());
    const heap = threadHeap(false) ?? (globalThis as { performance?: { memory?: { usedJSHeapSize: number } } }).performance?.memory?.usedJSHeapSize;
    return { total: heap ?? processes, processes, estimate: heap === undefined };
  },
  /**
   * Measure the JS heap, precisely where the platform lets us; the calling process waits for
   * the answer like a receive. Measure before and after spawning to see what processes cost.
   *
   * - Node (`beamlab run`, worker threads): this scheduler's heap (`heapUsed` of its
   *   isolate), after a full GC when `gc` is exposed; `scope: "worker"`, `precise: true`.
   * - Chromium, page cross-origin isolated: the page measures with
   *   `performance.measureUserAgentSpecificMemory()` (a worker cannot): the heap of the
   *   scheduler workers, `precise: true`; `scope: "page"` when there are several, since the
   *   browser does not tell them apart. Chromium answers at its next GC (20–35 s away, unless
   *   launched with `--enable-blink-features=ForceEagerMeasureMemory`), so the page waits
   *   under a second and otherwise answers with an estimate (`precise: false`) added to the
   *   run's last precise figure (host/page-memory.ts, kernel/memory.ts).
   * - Elsewhere: an estimate from process and message counts, `precise: false`.
   *
   *     const before = await System.measureMemory();
   *     // spawn 10,000 processes …
   *     const after = await System.measureMemory();
   *     IO.puts(`${(after.bytes - before.bytes) / 10_000} bytes per process`);
   */
  measureMemory(): Promise<MemoryMeasurement> {
    const s = activeScheduler();
    if (!s.canAskHost) return Promise.resolve(measureHere(s));
    return s.askHost({ kind: "memory" }) as Promise<MemoryMeasurement>;
  },
};

export { TIMEOUT };

/**
 * A term's text as Elixir prints it, on one line (`Kernel.inspect/2`: unlike `IO.inspect`, it
 * does not wrap at 80 columns unless a `width` is given).
 */
export function inspectTerm(x: unknown, opts?: InspectOptions): string {
  return inspect(x, { width: Infinity, ...opts });
}
