/**
 * Questions about processes that may live on another scheduler, and questions for the host.
 *
 *     Process.info(pid) ─► pid here? ─► answered now
 *                          └─ no ─► `query` signal ─► its scheduler ─► `answer` signal ─► the asker runs again
 *     System.measureMemory() ─► askHost ─► the host's hook ─► hostAnswer(id, value) ─► the asker runs again
 *
 *     const info = await Process.info(pid);   // a Promise only when pid lives elsewhere
 *
 * The asking process parks like a receive (woken through the run queue), so a question never
 * blocks its scheduler.
 *
 * Mirrors erlang:process_info/1, is_process_alive/1 and processes/0 (which on the BEAM read
 * other schedulers' data directly; workers share no memory here, so they ask).
 */
import { processBytes } from "./memory";
import type { HostQuery, Query, Signal } from "./protocol";
import type { Scheduler } from "./scheduler";
import { checkPid } from "./send";
import { localSignal, route } from "./signals";
import { pidScheduler, type Pid } from "./term";

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

/** Facts about a local process, or undefined when it is dead. */
export function localInfo(s: Scheduler, pid: Pid): ProcessInfo | undefined {
  const p = s.procs.get(pid);
  if (p === undefined) return undefined;
  return {
    status: p.status === "dead" ? "waiting" : p.status,
    messageQueueLen: p.mailbox.length,
    reductions: p.reductions,
    memory: processBytes(p.mailbox.length),
    links: p.links ? [...p.links] : [],
    monitors: p.monitors ? [...p.monitors.values()] : [],
    registeredName: p.name,
    scheduler: s.index,
    trapExit: p.trapExit,
    currentFunction: p.initialCall,
    messages: p.mailbox.peek(10),
  };
}

function answer(s: Scheduler, q: Query): unknown {
  switch (q.kind) {
    case "info":
      return localInfo(s, q.pid);
    case "alive":
      return s.procs.has(q.pid);
    case "list":
      return [...s.procs.keys()];
  }
}

/** Ask scheduler `dest`; the calling process waits for the answer like a receive. */
export function ask(s: Scheduler, dest: number, q: Query): Promise<unknown> {
  const p = s.self();
  const id = s.nextQuery++;
  s.queries.set(id, p);
  route(s, { t: "query", id, from: s.index, q }, dest);
  p.pred = null;
  p.status = "waiting";
  return s.suspend(p);
}

/**
 * Ask the host `q`; the calling process waits for `hostAnswer` like a receive (parked,
 * woken through the run queue). The hook is called after the process parked, so it may
 * answer at once.
 */
export function askHost(s: Scheduler, q: HostQuery): Promise<unknown> {
  const hook = s.opts.hostQuery;
  if (hook === undefined) throw new Error("beamlab: this scheduler has no host to ask");
  const p = s.self();
  const id = s.nextQuery++;
  s.queries.set(id, p);
  p.pred = null;
  p.status = "waiting";
  const parked = s.suspend(p);
  hook(id, q);
  return parked;
}

/** The host's answer to `askHost` question `id`: the asker (if still waiting) runs again with `value`. */
export function hostAnswer(s: Scheduler, id: number, value: unknown): void {
  localSignal(s, { t: "answer", id, value });
}

/** `Process.info(pid)`: here now, or a Promise when `pid` lives elsewhere. */
export function info(s: Scheduler, pid: Pid): ProcessInfo | undefined | Promise<unknown> {
  const at = pidScheduler(checkPid(s, pid, "Process.info"));
  return at === s.index ? localInfo(s, pid) : ask(s, at, { kind: "info", pid });
}

/** `Process.alive(pid)`. */
export function alive(s: Scheduler, pid: Pid): boolean | Promise<unknown> {
  const at = pidScheduler(checkPid(s, pid, "Process.alive"));
  return at === s.index ? s.procs.has(pid) : ask(s, at, { kind: "alive", pid });
}

/** `Process.list()`: every pid on every scheduler. */
export function list(s: Scheduler): Pid[] | Promise<Pid[]> {
  const here = [...s.procs.keys()];
  if (s.count === 1) return here;
  return (async () => {
    const all = [...here];
    for (let i = 0; i < s.count; i++) {
      if (i !== s.index) all.push(...((await ask(s, i, { kind: "list" })) as Pid[]));
    }
    return all;
  })();
}

/** A `query` signal: answer it to the scheduler that asked. */
export function onQuery(s: Scheduler, sig: Extract<Signal, { t: "query" }>): void {
  route(s, { t: "answer", id: sig.id, value: answer(s, sig.q) }, sig.from);
}

/** An `answer` signal: the asker, if still waiting, runs again with the value. */
export function onAnswer(s: Scheduler, sig: Extract<Signal, { t: "answer" }>): void {
  const p = s.queries.get(sig.id);
  s.queries.delete(sig.id);
  if (p !== undefined && p.status === "waiting") {
    p.wakeValue = sig.value;
    s.makeRunnable(p);
  }
}
