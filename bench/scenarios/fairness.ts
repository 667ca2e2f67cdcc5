/**
 * fairness — how quickly a message round trip gets through while every scheduler is
 * saturated by CPU-bound processes (preemption by reduction counting).
 *
 * How: one busy-looping process per scheduler (an exported function that counts
 * forever and never waits, placed with `spawnOpt(hog, [], { scheduler: k })`), a
 * responder that answers `["ping", from, ref]` with `["pong", ref]`, and a pinger that
 * sends 200 pings, one every ~1 ms (`await Process.sleep(1)` between them), timing each
 * round trip with `performance.now()`; 20 warm-up pings are discarded. The responder and
 * pinger are closures of main, so they share scheduler 0 with a hog. Reported:
 * nearest-rank p50/p99/max of the 200 round trips in microseconds, and the same
 * measured without the hogs as `idle_*`. The hogs' schedulers and reductions are reported
 * (proof that they ran where asked); they are killed at the end.
 *
 * BEAM twin: bench/beam/fairness.exs (one pinned hog per scheduler, default placement
 * for responder and pinger).
 */
import { spawn, spawnOpt, send, receive, self, makeRef, System, Process, _, IO } from "beamlab";
import type { Pid } from "beamlab";

const SCALE = 1;
const PINGS = Math.max(20, Math.round(200 * SCALE));
const WARMUP = Math.max(5, Math.round(20 * SCALE));

/** A CPU-bound process: counts forever, never waits. */
export async function hog() {
  let n = 0;
  for (;;) n++;
}

async function responder() {
  for (;;) {
    const [, from, ref] = await receive(["ping", _, _]);
    send(from, ["pong", ref]);
  }
}

async function pingSeries(to: Pid, count: number): Promise<number[]> {
  const rtts: number[] = [];
  for (let i = 0; i < count; i++) {
    const ref = makeRef();
    const t0 = performance.now();
    send(to, ["ping", self(), ref]);
    await receive(["pong", ref]);
    rtts.push((performance.now() - t0) * 1000);
    await Process.sleep(1);
  }
  return rtts;
}

/** Round trips (µs) measured in a dedicated pinger process. */
async function measure(): Promise<number[]> {
  const parent = self();
  const r = spawn(responder);
  spawn(async () => {
    await pingSeries(r, WARMUP);
    send(parent, ["rtts", await pingSeries(r, PINGS)]);
  });
  const [, rtts] = await receive(["rtts", _]);
  Process.exit(r, "kill");
  return rtts;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.max(0, Math.ceil(p * s.length) - 1)]);
}

export default async function main() {
  const idle = await measure();
  const hogs: Pid[] = [];
  for (let k = 0; k < System.schedulersOnline(); k++) hogs.push(spawnOpt(hog, [], { scheduler: k }));
  await Process.sleep(50);
  const loaded = await measure();
  // Shows the hogs really ran (and where) while we measured.
  const hogInfo = await Promise.all(hogs.map(async (h) => await Process.info(h)));
  for (const h of hogs) Process.exit(h, "kill");
  IO.puts(
    "BENCH " +
      JSON.stringify({
        key: "fairness",
        p50_us: percentile(loaded, 0.5),
        p99_us: percentile(loaded, 0.99),
        max_us: Math.round(Math.max(...loaded)),
        unit: "us",
        pings: PINGS,
        busy_processes: hogs.length,
        hog_schedulers: hogInfo.map((i) => i?.scheduler),
        hog_reductions: hogInfo.map((i) => i?.reductions),
        idle_p50_us: percentile(idle, 0.5),
        idle_p99_us: percentile(idle, 0.99),
        idle_max_us: Math.round(Math.max(...idle)),
      }),
  );
}
