/**
 * Spawn: starting a process, choosing its scheduler, and the pids that name it.
 *
 *     spawn(fn) ─► placement: closure? ──yes──► here
 *                              │ no (an exported function)
 *                              └─► here unless busy, else the less loaded of two (power of two choices)
 *     here:      a Proc in the table, on the run queue; its function starts at its first step
 *     elsewhere: a `spawn` signal carrying the function's export name (closures cannot travel)
 *
 * Pids are allocated by the spawner for any scheduler, strided by spawner, so no scheduler
 * has to ask another for a number; a signal that outruns its pid's spawn is held until the
 * spawn arrives (signals.ts). A process's function may be sync or async; when it settles, the
 * process ends `normal` — unless it made itself message-driven (message-loop.ts).
 *
 *     const pid = spawn(async () => IO.puts("hi"));   // runtime/kernel/api.ts
 *     spawnOpt(worker, [], { scheduler: 1 });          // an exported `worker`, on scheduler 1
 *
 * Mirrors erlang:spawn/spawn_link/spawn_monitor/spawn_opt and the BEAM's pid allocation.
 */
import { isThenable } from "./async";
import { copyMessage } from "./copy";
import { crash, exitProcess, reasonOf } from "./exit";
import { inspect } from "./inspect";
import { runHandler } from "./message-loop";
import { Proc } from "./process";
import type { Signal } from "./protocol";
import type { Scheduler } from "./scheduler";
import { route } from "./signals";
import { Exit, makePid, pidId, type Pid, type Ref } from "./term";

/** Options for `spawn`. */
export interface SpawnOptions {
  link?: boolean;
  monitor?: boolean;
  /** With `monitor`: use this ref (Task tags its reply with the monitor's ref, made before the spawn). */
  ref?: Ref;
  scheduler?: number;
}

const NO_OPTS: SpawnOptions = Object.freeze({});

/** Record the loaded program's exports, so exported functions can be spawned anywhere. */
export function setProgram(s: Scheduler, exports: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === "function") exportFn(s, name, value as (...a: unknown[]) => unknown);
  }
}

/**
 * Make `fn` startable on any scheduler under `name` (every scheduler must export the same
 * name). The program's exports land here; so do runtime functions like Task's runner
 * (names starting with "$").
 */
export function exportFn(s: Scheduler, name: string, fn: (...a: unknown[]) => unknown): void {
  s.exportedName.set(fn, name);
  s.exportedFn.set(name, fn);
}

/** Start `fn(...args)` as a new process; returns its pid (and a monitor ref when asked). */
export function spawn(
  s: Scheduler,
  fn: (...args: unknown[]) => unknown,
  args: unknown[] = [],
  o: SpawnOptions = NO_OPTS,
): { pid: Pid; ref?: Ref } {
  if (typeof fn !== "function") throw new TypeError(`spawn: expected a function, got ${inspect(fn)}`);
  const parent = o.link || o.monitor ? s.self() : null;
  const dest = placement(s, fn, o.scheduler);
  const ref = o.monitor ? (o.ref ?? s.makeRef()) : undefined;
  if (dest === s.index) {
    const p = spawnLocal(s, allocPid(s, s.index), fn, args, s.current === null ? null : s.current.pid);
    if (parent && o.link) {
      p.link(parent.pid);
      parent.link(p.pid);
      if (s.tracer !== null) s.tracer.link(parent.pid, p.pid);
    }
    if (parent && ref && s.tracer !== null) s.tracer.monitor(parent.pid, p.pid, ref);
    if (parent && ref) {
      (p.monitoredBy ??= new Map()).set(ref, parent.pid);
      (parent.monitors ??= new Map()).set(ref, p.pid);
    }
    return { pid: p.pid, ref };
  }
  // Arguments cross to another worker: plain data only, checked before a pid is taken.
  const sent = copyMessage(args, { allowFunctions: false, to: `to scheduler ${dest} as an argument of spawn` }) as unknown[];
  const pid = allocPid(s, dest);
  const sig: Signal = { t: "spawn", pid, fn: s.exportedName.get(fn)!, args: sent };
  if (s.current !== null) sig.by = s.current.pid;
  if (parent && o.link) {
    parent.link(pid);
    sig.link = parent.pid;
    if (s.tracer !== null) s.tracer.link(parent.pid, pid);
  }
  if (parent && ref) {
    (parent.monitors ??= new Map()).set(ref, pid);
    sig.monitor = { by: parent.pid, ref };
    if (s.tracer !== null) s.tracer.monitor(parent.pid, pid, ref);
  }
  route(s, sig);
  return { pid, ref };
}

/** Where a new process goes: closures stay here; exported functions may go elsewhere. */
function placement(s: Scheduler, fn: unknown, want: number | undefined): number {
  if (want !== undefined) {
    if (!Number.isInteger(want) || want < 0 || want >= s.count) {
      throw new RangeError(`spawnOpt: scheduler must be 0..${s.count - 1}, got ${want}`);
    }
    if (want !== s.index && !s.exportedName.has(fn)) {
      throw new Error(
        `spawnOpt: this function is a closure, so it can only run on the scheduler that created it (${s.index}). ` +
          `Export it from the program's top level to start it on scheduler ${want}.`,
      );
    }
    return want;
  }
  const queued = s.runQueue.length;
  if (s.count === 1 || !s.exportedName.has(fn) || queued < 2) return s.index;
  // Busy here: the less loaded of two schedulers picked at random (power of two choices).
  const a = Math.floor(s.random() * s.count);
  const b = Math.floor(s.random() * s.count);
  const pick = s.loads[a] <= s.loads[b] ? a : b;
  return s.loads[pick] < queued ? pick : s.index;
}

function allocPid(s: Scheduler, dest: number): Pid {
  // Ids are strided by spawner, so schedulers can allocate pids for each other without asking.
  return makePid(dest, s.nextId++ * s.count + s.index);
}

/** A new process here, on the run queue (a `system_limit` exit past maxProcesses). */
function spawnLocal(s: Scheduler, pid: Pid, fn: (...args: unknown[]) => unknown, args: unknown[], parent: Pid | null): Proc {
  if (s.procs.size >= s.maxProcesses) {
    throw new Exit([
      "system_limit",
      `too many processes: the limit is ${s.maxProcesses} per scheduler (raise maxProcesses to allow more)`,
    ]);
  }
  const p = new Proc(pid, fn, args);
  s.procs.set(pid, p);
  if (s.procs.size > s.peakProcs) s.peakProcs = s.procs.size;
  if (s.tracer !== null) s.tracer.spawn(pid, parent, p.initialCall);
  s.runQueue.push(p);
  if (!s.inSlice) s.wake();
  return p;
}

/**
 * A `spawn` signal from another scheduler: start the exported function under the pid the
 * spawner allocated, with its link and monitor, then replay signals that arrived before it.
 */
export function spawnFromSignal(s: Scheduler, sig: Extract<Signal, { t: "spawn" }>, handle: (sig: Signal) => void): void {
  const fn = s.exportedFn.get(sig.fn);
  const spawner = pidId(sig.pid) % s.count;
  s.spawnedFrom[spawner] = Math.max(s.spawnedFrom[spawner], pidId(sig.pid));
  if (fn === undefined) {
    route(s, { t: "exit", from: sig.pid, to: sig.link ?? sig.pid, reason: "undef", link: true });
    return;
  }
  let p: Proc;
  try {
    p = spawnLocal(s, sig.pid, fn, sig.args, sig.by ?? null);
  } catch (e) {
    const reason = reasonOf(e, s.opts.mapStack);
    if (sig.link) route(s, { t: "exit", from: sig.pid, to: sig.link, reason, link: true });
    if (sig.monitor) route(s, { t: "down", to: sig.monitor.by, ref: sig.monitor.ref, pid: sig.pid, reason });
    return;
  }
  if (sig.link) p.link(sig.link);
  if (sig.monitor) (p.monitoredBy ??= new Map()).set(sig.monitor.ref, sig.monitor.by);
  const held = s.early.get(sig.pid);
  if (held) {
    s.early.delete(sig.pid);
    for (const h of held) handle(h);
  }
}

/** Start a process's function (its first step); its settling ends the process. */
export function start(s: Scheduler, p: Proc): void {
  const fn = p.fn!;
  const args = p.args!;
  p.fn = p.args = null;
  p.started = true;
  let r: unknown;
  try {
    r = fn(...args);
  } catch (e) {
    crash(s, p, e);
    return;
  }
  if (isThenable(r)) {
    r.then(
      () => settled(s, p),
      (e) => crash(s, p, e),
    );
  } else {
    settled(s, p);
  }
}

/** The process's function (or its message handler) returned: handle messages, or end. */
export function settled(s: Scheduler, p: Proc): void {
  if (p.status === "dead") return;
  if (p.handler === null) return exitProcess(s, p, "normal");
  runHandler(s, p);
}
