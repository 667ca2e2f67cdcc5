/**
 * genstage_pipeline — events/s through a 3-stage GenStage pipeline,
 * producer -> producer_consumer -> consumer, over 1,000,000 events.
 *
 *     [Counter] --events--> [Doubler] --events--> [Summer]
 *               <--ask n---           <--ask n---
 *
 * How: the real GenStage (not a hand-written loop), default options: maxDemand 1000,
 * minDemand 500, DemandDispatcher, buffers. The producer emits the integers 0..N-1 as
 * asked; the producer_consumer doubles them; the consumer sums them and, at the N-th event,
 * reports the time and the sum (checked against N·(N-1)). Clock: from just before the
 * consumer's subscription to the consumer handling the last event (both on one worker's
 * `performance.now()`). `value`: all three stages on scheduler 0 (where closures start);
 * `split_schedulers`: the consumer on scheduler 1 (started by an exported function), so
 * every batch crosses workers. One warm-up round, then 5 rounds; median. The stages are
 * stopped after each round, so the run ends.
 *
 * BEAM twin: bench/beam/genstage_pipeline.exs (a hand-written demand loop with gen_stage's
 * protocol and accounting, not the gen_stage library).
 */
import { GenStage, spawnOpt, send, receive, self, System, _, IO } from "beamlab";
import type { GenStageModule, Pid } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(1_000_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

const Counter: GenStageModule<number, number> = {
  name: "Counter",
  init: (next) => ["producer", next],
  handleDemand: (demand, next) => {
    const end = Math.min(next + demand, N);
    const events = new Array<number>(end - next);
    for (let i = next; i < end; i++) events[i - next] = i;
    return ["noreply", events, end];
  },
};

const Doubler: GenStageModule<null, null> = {
  name: "Doubler",
  init: () => ["producer_consumer", null],
  handleEvents: (events: number[], _from, s) => {
    const out = new Array<number>(events.length);
    for (let i = 0; i < events.length; i++) out[i] = events[i] * 2;
    return ["noreply", out, s];
  },
};

interface SumState {
  parent: Pid;
  seen: number;
  sum: number;
}

const Summer: GenStageModule<SumState, Pid> = {
  name: "Summer",
  init: (parent) => ["consumer", { parent, seen: 0, sum: 0 }],
  handleEvents: (events: number[], _from, st) => {
    let sum = st.sum;
    for (let i = 0; i < events.length; i++) sum += events[i];
    const seen = st.seen + events.length;
    if (seen === N) send(st.parent, ["done", performance.now(), sum]);
    return ["noreply", [], { parent: st.parent, seen, sum }];
  },
};

/** Runs on scheduler 1 (split variant): start the consumer there and tell `parent` its pid. */
export async function startSummerHere(parent: Pid, reportTo: Pid) {
  const [, pid] = await GenStage.start(Summer, reportTo);
  send(parent, ["summer", pid]);
}

async function round(split: boolean): Promise<number> {
  const me = self();
  const [, producer] = await GenStage.start(Counter, 0);
  const [, middle] = await GenStage.start(Doubler, null);
  await GenStage.syncSubscribe(middle as Pid, { to: producer as Pid });
  let consumer: Pid;
  if (split) {
    spawnOpt(startSummerHere, [me, me], { scheduler: 1 });
    [, consumer] = (await receive(["summer", _])) as [string, Pid];
  } else {
    [, consumer] = (await GenStage.start(Summer, me)) as [string, Pid];
  }
  const t0 = performance.now();
  await GenStage.syncSubscribe(consumer, { to: middle as Pid });
  const [, t1, sum] = (await receive(["done", _, _])) as [string, number, number];
  if (sum !== N * (N - 1)) throw new Error(`checksum mismatch: ${sum} != ${N * (N - 1)}`);
  await GenStage.stop(consumer);
  await GenStage.stop(middle as Pid);
  await GenStage.stop(producer as Pid);
  return t1 - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function variant(split: boolean): Promise<{ rate: number; ms: number; rates: number[] }> {
  await round(split); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) times.push(await round(split));
  const rates = times.map((ms) => Math.round((N / ms) * 1000));
  const rate = median(rates);
  return { rate, ms: times[rates.indexOf(rate)], rates };
}

export default async function main() {
  const local = await variant(false);
  const split = System.schedulersOnline() >= 2 ? await variant(true) : null;
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "genstage_pipeline",
        value: local.rate,
        unit: "events/s",
        events: N,
        ms: +local.ms.toFixed(2),
        max_demand: 1000,
        min_demand: 500,
        implementation: "Beamlab GenStage (DemandDispatcher, default options)",
        samples: local.rates,
        split_schedulers: split?.rate ?? null,
        split_samples: split?.rates ?? null,
      }),
  );
}
