/**
 * Timed messages: `Process.sendAfter` puts a message on the scheduler's timer heap; it is
 * sent when due, unless cancelled first.
 *
 *     sendAfter(dest, msg, 100) ─► timer heap (timers.ts) ── 100 ms ──► send(dest, msg)
 *                 └─► ref ─► cancelTimer(ref): ms left, or false when it already fired
 *
 *     const ref = Process.sendAfter(self(), "tick", 1000);
 *     Process.cancelTimer(ref);
 *
 * The message is copied when the timer is set, as Erlang does. A timer to a name that no
 * longer exists is dropped silently.
 *
 * Mirrors erlang:send_after/3 and erlang:cancel_timer/1.
 */
import { copyMessage } from "./copy";
import type { Scheduler } from "./scheduler";
import { send } from "./send";
import type { Ref } from "./term";

/** `Process.sendAfter(dest, msg, ms)`: a timer on this scheduler; cancel with `cancelTimer`. */
export function sendAfter(s: Scheduler, dest: unknown, msg: unknown, ms: number): Ref {
  const copy = copyMessage(msg);
  const ref = s.makeRef();
  const timer = s.timers.add(s.clock.now() + ms, () => {
    s.timerRefs.delete(ref);
    try {
      send(s, dest, copy);
    } catch {
      // Like Erlang: a timer message to a name that no longer exists is dropped.
    }
  });
  s.timerRefs.set(ref, timer);
  return ref;
}

/** Cancel a `sendAfter` timer: ms left, or false when it already fired. */
export function cancelTimer(s: Scheduler, ref: Ref): number | false {
  const timer = s.timerRefs.get(ref);
  if (timer === undefined) return false;
  s.timerRefs.delete(ref);
  const at = s.timers.cancel(timer);
  return at === undefined ? false : Math.max(0, Math.round(at - s.clock.now()));
}
