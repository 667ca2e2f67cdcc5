/**
 * cross_scheduler — one-way message throughput from a process on scheduler 0 to a
 * process on scheduler 1 (two worker threads): 1,000,000 messages.
 *
 * How: the receiver is an exported function, started on scheduler 1 with
 * `spawnOpt(counter, [...], { scheduler: 1 })` (a closure could not move: it stays on
 * its spawner's scheduler). The sender (main, on scheduler 0) sends the integers N..1 in
 * a plain loop; the runtime batches them per destination worker. The receiver counts
 * them with a catch-all `receive()` and then reports back. Clock in the sender: from
 * just before the first send to the report's arrival (one extra cross-worker hop, well
 * under a millisecond, on a run of hundreds). Both schedulers' ids are reported, so a
 * failed placement would show. One warm-up round, then 5 rounds; median.
 * Needs 2 schedulers (`--schedulers 2`, the bench's default).
 *
 * BEAM twin: bench/beam/cross_scheduler.exs (sender pinned to scheduler 1, receiver to 2).
 */
import { spawnOpt, send, receive, self, System, Process, _, IO } from "beamlab";
import type { Pid } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(1_000_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

/** Runs on scheduler 1: take `n` messages, then tell `parent` where it ran. */
export async function counter(parent: Pid, n: number) {
  for (let i = 0; i < n; i++) await receive();
  const info = await Process.info(self());
  send(parent, ["done", info?.scheduler]);
}

async function round(): Promise<[number, unknown]> {
  const receiver = spawnOpt(counter, [self(), N], { scheduler: 1 });
  const t0 = performance.now();
  for (let i = N; i > 0; i--) send(receiver, i);
  const [, where] = await receive(["done", _]);
  return [performance.now() - t0, where];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function main() {
  if (System.schedulersOnline() < 2) throw new Error("cross_scheduler needs at least 2 schedulers (--schedulers 2)");
  await round(); // warm-up
  const results: Array<[number, unknown]> = [];
  for (let r = 0; r < ROUNDS; r++) results.push(await round());
  const rates = results.map(([ms]) => Math.round((N / ms) * 1000));
  const value = median(rates);
  const [ms, receiverScheduler] = results[rates.indexOf(value)];
  const me = await Process.info(self());
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "cross_scheduler",
        value,
        unit: "messages/s",
        messages: N,
        ms: +ms.toFixed(2),
        sender_scheduler: me?.scheduler,
        receiver_scheduler: receiverScheduler,
        samples: rates,
      }),
  );
}
