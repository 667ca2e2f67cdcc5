/**
 * local_throughput — one-way message throughput between two processes on ONE scheduler
 * (one worker thread): 1,000,000 messages, one sender, one counting receiver.
 *
 * How: the receiver is a closure, so it runs on the sender's scheduler. The sender sends
 * the integers N..1 in a plain loop; the receiver takes them with a catch-all `receive()`
 * and, after the last one, reports the time to the sender. Clock: from just before the
 * first send to the receiver having taken the last message (both clocks are the same
 * worker's `performance.now()`). As on the BEAM, the sender runs its reduction budget and
 * messages queue up before the receiver runs. One warm-up round, then 5 rounds; median.
 *
 * BEAM twin: bench/beam/local_throughput.exs (both processes pinned to scheduler 1).
 */
import { spawn, send, receive, self, _, IO } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(1_000_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

async function counter(parent: ReturnType<typeof self>, n: number) {
  for (let i = 0; i < n; i++) await receive();
  send(parent, ["done", performance.now()]);
}

async function round(): Promise<number> {
  const receiver = spawn(counter, self(), N);
  const t0 = performance.now();
  for (let i = N; i > 0; i--) send(receiver, i);
  const [, t1] = await receive(["done", _]);
  return t1 - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function main() {
  await round(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) times.push(await round());
  const rates = times.map((ms) => Math.round((N / ms) * 1000));
  const value = median(rates);
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "local_throughput",
        value,
        unit: "messages/s",
        messages: N,
        ms: +times[rates.indexOf(value)].toFixed(2),
        samples: rates,
      }),
  );
}
