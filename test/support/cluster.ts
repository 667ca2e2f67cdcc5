/**
 * Test rigs: schedulers on a manual clock, in one thread, with an in-memory mesh.
 *
 *     const { out, drain } = cluster(2);
 *     cluster.spawn(0, async () => { ... });
 *     await drain();
 *
 * The mesh batches signals per destination and delivers each batch as a macrotask at the
 * end of the sender's slice, as the worker transport does. Internal: tests only.
 */
import { ManualClock, ManualLoop } from "../../runtime/kernel/clock";
import type { OutputLine, Signal } from "../../runtime/kernel/protocol";
import { Scheduler, type SchedulerOptions } from "../../runtime/kernel/scheduler";
import { setActive } from "../../runtime/kernel/current";
import type { Pid } from "../../runtime/kernel/term";

/** A set of schedulers sharing one manual clock and loop. */
export interface Cluster {
  schedulers: Scheduler[];
  clock: ManualClock;
  loop: ManualLoop;
  /** Program output (IO.puts, IO.inspect), text only, in order. */
  out: string[];
  /** Every line including crash reports, text only. */
  all: string[];
  lines: OutputLine[];
  exits: Array<[Pid, unknown]>;
  /** Spawn `fn` on scheduler `i` from outside any process. */
  spawn(i: number, fn: (...a: unknown[]) => unknown, ...args: unknown[]): Pid;
  /** Run until nothing is left to do now. */
  drain(): Promise<void>;
  /** Move time forward, running whatever becomes due. */
  advance(ms: number, step?: number): Promise<void>;
}

/** `n` schedulers on a manual clock. */
export function cluster(n = 1, opts: SchedulerOptions = {}): Cluster {
  const clock = new ManualClock();
  const loop = new ManualLoop(clock);
  const out: string[] = [];
  const all: string[] = [];
  const lines: OutputLine[] = [];
  const exits: Array<[Pid, unknown]> = [];
  const outboxes: Signal[][][] = [];
  const schedulers: Scheduler[] = [];
  for (let i = 0; i < n; i++) {
    const boxes: Signal[][] = Array.from({ length: n }, () => []);
    outboxes.push(boxes);
    const flush = () => {
      for (let d = 0; d < n; d++) {
        if (boxes[d].length === 0) continue;
        const batch = boxes[d];
        boxes[d] = [];
        loop.macrotask(() => {
          schedulers[d].deliver(batch);
          schedulers[d].flushNow();
        });
      }
    };
    schedulers.push(
      new Scheduler({
        index: i,
        count: n,
        clock,
        loop,
        send: (dest, sig) => boxes[dest].push(sig),
        flush,
        output: (l) => {
          lines.push(l);
          all.push(l.text);
          if (l.kind === "out") out.push(l.text);
        },
        onExit: (pid, reason) => exits.push([pid, reason]),
        ...opts,
      }),
    );
  }
  return {
    schedulers,
    clock,
    loop,
    out,
    all,
    lines,
    exits,
    spawn(i, fn, ...args) {
      setActive(schedulers[i]);
      try {
        return schedulers[i].spawn(fn, args).pid;
      } finally {
        setActive(null);
      }
    },
    drain: () => loop.drain(),
    advance: (ms, step) => loop.advance(ms, step),
  };
}
