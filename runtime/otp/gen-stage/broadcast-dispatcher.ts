/**
 * BroadcastDispatcher: every event goes to EVERY consumer, at the pace of the slowest.
 * Internal module.
 *
 *                                ┌─► [consumer a: demand 5]  gets [1, 2]
 *     [producer] ─ [1, 2] ───────┤
 *                                └─► [consumer b: demand 2]  gets [1, 2]
 *
 * It asks the producer only for the minimum demand across consumers, so no consumer ever
 * gets more than it asked for. A consumer subscribed with a `selector` gets only the events
 * it selects; the others count as handled (the dispatcher asks on its behalf).
 *
 *     // producer:  init: () => ["producer", s, { dispatcher: "BroadcastDispatcher" }]
 *     // consumer:  GenStage.syncSubscribe(c, { to: p, selector: (e) => e.level === "error" })
 *
 * A selector is a function, so producer and consumer must share a scheduler (see
 * `selectorCrossesSchedulers`). Mirrors gen_stage's GenStage.BroadcastDispatcher.
 */
import { inspect } from "../../kernel/inspect";
import { pidScheduler, type Pid, type Ref } from "../../kernel/term";
import type { Dispatcher, DispatcherContext, SubFrom, SubscribeOpts } from "./dispatcher";

type Demand = [counter: number, pid: Pid, ref: Ref, selector: ((e: unknown) => unknown) | undefined];

/** Sends every event to every consumer, never beyond any consumer's demand. */
export class BroadcastDispatcher implements Dispatcher {
  private demands: Demand[] = [];
  /** Events that every consumer can take now (the minimum demand, moved out of `demands`). */
  private waiting = 0;
  /** Demand asked of the producer and not yet dispatched. */
  private requested = 0;
  private subscribed = new Set<Pid>();

  constructor(private ctx: DispatcherContext) {}

  /** Add a consumer (once per pid); `waiting` goes back into the others' demands. */
  subscribe(opts: SubscribeOpts, [pid, ref]: SubFrom): number | readonly ["error", unknown] {
    const selector = opts.selector;
    if (selector !== undefined && selector !== null && typeof selector !== "function") {
      throw new TypeError(`selector option must be passed a unary function, got: ${inspect(selector)}`);
    }
    if (this.subscribed.has(pid)) {
      this.ctx.log(`[error] ${pid} is already registered with ${this.ctx.self}. This subscription has been discarded.`);
      return ["error", "already_subscribed"];
    }
    this.subscribed.add(pid);
    this.adjust(-this.waiting);
    this.demands.unshift([0, pid, ref, selector ?? undefined]);
    this.waiting = 0;
    return 0;
  }

  /** Drop a consumer: the minimum demand of the rest may now be higher. */
  cancel([pid, ref]: SubFrom): number {
    this.subscribed.delete(pid);
    const i = this.demands.findIndex((d) => d[2] === ref);
    if (i >= 0) this.demands.splice(i, 1);
    if (this.demands.length === 0) {
      this.waiting = 0;
      return 0;
    }
    return this.sync();
  }

  /** Add to one consumer's demand; ask the producer for what the minimum grew by. */
  ask(counter: number, [pid, ref]: SubFrom): number {
    const i = this.demands.findIndex((d) => d[2] === ref);
    const [current, , , selector] = i >= 0 ? this.demands.splice(i, 1)[0] : [0, pid, ref, undefined];
    this.demands.unshift([current + counter, pid, ref, selector]);
    return this.sync();
  }

  /** Send up to `waiting` events to every consumer (filtered by selectors); returns the rest. */
  dispatch(events: unknown[], length: number): unknown[] {
    if (this.waiting === 0) return events;
    const count = Math.min(length, this.waiting);
    const now = count === length ? events : events.slice(0, count);
    const later = count === length ? [] : events.slice(count);
    this.waiting -= count;
    for (const [, pid, ref, selector] of this.demands) {
      let selected = now;
      if (selector !== undefined) {
        selected = now.filter((e) => selector(e));
        const discarded = now.length - selected.length;
        // Events this consumer does not want count as handled: ask for them on its behalf.
        if (discarded > 0) this.ctx.send(this.ctx.self, ["$gen_producer", [pid, ref], ["ask", discarded]]);
      }
      this.ctx.send(pid, ["$gen_consumer", [this.ctx.self, ref], selected]);
    }
    this.requested -= count;
    return later;
  }

  /** Events every consumer can take now (a broadcast goes as fast as the slowest). */
  outstanding(): number {
    let min = Infinity;
    for (const d of this.demands) min = Math.min(min, d[0]);
    return this.demands.length === 0 ? 0 : this.waiting + Math.max(min, 0);
  }

  /** Move the minimum demand into `waiting`; how much more to ask the producer for. */
  private sync(): number {
    let min = Infinity;
    for (const d of this.demands) min = Math.min(min, d[0]);
    min = this.demands.length === 0 ? 0 : Math.max(min, 0);
    this.adjust(min);
    this.waiting += min;
    const request = Math.max(0, this.waiting - this.requested);
    this.requested += request;
    return request;
  }

  private adjust(min: number): void {
    if (min === 0) return;
    for (const d of this.demands) d[0] -= min;
  }
}

/** True when a selector (a function) would have to cross to another scheduler. */
export function selectorCrossesSchedulers(opts: SubscribeOpts, producer: Pid, here: number): boolean {
  return typeof opts.selector === "function" && pidScheduler(producer) !== here;
}
