/**
 * DemandDispatcher, the default: each event goes to ONE consumer, the one that has asked for
 * the most and not yet received it. Internal module.
 *
 *                                ┌─► [consumer a: demand 7]  ◄── gets the batch first
 *     [producer] ─ [3 events] ───┤
 *                                └─► [consumer b: demand 2]
 *
 * Consumers are kept sorted by outstanding demand, highest first; on a tie the one that got
 * its demand earlier goes first. A consumer that leaves with demand the producer was already
 * asked for leaves it `pending`: the next asks are served from it instead of asking again.
 *
 *     const d = new DemandDispatcher(ctx);
 *     d.subscribe({}, [a, refA]); d.subscribe({}, [b, refB]);
 *     d.ask(7, [a, refA]); d.ask(2, [b, refB]);   // 7, then 2: ask handleDemand for them
 *     d.dispatch([1, 2, 3], 3);                   // all three to a (demand 7 → 4)
 *
 * Options (`["DemandDispatcher", opts]`): `maxDemand` (warn when a consumer asks for more)
 * and `shuffleDemandsOnFirstDispatch`. Mirrors gen_stage's GenStage.DemandDispatcher.
 */
import { activeScheduler } from "../../kernel/current";
import type { Pid, Ref } from "../../kernel/term";
import type { Dispatcher, DispatcherContext, SubFrom, SubscribeOpts } from "./dispatcher";

/** Options of the DemandDispatcher. */
export interface DemandDispatcherOpts {
  /** The demand consumers are expected to ask for at most (default: the first ask). */
  maxDemand?: number;
  /** Shuffle the consumers once, before the first dispatch (spreads the first batches). */
  shuffleDemandsOnFirstDispatch?: boolean;
}

type Demand = [counter: number, pid: Pid, ref: Ref];

/** Sends each batch to the consumer with the highest outstanding demand. */
export class DemandDispatcher implements Dispatcher {
  private demands: Demand[] = [];
  /** Demand of cancelled consumers that the producer was already asked for. */
  private pending = 0;
  private max: number | undefined;
  private shuffle: boolean;

  constructor(
    private ctx: DispatcherContext,
    opts: DemandDispatcherOpts = {},
  ) {
    this.max = opts.maxDemand;
    this.shuffle = opts.shuffleDemandsOnFirstDispatch === true;
  }

  /** A new consumer starts with no demand. */
  subscribe(_opts: SubscribeOpts, [pid, ref]: SubFrom): number {
    this.demands.push([0, pid, ref]);
    return 0;
  }

  /** Forget the consumer; its unmet demand becomes `pending`. */
  cancel([, ref]: SubFrom): number {
    this.pending += this.pop(ref);
    return 0;
  }

  /** Add to the consumer's demand; ask the producer for what `pending` does not cover. */
  ask(counter: number, [pid, ref]: SubFrom): number {
    this.max ??= counter;
    if (counter > this.max) {
      this.ctx.log(
        `[warning] GenStage producer DemandDispatcher expects a maximum demand of ${this.max}. ` +
          `Using different maximum demands will overload greedy consumers. Got demand for ${counter} events from ${pid}`,
      );
    }
    const current = this.pop(ref);
    this.add(current + counter, pid, ref);
    const alreadySent = Math.min(this.pending, counter);
    this.pending -= alreadySent;
    return counter - alreadySent;
  }

  /** Hand out `events` to the consumers with the most demand; returns what nobody took. */
  dispatch(events: unknown[], length: number): unknown[] {
    if (this.shuffle) {
      this.shuffle = false;
      for (let i = this.demands.length - 1; i > 0; i--) {
        const j = Math.floor(activeScheduler().random() * (i + 1));
        [this.demands[i], this.demands[j]] = [this.demands[j], this.demands[i]];
      }
    }
    let rest = events;
    let left = length;
    while (left > 0 && this.demands.length > 0 && this.demands[0][0] > 0) {
      const [counter, pid, ref] = this.demands.shift()!;
      let now: unknown[];
      let remaining: number;
      if (left <= counter) {
        now = rest;
        rest = [];
        remaining = counter - left;
        left = 0;
      } else {
        now = rest.slice(0, counter);
        rest = rest.slice(counter);
        left -= counter;
        remaining = 0;
      }
      this.ctx.send(pid, ["$gen_consumer", [this.ctx.self, ref], now]);
      this.add(remaining, pid, ref);
    }
    this.pending = Math.max(this.pending - left, 0);
    return rest;
  }

  outstanding(): number {
    let n = 0;
    for (const d of this.demands) n += d[0];
    return n;
  }

  /** Insert keeping the order: before the first consumer with strictly less demand. */
  private add(counter: number, pid: Pid, ref: Ref): void {
    let i = 0;
    while (i < this.demands.length && this.demands[i][0] >= counter) i++;
    this.demands.splice(i, 0, [counter, pid, ref]);
  }

  private pop(ref: Ref): number {
    const i = this.demands.findIndex((d) => d[2] === ref);
    if (i < 0) throw new Error(`DemandDispatcher: unknown subscription ${ref}`);
    return this.demands.splice(i, 1)[0][0];
  }
}
