/**
 * Lesson 15 — Sending to many (solution).
 * 10,000 receivers, half on each scheduler. main sends 5 events to all of them, first one
 * message per receiver (25,000 of them cross to the other scheduler), then manifold-style:
 * grouped by scheduler, one message per scheduler to a relay that fans out locally.
 */
import { spawnOpt, send, receive, self, IO, Process, _, type Pid } from "beamlab";

const RECEIVERS = 10_000;
const EVENTS = 5;
/** How many events each round sends: an untimed warm-up of each way, then the measured rounds. */
const ROUNDS = [1, 1, EVENTS, EVENTS];

/** An event as a chat server might broadcast it: about 1 KB. */
const event = (n: number) => ["event", { type: "MESSAGE_CREATE", n, channel: 42, content: "x".repeat(1000) }] as const;

export default async function main() {
  const me = self();
  // A tally on each scheduler hears from the receivers beside it, so measuring adds no remote traffic.
  const tallies = [0, 1].map((s) => spawnOpt(tally, [me, RECEIVERS / 2, ROUNDS.length], { scheduler: s }));
  const pids = Array.from({ length: RECEIVERS }, (_, i) => spawnOpt(receiver, [tallies[i % 2], ROUNDS], { scheduler: i % 2 }));
  const relays = [0, 1].map((s) => spawnOpt(relay, [], { scheduler: s }));
  await Process.alive(pids[RECEIVERS - 1]); // a round trip: every receiver exists now

  const groupedSend = (pids: Pid[], msg: unknown) => manifoldSend(relays, pids, msg);

  // Warm up both ways first: the JIT compiles the hot paths on the first round.
  await broadcast(pids, 1, plainSend);
  await broadcast(pids, 1, groupedSend);

  report("plain send", await broadcast(pids, EVENTS, plainSend));
  report("grouped send", await broadcast(pids, EVENTS, groupedSend));

  for (const r of relays) send(r, "stop");
}

/**
 * Send `events` events to every pid with `sendAll`; count the sends main made, the time main
 * spent sending, and the time until every receiver had every event.
 */
async function broadcast(pids: Pid[], events: number, sendAll: (pids: Pid[], msg: unknown) => Pid[]) {
  const started = Date.now();
  let sends = 0;
  let remote = 0;
  for (let n = 1; n <= events; n++) {
    for (const dest of sendAll(pids, event(n))) {
      sends++;
      if (schedulerOf(dest) !== schedulerOf(self())) remote++;
    }
  }
  const sent = Date.now() - started; // main is free to do other work from here on
  await receive(["delivered", 0]);
  await receive(["delivered", 1]);
  return { sends, remote, sent, delivered: Date.now() - started };
}

function report(label: string, r: { sends: number; remote: number; sent: number; delivered: number }) {
  IO.puts(`${label}: ${r.sends} sends from main, ${r.remote} remote; main done sending in ${r.sent} ms, all delivered in ${r.delivered} ms`);
}

/** Which scheduler a pid lives on: the last number of #PID<0.id.scheduler> (Elixir: node(pid)). */
function schedulerOf(pid: Pid): number {
  return Number(pid.slice(pid.lastIndexOf(".") + 1, -1));
}

// Two ways to send one message to many pids; each returns the destinations it sent to

/** One send per pid. */
function plainSend(pids: Pid[], msg: unknown): Pid[] {
  for (const pid of pids) send(pid, msg);
  return pids;
}

/** Send `msg` to every pid: one message per scheduler, to the relay there. Returns the relays used. */
function manifoldSend(relays: Pid[], pids: Pid[], msg: unknown): Pid[] {
  const groups = new Map<number, Pid[]>();
  for (const pid of pids) {
    const s = schedulerOf(pid);
    const group = groups.get(s);
    if (group) group.push(pid);
    else groups.set(s, [pid]);
  }
  const used: Pid[] = [];
  for (const [s, group] of groups) {
    send(relays[s], ["send", group, msg]);
    used.push(relays[s]);
  }
  return used;
}

/** On each scheduler: fan a message out to the local pids it names. */
export async function relay() {
  for (;;) {
    const m = await receive((m: unknown) => m === "stop" || (Array.isArray(m) && m[0] === "send"));
    if (m === "stop") return;
    const [, pids, msg] = m as ["send", Pid[], unknown];
    for (const pid of pids) send(pid, msg);
  }
}

// Receivers, and a tally per scheduler that says when all of its receivers have a round

export async function receiver(tally: Pid, rounds: number[]) {
  for (const events of rounds) {
    for (let i = 0; i < events; i++) await receive(["event", _]);
    send(tally, "got_round");
  }
}

export async function tally(main: Pid, receivers: number, rounds: number) {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < receivers; i++) await receive("got_round");
    send(main, ["delivered", schedulerOf(self())]);
  }
}
