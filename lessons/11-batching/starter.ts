/**
 * Lesson 11 — Batching (starter).
 * A database process charges 5 ms per write, whatever its size. 100 rows written one by one
 * take 100 writes; through a buffered writer that flushes every 25 rows (or 50 ms after the
 * first row of a batch, whichever comes first) they take 4.
 * TODO: the writer only flushes on size, so a trickle of 3 rows never reaches the database.
 * Add the timeout: the first row of a batch starts a timer (Process.sendAfter), and
 * handleInfo flushes when it fires — unless that batch was already flushed by size.
 */
import { GenServer, Process, IO, makeRef, self, type Pid, type Ref } from "beamlab";

type Row = { id: number; score: number };
const row = (id: number): Row => ({ id, score: (id * 37) % 100 });

export default async function main() {
  // 1. One row per write.
  let [, db] = await GenServer.start(Db, null);
  let started = Date.now();
  for (let id = 1; id <= 100; id++) await GenServer.call(db as Pid, ["insert", [row(id)]]);
  let [rows, writes] = await GenServer.call(db as Pid, "stats");
  IO.puts(`one by one: ${rows} rows in ${writes} writes, ${Date.now() - started} ms`);

  // 2. The same rows through a buffered writer: n rows per write.
  await GenServer.stop(db as Pid);
  [, db] = await GenServer.start(Db, null);
  const [, writer] = await start(db as Pid, { maxRows: 25, maxWaitMs: 50 });
  started = Date.now();
  for (let id = 1; id <= 100; id++) write(writer as Pid, row(id));
  await flush(writer as Pid);
  [rows, writes] = await GenServer.call(db as Pid, "stats");
  IO.puts(`batched: ${rows} rows in ${writes} writes, ${Date.now() - started} ms`);

  // 3. A trickle: too few rows to fill a batch. Nobody calls flush; the timeout does.
  for (let id = 101; id <= 103; id++) write(writer as Pid, row(id));
  await Process.sleep(100);
  [rows, writes] = await GenServer.call(db as Pid, "stats");
  IO.puts(`after a trickle of 3: ${rows} rows in ${writes} writes`);

  await GenServer.stop(writer as Pid);
  await GenServer.stop(db as Pid);
}

// Client

/** Start a buffered writer in front of `db`. */
function start(db: Pid, opts: { maxRows: number; maxWaitMs: number }) {
  return GenServer.start(BufferedWriter, { db, ...opts });
}

/** Queue one row; returns at once. */
function write(writer: Pid, r: Row) {
  return GenServer.cast(writer, ["write", r]);
}

/** Write whatever is buffered now, and return once it is in the database. */
function flush(writer: Pid) {
  return GenServer.call(writer, "flush");
}

// Server (callbacks)

type State = { db: Pid; maxRows: number; maxWaitMs: number; buffer: Row[]; timer: Ref | null };

const BufferedWriter = {
  init: (opts: { db: Pid; maxRows: number; maxWaitMs: number }) =>
    ["ok", { ...opts, buffer: [], timer: null } as State] as const,

  handleCast: async ([, r]: ["write", Row], s: State) => {
    const buffer = [...s.buffer, r];
    if (buffer.length >= s.maxRows) return ["noreply", await flushBuffer({ ...s, buffer }, "size")] as const;
    // TODO: the first row of a batch should start a clock (makeTimer, below, starts one),
    //       so that no row waits more than maxWaitMs.
    return ["noreply", { ...s, buffer }] as const;
  },

  handleCall: async (_req: "flush", _from: unknown, s: State) => ["reply", "ok", await flushBuffer(s, "flush")] as const,

  // TODO: when the current batch's clock fires, flush the batch (reason "timeout"); the
  //       clock of a batch already flushed by size is stale.
  handleInfo: async (_msg: ["timeout", Ref], s: State) => ["noreply", s] as const,
};

function makeTimer(ms: number): Ref {
  const ref = makeRef();
  Process.sendAfter(self(), ["timeout", ref], ms);
  return ref;
}

/** One write for the whole buffer. */
async function flushBuffer(s: State, why: "size" | "timeout" | "flush"): Promise<State> {
  if (s.buffer.length > 0) {
    await GenServer.call(s.db, ["insert", s.buffer]);
    IO.puts(`flush: ${s.buffer.length} rows (${why})`);
  }
  return { ...s, buffer: [], timer: null };
}

/** The database: every write is a 5 ms round trip, however many rows it carries. */
const Db = {
  init: () => ["ok", { rows: 0, writes: 0 }] as const,

  handleCall: async (req: ["insert", Row[]] | "stats", _from: unknown, s: { rows: number; writes: number }) => {
    if (req === "stats") return ["reply", [s.rows, s.writes], s] as const;
    await Process.sleep(5);
    return ["reply", "ok", { rows: s.rows + req[1].length, writes: s.writes + 1 }] as const;
  },
};
