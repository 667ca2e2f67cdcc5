/**
 * ping_pong — request/reply round trips between two processes: 200,000 of them.
 *
 * How: the pinger sends `["ping", self()]` and waits in `receive("pong")`; the ponger
 * (a closure, so on the same scheduler) replies and loops until told `"stop"`. Clock in
 * the pinger from before the first ping to after the last pong. One warm-up round, then
 * 5 rounds; median, in round trips per second.
 *
 * BEAM twin: bench/beam/ping_pong.exs (default placement, which on the BEAM usually
 * keeps the pair on one scheduler).
 */
import { spawn, send, receive, self, IO } from "beamlab";
import type { Pid } from "beamlab";

const SCALE = 1;
const N = Math.max(1000, Math.round(200_000 * SCALE));
const ROUNDS = SCALE < 1 ? 1 : 5;

async function ponger() {
  for (;;) {
    const msg = await receive();
    if (msg === "stop") return;
    send((msg as [string, Pid])[1], "pong");
  }
}

async function round(): Promise<number> {
  const b = spawn(ponger);
  const me = self();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    send(b, ["ping", me]);
    await receive("pong");
  }
  const ms = performance.now() - t0;
  send(b, "stop");
  return ms;
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
        key: "ping_pong",
        value,
        unit: "round_trips/s",
        round_trips: N,
        ms: +times[rates.indexOf(value)].toFixed(2),
        same_scheduler: true,
        samples: rates,
      }),
  );
}
