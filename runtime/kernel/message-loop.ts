/**
 * The message loop of a behaviour: a process that is called once per message and keeps no
 * frame between messages, instead of an async function parked in `receive`.
 *
 *     mailbox ─► handler(msg) ─► (sync: next message at once | promise: next message when it settles)
 *                  └─ budget spent: back of the run queue, the loop resumes at its next turn
 *
 *     setHandler((msg) => { state = handle(msg, state); }, "MyServer");
 *
 * GenServer, GenStage, Supervisor and Agent are built on it: an idle server is a record and
 * a closure (≈ 0.3 KB), not a suspended async frame (≈ 0.9 KB). The handler may be async and
 * may even wait in `receive`; the next message waits until it settles.
 *
 * Mirrors gen_server:loop/7 (and proc_lib's hibernated loop: no stack between messages).
 */
import { isThenable } from "./async";
import { crash, exitProcess } from "./exit";
import { NO_MATCH } from "./mailbox";
import type { Matcher } from "./match";
import type { Proc } from "./process";
import type { Scheduler } from "./scheduler";
import { settled } from "./spawn";

const ANY: Matcher = () => true;
/** The wait state of a message-driven process: any message wakes it. */
export const HANDLER: Matcher = () => true;

/**
 * Make the running process message-driven: once its function returns, `handler` is called
 * with each message, oldest first. `label` is what the observer shows as its initial call.
 */
export function setHandler(s: Scheduler, handler: ((msg: unknown) => unknown) | null, label?: string): void {
  const p = s.self();
  p.handler = handler;
  if (label !== undefined) p.initialCall = label;
}

/** Feed queued messages to a message-driven process until its queue or budget runs out. */
export function runHandler(s: Scheduler, p: Proc): void {
  for (;;) {
    const m = p.mailbox.take(ANY, p.mailbox.head);
    if (m === NO_MATCH) {
      p.pred = HANDLER;
      p.save = p.mailbox.head;
      p.status = "waiting";
      return s.park(p);
    }
    p.pred = null;
    s.bl.r--;
    if (s.tracer !== null) s.tracer.receive(p.pid, m);
    let r: unknown;
    try {
      r = p.handler!(m);
    } catch (e) {
      return crash(s, p, e);
    }
    if (p.status === "dead") return;
    if (isThenable(r)) {
      r.then(
        () => settled(s, p),
        (e) => crash(s, p, e),
      );
      return;
    }
    if (p.handler === null) return exitProcess(s, p, "normal");
    if (s.bl.r <= 0) {
      p.pred = HANDLER;
      p.save = p.mailbox.head;
      p.status = "runnable";
      s.runQueue.push(p);
      return s.park(p);
    }
  }
}
