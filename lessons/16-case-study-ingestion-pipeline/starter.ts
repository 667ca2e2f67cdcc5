/**
 * Lesson 16 — Case study: an ingestion pipeline (starter).
 * The talk's live-sports ingestion: consume bytes → parse event XML → apply to the model →
 * notify connected users → store in batches. Each step is a process with a registered name,
 * all under one supervisor. Mid-run we kill the parser: the supervisor restarts it, and
 * events keep flowing.
 * TODO (in main): the stages are started on their own, so when the parser is killed nothing
 * brings it back and the pipeline stops. Start them as children of a supervisor instead.
 */
import { GenServer, Registry, ETS, IO, Process, spawn, send, receive, self, makeRef, _, type Ref } from "beamlab";

export default async function main() {
  ETS.new("stats", { type: "set", access: "public" });
  await Registry.start({ keys: "duplicate", name: "scores" });
  const users = [1, 2, 3].map((u) => spawn(user, u));

  // TODO: start these four under a supervisor that restarts each one on its own.
  await GenServer.start(Store, { maxRows: 10, maxWaitMs: 50 }, { name: "store" });
  await GenServer.start(Model, null, { name: "model" });
  await GenServer.start(Parser, null, { name: "parser" });
  await GenServer.start(Source, 5, { name: "source" });

  await Process.sleep(400);
  report("before the kill");

  const old = Process.whereis("parser")!;
  Process.exit(old, "kill");
  IO.puts("killed the parser");
  await Process.sleep(20);
  const now = Process.whereis("parser");
  IO.puts(`the supervisor restarted it: ${now !== undefined && now !== old}`);

  const before = counts();
  await Process.sleep(400);
  report("after the kill");
  const after = counts();
  const flowing = (["parsed", "applied", "notified", "stored"] as const).every((k) => after[k] > before[k]);
  IO.puts(`events kept flowing: ${flowing}`);

  // Stop the feed, let the pipeline drain, and count what the crash cost.
  await GenServer.stop("source");
  await Process.sleep(100);
  const end = counts();
  IO.puts(`lost in the crash: ${end.emitted - end.parsed} of ${end.emitted} events; all parsed events stored: ${end.stored === end.parsed}`);

  for (const name of ["parser", "model", "store"]) if (Process.whereis(name)) await GenServer.stop(name);
  for (const u of users) Process.exit(u, "kill");
  await GenServer.stop("scores");
}

// Observing: counters every stage bumps in an ETS table

function bump(what: string, by = 1): void {
  ETS.updateCounter("stats", what, by, [what, 0]);
}

function counts() {
  const get = (k: string) => (ETS.lookup("stats", k)[0]?.[1] as number | undefined) ?? 0;
  return { emitted: get("emitted"), parsed: get("parsed"), applied: get("applied"), notified: get("notified"), stored: get("stored") };
}

function report(label: string) {
  const c = counts();
  IO.puts(`${label}: ${c.parsed} parsed, ${c.applied} applied, ${c.notified} notifications, ${c.stored} stored`);
}

// A connected user: subscribed to score updates through the Registry

async function user(id: number) {
  await Registry.register("scores", "updates", id);
  for (;;) {
    await receive(["score", _, _, _]);
    bump("notified");
  }
}

// 1. Consume bytes: a feed that sends event XML in arbitrary chunks, as a socket would

type Event = { match: number; home: number; away: number };

const Source = {
  init: (everyMs: number) => {
    Process.sendAfter(self(), "tick", everyMs);
    return ["ok", { everyMs, n: 0, score: new Map<number, [number, number]>() }] as const;
  },

  handleInfo: (_msg: "tick", s: { everyMs: number; n: number; score: Map<number, [number, number]> }) => {
    const n = s.n + 1;
    const match = (n % 4) + 1;
    const [home, away] = s.score.get(match) ?? [0, 0];
    const next: [number, number] = n % 3 === 0 ? [home, away + 1] : [home + 1, away];
    const xml = `<event><match id="${match}" home="${next[0]}" away="${next[1]}"/></event>`;
    // Chunks of 16 bytes: an event usually arrives in pieces, and pieces of two events together.
    for (let i = 0; i < xml.length; i += 16) GenServer.cast("parser", ["bytes", xml.slice(i, i + 16)]);
    bump("emitted");
    Process.sendAfter(self(), "tick", s.everyMs);
    return ["noreply", { ...s, n, score: new Map(s.score).set(match, next) }] as const;
  },
};

// 2. Parse: collect bytes until a whole <event>…</event> is there, then parse it

const Parser = {
  init: () => ["ok", ""] as const,

  handleCast: ([, bytes]: ["bytes", string], buffer: string) => {
    buffer += bytes;
    // A restarted parser may start in the middle of an event: skip to the next one.
    const start = buffer.indexOf("<event>");
    buffer = start === -1 ? buffer.slice(-6) : buffer.slice(start);
    for (let end = buffer.indexOf("</event>"); end !== -1; end = buffer.indexOf("</event>")) {
      const xml = buffer.slice(0, end + "</event>".length);
      buffer = buffer.slice(xml.length);
      for (const e of parseEvent(xml)) {
        bump("parsed");
        GenServer.cast("model", ["apply", e]);
      }
    }
    return ["noreply", buffer] as const;
  },
};

function parseEvent(xml: string): Event[] {
  return [...xml.matchAll(/<match id="(\d+)" home="(\d+)" away="(\d+)"\/>/g)].map(([, id, home, away]) => ({
    match: Number(id),
    home: Number(home),
    away: Number(away),
  }));
}

// 3. Apply to the model, 4. notify connected users, and hand the row to the store

const Model = {
  init: () => ["ok", new Map<number, Event>()] as const,

  handleCast: ([, e]: ["apply", Event], matches: Map<number, Event>) => {
    bump("applied");
    for (const [pid] of Registry.lookup("scores", "updates")) send(pid, ["score", e.match, e.home, e.away]);
    GenServer.cast("store", ["write", e]);
    return ["noreply", new Map(matches).set(e.match, e)] as const;
  },
};

// 5. Store in batches: the buffered writer of lesson 11

type StoreState = { maxRows: number; maxWaitMs: number; buffer: Event[]; timer: Ref | null };

const Store = {
  init: (opts: { maxRows: number; maxWaitMs: number }) => ["ok", { ...opts, buffer: [], timer: null } as StoreState] as const,

  handleCast: async ([, e]: ["write", Event], s: StoreState) => {
    const buffer = [...s.buffer, e];
    if (buffer.length >= s.maxRows) return ["noreply", await flush({ ...s, buffer })] as const;
    const timer = s.timer ?? makeRef();
    if (s.timer === null) Process.sendAfter(self(), ["flush", timer], s.maxWaitMs);
    return ["noreply", { ...s, buffer, timer }] as const;
  },

  // Only the timer of the current batch flushes; one whose batch was flushed by size is stale.
  handleInfo: async ([, ref]: ["flush", Ref], s: StoreState) => ["noreply", ref === s.timer ? await flush(s) : s] as const,
};

/** One insert for the whole batch (a 5 ms round trip to the database). */
async function flush(s: StoreState): Promise<StoreState> {
  if (s.buffer.length > 0) {
    await Process.sleep(5);
    bump("stored", s.buffer.length);
  }
  return { ...s, buffer: [], timer: null };
}
