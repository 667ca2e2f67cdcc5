/**
 * Restart intensity: how a supervisor decides that restarting is not helping. More than
 * `maxRestarts` restarts within `maxSeconds` and the supervisor gives up: it stops its
 * children and exits with `shutdown`, so its own supervisor can try a bigger restart.
 *
 *     restarts:  x    x  x   x          (maxRestarts 3, maxSeconds 5)
 *     time:      0    1  2   3 s  ─► the 4th within 5 s: give up
 *
 *     const intensity = new Intensity(3, 5);
 *     if (!intensity.add()) shutDown();
 *
 * Mirrors OTP supervisor's intensity and period (supervisor.erl add_restart/1).
 */
import { activeScheduler } from "../kernel/current";
import { inspect } from "../kernel/inspect";

/**
 * Restart intensity: more than `max` restarts within `seconds` means the supervisor gives up.
 * Times come from the scheduler's clock (a manual clock in tests). OTP counts in whole
 * seconds; this counts in ms (a restart exactly `seconds` old still counts).
 */
export class Intensity {
  private restarts: number[] = [];
  constructor(
    readonly max: number,
    readonly seconds: number,
  ) {
    if (!(Number.isInteger(max) && max >= 0)) throw new TypeError(`maxRestarts must be an integer ≥ 0, got ${inspect(max)}`);
    if (!(seconds > 0)) throw new TypeError(`maxSeconds must be > 0, got ${inspect(seconds)}`);
  }
  /** Count a restart now: true when it is allowed, false when the limit is passed. */
  add(): boolean {
    const now = activeScheduler().clock.now();
    const since = now - this.seconds * 1000;
    this.restarts = this.restarts.filter((t) => t >= since);
    this.restarts.push(now);
    return this.restarts.length <= this.max;
  }
}

