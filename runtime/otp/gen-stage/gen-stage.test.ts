import { describe, expect, it } from "vitest";
import { IO, Process, send } from "../../kernel/api";
import { cluster, type Cluster } from "../../../test/support/cluster";
import type { Pid } from "../../kernel/term";
import { GenServer } from "../gen-server";
import { splitBatches } from "./demand";
import { GenStage, type GenStageModule } from "./index";

/** A producer of the integers from `start` on, as many as asked; stops making them at `upTo`. */
function counter(log: number[] = [], upTo = Infinity): GenStageModule<number, number> {
  return {
    name: "Counter",
    init: (n) => ["producer", n],
    handleDemand: (demand, n) => {
      log.push(demand);
      const end = Math.min(n + demand, upTo);
      const events: number[] = [];
      for (let i = n; i < end; i++) events.push(i);
      return ["noreply", events, end];
    },
    handleCall: (req, _from, n) => (req === "next" ? ["reply", n, [], n] : ["reply", ["unknown", req], [], n]),
    handleCast: (req, n) => (typeof req === "number" ? ["noreply", [], req] : ["noreply", [], n]),
  };
}

/** A producer that only emits what it is told to (`GenStage.call(p, ["emit", events])`). */
const Emitter: GenStageModule<null, { opts?: object }> = {
  name: "Emitter",
  init: ({ opts }) => ["producer", null, opts ?? {}],
  handleDemand: (_demand, s) => ["noreply", [], s],
  handleCall: ([, events], _from, s) => ["reply", "ok", events, s],
};

/** A producer_consumer that doubles every event. */
const Doubler: GenStageModule<null, unknown> = {
  name: "Doubler",
  init: () => ["producer_consumer", null],
  handleEvents: (events: number[], _from, s) => ["noreply", events.map((x) => x * 2), s],
};

/** A consumer that records each batch in `batches` (and sleeps `delayMs` per batch when asked to). */
function recorder(batches: unknown[][], opts: { delayMs?: number; onBatch?: (events: unknown[]) => void } = {}): GenStageModule<null, unknown> {
  return {
    name: "Recorder",
    init: () => ["consumer", null],
    handleEvents: async (events, _from, s) => {
      batches.push(events);
      opts.onBatch?.(events);
      if (opts.delayMs) await Process.sleep(opts.delayMs);
      return ["noreply", [], s];
    },
    handleCancel: (c, _from, s) => {
      IO.puts(`cancel ${JSON.stringify(c)}`);
      return ["noreply", [], s];
    },
  };
}

/** Start `module` from a process on scheduler `i` (so it lives there); resolves to its pid. */
async function startOn(c: Cluster, i: number, module: GenStageModule, arg: unknown): Promise<Pid> {
  let pid: Pid | undefined;
  c.spawn(i, async () => {
    const r = await GenStage.start(module, arg);
    if (r[0] !== "ok") throw new Error(`start failed: ${JSON.stringify(r)}`);
    pid = r[1] as Pid;
  });
  await c.drain();
  return pid!;
}

describe("GenStage pipeline", () => {
  for (const n of [1, 2]) {
    it(`delivers every event exactly once and in order through producer → producer_consumer → consumer (cluster(${n}))`, async () => {
      const c = cluster(n);
      const batches: unknown[][] = [];
      const total = 5000;
      const p = await startOn(c, 0, counter([], total), 0);
      const pc = await startOn(c, n - 1, Doubler, null);
      const cons = await startOn(c, n - 1, recorder(batches), null);
      c.spawn(n - 1, async () => {
        IO.puts(JSON.stringify(await GenStage.syncSubscribe(pc, { to: p })));
        await GenStage.syncSubscribe(cons, { to: pc });
      });
      await c.drain();
      expect(c.out[0]).toMatch(/^\["ok","#Reference<.*>"\]$/);
      const got = batches.flat();
      expect(got).toEqual(Array.from({ length: total }, (_, i) => i * 2));
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(500);
      expect(c.exits).toEqual([expect.anything(), expect.anything(), expect.anything(), expect.anything()]); // the 4 starters only
    });
  }

  it("stages on two schedulers: the producer lives on scheduler 0, the consumer on scheduler 1", async () => {
    const c = cluster(2);
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, counter([], 3000), 0);
    const cons = await startOn(c, 1, recorder(batches), null);
    expect([p.endsWith(".0>"), cons.endsWith(".1>")]).toEqual([true, true]);
    c.spawn(0, () => void GenStage.syncSubscribe(cons, { to: p, maxDemand: 100 }));
    await c.drain();
    expect(batches.flat()).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});

describe("GenStage demand", () => {
  it("asks maxDemand (1000) at subscription, then re-asks 500 each time 500 events are handled (minDemand = max/2)", async () => {
    const c = cluster();
    const demands: number[] = [];
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, counter(demands, 3000), 0);
    const cons = await startOn(c, 0, recorder(batches), null);
    c.spawn(0, () => void GenStage.syncSubscribe(cons, { to: p }));
    await c.drain();
    expect(demands.slice(0, 7)).toEqual([1000, 500, 500, 500, 500, 500, 500]);
    expect(batches.map((b) => b.length).slice(0, 6)).toEqual([500, 500, 500, 500, 500, 500]);
  });

  it("follows minDemand and maxDemand given at subscription", async () => {
    const c = cluster();
    const demands: number[] = [];
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, counter(demands, 100), 0);
    const cons = await startOn(c, 0, recorder(batches), null);
    c.spawn(0, () => void GenStage.syncSubscribe(cons, { to: p, maxDemand: 10, minDemand: 7 }));
    await c.drain();
    expect(demands.slice(0, 4)).toEqual([10, 3, 3, 3]);
    expect(batches.map((b) => b.length).slice(0, 4)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("splits batches and plans asks as gen_stage's split_batches does", () => {
    const events = Array.from({ length: 1000 }, (_, i) => i);
    const [demand, batches] = splitBatches(events, 500, 1000, 1000, () => {});
    expect(batches.map(([b, ask]) => [b.length, ask])).toEqual([[500, 500], [500, 500]]);
    expect(demand).toBe(1000);
    const [d2, b2] = splitBatches(events.slice(0, 300), 500, 1000, 1000, () => {});
    expect([d2, b2.map(([b, ask]) => [b.length, ask])]).toEqual([700, [[300, 0]]]);
  });

  it("keeps a slow consumer's events in flight (and its mailbox) within maxDemand: back-pressure", async () => {
    const c = cluster();
    let emitted = 0;
    let handled = 0;
    let maxInFlight = 0;
    const queueLens: number[] = [];
    const Fast: GenStageModule<number, number> = {
      init: (n) => ["producer", n],
      handleDemand: (demand, n) => {
        emitted += demand;
        maxInFlight = Math.max(maxInFlight, emitted - handled);
        return ["noreply", Array.from({ length: demand }, (_, i) => n + i), n + demand];
      },
    };
    const p = await startOn(c, 0, Fast, 0);
    const cons = await startOn(c, 0, recorder([], { delayMs: 10, onBatch: (e) => (handled += e.length) }), null);
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(cons, { to: p, maxDemand: 100 });
      for (let i = 0; i < 50; i++) {
        await Process.sleep(7);
        queueLens.push((await Process.info(cons))!.messageQueueLen);
      }
      await GenStage.stop(p, "shutdown");
    });
    await c.advance(1000, 1);
    expect(handled).toBeGreaterThan(1000); // it did run for a while
    expect(maxInFlight).toBeLessThanOrEqual(100);
    expect(Math.max(...queueLens)).toBeLessThanOrEqual(2); // at most maxDemand / (max - min) batches
  });

  it("accumulates demand until the producer is set to forward", async () => {
    const c = cluster();
    const demands: number[] = [];
    const batches: unknown[][] = [];
    const Acc: GenStageModule<number, number> = { ...counter(demands, 30), init: (n) => ["producer", n, { demand: "accumulate" }] };
    const p = await startOn(c, 0, Acc, 0);
    const a = await startOn(c, 0, recorder(batches), null);
    const b = await startOn(c, 0, recorder(batches), null);
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(a, { to: p, maxDemand: 10 });
      await GenStage.syncSubscribe(b, { to: p, maxDemand: 10 });
      await Process.sleep(10);
      IO.puts(`${await GenStage.demand(p)} ${JSON.stringify(demands)}`);
      GenStage.demand(p, "forward");
      await Process.sleep(10);
      IO.puts(`${await GenStage.demand(p)} ${JSON.stringify(demands.slice(0, 2))}`);
    });
    await c.advance(100, 1);
    expect(c.out).toEqual(["accumulate []", "forward [10,10]"]);
    expect(batches.flat().sort((x, y) => (x as number) - (y as number))).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe("GenStage buffer", () => {
  it("keeps the last bufferSize events when nobody asks, and logs how many it dropped", async () => {
    const c = cluster();
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, Emitter, { opts: { bufferSize: 5 } });
    const cons = await startOn(c, 0, recorder(batches), null);
    c.spawn(0, async () => {
      await GenStage.call(p, ["emit", [1, 2, 3, 4, 5, 6, 7, 8]]);
      IO.puts(String(await GenStage.estimateBufferedCount(p)));
      await GenStage.syncSubscribe(cons, { to: p });
    });
    await c.drain();
    expect(c.all.filter((l) => l.includes("discarded"))).toEqual([`[warning] GenStage producer ${p} has discarded 3 events from buffer`]);
    expect(c.out[0]).toBe("5");
    expect(batches).toEqual([[4, 5, 6, 7, 8]]);
  });

  it("keeps the first events with bufferKeep: \"first\"", async () => {
    const c = cluster();
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, Emitter, { opts: { bufferSize: 3, bufferKeep: "first" } });
    const cons = await startOn(c, 0, recorder(batches), null);
    c.spawn(0, async () => {
      await GenStage.call(p, ["emit", [1, 2, 3, 4, 5]]);
      await GenStage.syncSubscribe(cons, { to: p });
    });
    await c.drain();
    expect(batches).toEqual([[1, 2, 3]]);
  });
});

describe("GenStage dispatchers", () => {
  it("DemandDispatcher sends to the consumer with the largest demand first", async () => {
    const c = cluster();
    const got: Record<string, unknown[][]> = { a: [], b: [] };
    const manual = (key: string, want: number): GenStageModule<null, null> => ({
      init: () => ["consumer", null],
      handleSubscribe: (_kind, _opts, from, s) => {
        GenStage.ask(from, want);
        return ["manual", s];
      },
      handleEvents: (events, _from, s) => {
        got[key].push(events);
        return ["noreply", [], s];
      },
    });
    const p = await startOn(c, 0, Emitter, {});
    const b = await startOn(c, 0, manual("b", 5), null);
    const a = await startOn(c, 0, manual("a", 3), null);
    c.spawn(0, async () => {
      // a subscribes (and asks) first: a first-come dispatcher would serve it first.
      await GenStage.syncSubscribe(a, { to: p });
      await Process.sleep(1);
      await GenStage.syncSubscribe(b, { to: p });
      await Process.sleep(1);
      await GenStage.call(p, ["emit", [1, 2, 3, 4, 5, 6]]);
      await GenStage.call(p, ["emit", [7, 8]]);
    });
    await c.advance(10, 1);
    expect(got).toEqual({ b: [[1, 2, 3, 4, 5]], a: [[6], [7, 8]] });
    // As in gen_stage, the first ask sets the expected maximum, and a larger one is warned about.
    expect(c.all.filter((l) => l.includes("expects a maximum demand of 3"))).toHaveLength(1);
  });

  it("BroadcastDispatcher gives every event to every consumer, at the slowest's pace, filtered by a selector", async () => {
    const c = cluster();
    const fast: unknown[][] = [];
    const slow: unknown[][] = [];
    let emitted = 0;
    let slowHandled = 0;
    let maxAhead = 0;
    const Producer: GenStageModule<number, number> = {
      // Accumulate until both consumers are in, or the first gets events the second never sees.
      init: (n) => ["producer", n, { dispatcher: "BroadcastDispatcher", demand: "accumulate" }],
      handleDemand: (demand, n) => {
        const end = Math.min(n + demand, 200);
        emitted = end;
        maxAhead = Math.max(maxAhead, emitted - slowHandled);
        return ["noreply", Array.from({ length: end - n }, (_, i) => n + i), end];
      },
    };
    const p = await startOn(c, 0, Producer, 0);
    const f = await startOn(c, 0, recorder(fast), null);
    const s = await startOn(
      c,
      0,
      recorder(slow, { delayMs: 5, onBatch: () => (slowHandled = emitted) }),
      null,
    );
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(s, { to: p, maxDemand: 20, selector: (e: number) => e % 2 === 0 });
      await GenStage.syncSubscribe(f, { to: p, maxDemand: 20 });
      GenStage.demand(p, "forward");
    });
    await c.advance(1000, 1);
    expect(fast.flat()).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(slow.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
    expect(maxAhead).toBeLessThanOrEqual(20);
  });

  it("refuses a selector across schedulers (a function cannot be sent between workers)", async () => {
    const c = cluster(2);
    const p = await startOn(c, 0, { ...Emitter, init: () => ["producer", null, { dispatcher: "BroadcastDispatcher" }] }, {});
    const cons = await startOn(c, 1, recorder([]), null);
    c.spawn(1, async () => {
      const r = await GenStage.syncSubscribe(cons, { to: p, selector: () => true });
      IO.puts(String(r[0] === "error" && r[1][0] === "bad_opts"));
    });
    await c.drain();
    expect(c.out).toEqual(["true"]);
  });

  it("PartitionDispatcher routes each event to the consumer of its partition", async () => {
    const c = cluster(2);
    const evens: unknown[][] = [];
    const odds: unknown[][] = [];
    const Producer: GenStageModule<number, number> = {
      ...counter([], 100),
      init: (n) => ["producer", n, { dispatcher: ["PartitionDispatcher", { partitions: 2, hash: (e: number) => [e, e % 2] as const }] }],
    };
    const p = await startOn(c, 0, Producer, 0);
    const e = await startOn(c, 0, recorder(evens), null);
    const o = await startOn(c, 1, recorder(odds), null);
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(e, { to: p, partition: 0, maxDemand: 10 });
      await GenStage.syncSubscribe(o, { to: p, partition: 1, maxDemand: 10 });
    });
    await c.drain();
    expect(evens.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(odds.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i * 2 + 1));
  });

  it("PartitionDispatcher's default hash spreads events over the partitions", async () => {
    const c = cluster();
    const parts: unknown[][][] = [[], [], []];
    const Producer: GenStageModule<number, number> = {
      ...counter([], 300),
      init: (n) => ["producer", n, { dispatcher: ["PartitionDispatcher", { partitions: 3 }] }],
    };
    const p = await startOn(c, 0, Producer, 0);
    const cs: Pid[] = [];
    for (const part of parts) cs.push(await startOn(c, 0, recorder(part), null));
    c.spawn(0, async () => {
      for (let i = 0; i < 3; i++) await GenStage.syncSubscribe(cs[i], { to: p, partition: i });
    });
    await c.drain();
    const all = parts.map((x) => x.flat() as number[]);
    expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    for (const x of all) expect(x.length).toBeGreaterThan(30);
  });
});

describe("GenStage cancel", () => {
  async function modes(reason: string): Promise<{ alive: Record<string, boolean>; reasons: Record<string, unknown> }> {
    const c = cluster();
    const p = await startOn(c, 0, counter([], 10), 0);
    const ids: Record<string, Pid> = {};
    for (const mode of ["permanent", "transient", "temporary"] as const) ids[mode] = await startOn(c, 0, recorder([]), null);
    c.spawn(0, async () => {
      for (const mode of ["permanent", "transient", "temporary"] as const) {
        await GenStage.syncSubscribe(ids[mode], { to: p, cancel: mode });
      }
      await Process.sleep(1);
      await GenStage.stop(p, reason);
    });
    await c.advance(10, 1);
    const reasons: Record<string, unknown> = {};
    for (const [pid, r] of c.exits) for (const [mode, id] of Object.entries(ids)) if (id === pid) reasons[mode] = r;
    const alive: Record<string, boolean> = {};
    for (const mode of Object.keys(ids)) alive[mode] = !(mode in reasons);
    return { alive, reasons };
  }

  it("when the producer stops normally: permanent exits, transient and temporary stay", async () => {
    const { alive, reasons } = await modes("normal");
    expect(alive).toEqual({ permanent: false, transient: true, temporary: true });
    expect(reasons).toEqual({ permanent: "normal" });
  });

  it("when the producer exits abnormally: permanent and transient exit with its reason, temporary stays", async () => {
    const { alive, reasons } = await modes("kaput");
    expect(alive).toEqual({ permanent: false, transient: false, temporary: true });
    expect(reasons).toEqual({ permanent: "kaput", transient: "kaput" });
  });

  it("a temporary consumer hears of it in handleCancel as [\"down\", reason]", async () => {
    const c = cluster();
    const p = await startOn(c, 0, counter([], 10), 0);
    const cons = await startOn(c, 0, recorder([]), null);
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(cons, { to: p, cancel: "temporary" });
      await Process.sleep(1);
      await GenStage.stop(p, "shutdown");
    });
    await c.advance(10, 1);
    expect(c.out).toEqual(['cancel ["down","shutdown"]']);
  });

  it("cancels the subscription on the producer when a consumer dies, and keeps serving the others", async () => {
    const c = cluster();
    const cancels: unknown[] = [];
    const Producer: GenStageModule<number, number> = {
      ...counter([], Infinity),
      handleCancel: (cancellation, _from, n) => {
        cancels.push(cancellation);
        return ["noreply", [], n];
      },
    };
    const kept: unknown[][] = [];
    const p = await startOn(c, 0, Producer, 0);
    const doomed = await startOn(c, 0, recorder([], { delayMs: 1 }), null);
    const other = await startOn(c, 0, recorder(kept, { delayMs: 1 }), null);
    c.spawn(0, async () => {
      await GenStage.syncSubscribe(doomed, { to: p, maxDemand: 10 });
      await GenStage.syncSubscribe(other, { to: p, maxDemand: 10 });
      await Process.sleep(2);
      Process.exit(doomed, "kill");
      await Process.sleep(20);
      await GenStage.stop(p, "shutdown");
    });
    await c.advance(100, 1);
    expect(cancels).toEqual([["down", "killed"]]);
    const seen = kept.flat() as number[];
    expect(seen.length).toBeGreaterThan(20);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("a permanent consumer exits with noproc when it subscribes to nobody", async () => {
    const c = cluster();
    const cons = await startOn(c, 0, recorder([]), null);
    c.spawn(0, async () => {
      try {
        await GenStage.syncSubscribe(cons, { to: "nobody" });
      } catch {
        // the call may race the stage's exit
      }
    });
    await c.drain();
    expect(c.exits.find(([pid]) => pid === cons)?.[1]).toBe("noproc");
  });
});

describe("GenStage as a GenServer", () => {
  it("answers GenServer.call and GenServer.cast through handleCall and handleCast", async () => {
    const c = cluster();
    const p = await startOn(c, 0, counter(), 7);
    c.spawn(0, async () => {
      IO.puts(String(await GenServer.call(p, "next")));
      GenServer.cast(p, 42);
      IO.puts(String(await GenStage.call(p, "next")));
      IO.puts(await GenStage.demand(p));
    });
    await c.drain();
    expect(c.out).toEqual(["7", "42", "forward"]);
  });

  it("subscribes at init with subscribeTo, and refuses to subscribe a producer", async () => {
    const c = cluster();
    const batches: unknown[][] = [];
    const p = await startOn(c, 0, counter([], 20), 0);
    const Sub: GenStageModule<null, null> = { ...recorder(batches), init: () => ["consumer", null, { subscribeTo: [[p, { maxDemand: 5 }]] }] };
    await startOn(c, 0, Sub, null);
    c.spawn(0, async () => {
      IO.puts(JSON.stringify(await GenStage.syncSubscribe(p, { to: p })));
    });
    await c.drain();
    expect(batches.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(c.out).toEqual(['["error","not_a_consumer"]']);
  });

  it("runs terminate and exits when a callback returns stop", async () => {
    const c = cluster();
    const Stopper: GenStageModule<null, null> = {
      init: () => ["consumer", null],
      handleInfo: (msg, s) => (msg === "stop" ? ["stop", "bye", s] : ["noreply", [], s]),
      terminate: (reason) => IO.puts(`terminate ${reason}`),
    };
    const pid = await startOn(c, 0, Stopper, null);
    c.spawn(0, () => void send(pid, "stop"));
    await c.drain();
    expect(c.out).toEqual(["terminate bye"]);
    expect(c.exits.find(([x]) => x === pid)?.[1]).toBe("bye");
  });

  it("start reports init's stop and bad options", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      IO.puts(JSON.stringify(await GenStage.start({ init: () => ["stop", "nope"] }, null)));
      IO.puts(JSON.stringify(await GenStage.start({ init: () => ["producer", null, { bufferSize: -1 }] }, null)));
      IO.puts(JSON.stringify(await GenStage.start({ init: () => ["consumer", null, { dispatcher: "BroadcastDispatcher" } as never] }, null)));
    });
    await c.drain();
    expect(c.out[0]).toBe('["error","nope"]');
    expect(c.out[1]).toMatch(/^\["error",\["bad_opts","expected bufferSize/);
    expect(c.out[2]).toMatch(/^\["error",\["bad_opts","unknown options/);
  });
});
