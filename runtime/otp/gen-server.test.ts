import { describe, expect, it } from "vitest";
import { IO, Process, exit, monitor, receive, self, send, spawn } from "../kernel/api";
import { inspect } from "../kernel/inspect";
import { _ } from "../kernel/match";
import { cluster } from "../../test/support/cluster";
import { Exit, type Pid } from "../kernel/term";
import { GenServer, type From, type GenServerModule } from "./gen-server";

/** The stack from Elixir's GenServer docs. */
const Stack: GenServerModule<unknown[], unknown[]> = {
  name: "Stack",
  init: (items) => ["ok", items],
  handleCall: (req, _from, state) => {
    if (req === "pop") {
      const [head, ...rest] = state;
      return ["reply", head, rest];
    }
    if (req === "size") return ["reply", state.length, state];
    if (req === "crash") throw new Error("asked to crash");
    return ["reply", ["unknown", req], state];
  },
  handleCast: ([tag, x], state) => (tag === "push" ? ["noreply", [x, ...state]] : ["noreply", state]),
  handleInfo: (msg, state) => ["noreply", [["info", msg], ...state]],
  terminate: (reason) => IO.puts(`terminate: ${JSON.stringify(reason)}`),
};

async function exitReason(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return "no exit";
  } catch (e) {
    if (e instanceof Exit) return e.reason;
    throw e;
  }
}

describe("GenServer", () => {
  it("answers calls, applies casts and infos in order (the Stack from the Elixir docs)", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [ok, pid] = await GenServer.start(Stack, ["hello"]);
      IO.puts(ok);
      GenServer.cast(pid, ["push", "world"]);
      IO.puts(await GenServer.call(pid, "pop"));
      IO.puts(await GenServer.call(pid, "pop"));
      send(pid, "ping");
      IO.puts(JSON.stringify(await GenServer.call(pid, "pop")));
    });
    await c.drain();
    expect(c.out).toEqual(["ok", "world", "hello", '["info","ping"]']);
  });

  it("registers a name, refuses a second server under it, and calls by name", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Stack, [1], { name: "stack" });
      const again = await GenServer.start(Stack, [], { name: "stack" });
      IO.puts(JSON.stringify(again) === JSON.stringify(["error", ["already_started", pid]]) ? "already_started" : "??");
      IO.puts(String(await GenServer.call("stack", "pop")));
      IO.puts(String(GenServer.whereis("stack") === pid));
    });
    await c.drain();
    expect(c.out).toEqual(["already_started", "1", "true"]);
  });

  it("exits the caller with noproc for a name nobody has", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      IO.puts(JSON.stringify(await exitReason(GenServer.call("nobody", "hi"))));
    });
    await c.drain();
    expect(c.out).toEqual(['["noproc",["GenServer","call",["nobody","hi",5000]]]']);
  });

  it("exits the caller with a timeout when the reply is late, and drops the late reply", async () => {
    const Slow: GenServerModule<null> = {
      init: () => ["ok", null],
      handleCall: async (_req, _from, s) => {
        await Process.sleep(100);
        return ["reply", "late", s];
      },
    };
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Slow, null);
      const reason = (await exitReason(GenServer.call(pid, "work", 50))) as unknown[];
      IO.puts(String(reason[0]));
      await Process.sleep(100);
      const leftover = await receive(_, { after: 0 });
      IO.puts(typeof leftover === "symbol" ? "mailbox clean" : `left: ${JSON.stringify(leftover)}`);
    });
    await c.drain();
    await c.advance(300, 5);
    expect(c.out).toEqual(["timeout", "mailbox clean"]);
  });

  it("exits the caller with the server's reason when the server crashes during the call; terminate runs", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Stack, []);
      const reason = (await exitReason(GenServer.call(pid, "crash"))) as unknown[];
      IO.puts(`${(reason[0] as unknown[])[0]}: ${(reason[0] as unknown[])[1]}`);
      IO.puts(`alive: ${Process.alive(pid)}`);
    });
    await c.drain();
    expect(c.out).toEqual(['terminate: ["error","asked to crash"]', "error: asked to crash", "alive: false"]);
    expect(c.lines.some((l) => l.kind === "crash" && l.text.includes("asked to crash"))).toBe(true);
  });

  it("supports deferred replies with GenServer.reply", async () => {
    const Deferred: GenServerModule<From[]> = {
      init: () => ["ok", []],
      handleCall: (req, from, waiting) => {
        if (req === "wait") return ["noreply", [...waiting, from]];
        for (const f of waiting) GenServer.reply(f, "released");
        return ["reply", waiting.length, []];
      },
    };
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Deferred, null);
      const me = self();
      for (let i = 0; i < 3; i++) spawn(async () => send(me, ["got", await GenServer.call(pid, "wait")]));
      await Process.sleep(1);
      IO.puts(`released ${await GenServer.call(pid, "release")}`);
      for (let i = 0; i < 3; i++) IO.puts((await receive(["got", _]))[1]);
    });
    await c.advance(5);
    expect(c.out).toEqual(["released 3", "released", "released", "released"]);
  });

  it("stops with a reason, running terminate, and start reports init's stop as an error", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Stack, []);
      IO.puts(await GenServer.stop(pid, "shutdown"));
      IO.puts(`alive: ${Process.alive(pid)}`);
      const bad = await GenServer.start({ init: () => ["stop", "no config"] }, null);
      IO.puts(JSON.stringify(bad));
      const ignored = await GenServer.start({ init: () => "ignore" }, null);
      IO.puts(JSON.stringify(ignored));
    });
    await c.drain();
    expect(c.out).toEqual(['terminate: "shutdown"', "ok", "alive: false", '["error","no config"]', '"ignore"']);
  });

  it("calls a server that lives on another scheduler", async () => {
    const c = cluster(2);
    c.spawn(1, async () => {
      await GenServer.start(Stack, ["from scheduler 1"], { name: "remote_stack" });
    });
    c.spawn(0, async () => {
      await Process.sleep(5);
      IO.puts(await GenServer.call("remote_stack", "pop"));
    });
    await c.advance(20);
    expect(c.out).toEqual(["from scheduler 1"]);
  });

  it("finds a call's reply in O(1) behind a long mailbox (receive markers)", async () => {
    let tested = 0;
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Stack, [1, 2, 3]);
      const me = self();
      for (let i = 0; i < 10_000; i++) send(me, ["noise", i]);
      const s = c.schedulers[0];
      const take = s.self().mailbox.take.bind(s.self().mailbox);
      s.self().mailbox.take = (pred, from) => take((m) => (tested++, pred(m)), from);
      await GenServer.call(pid, "pop");
      IO.puts("replied");
    });
    await c.drain();
    expect(c.out).toEqual(["replied"]);
    expect(tested).toBeLessThan(10);
  });
});

describe("GenServer.stop", () => {
  it("exits the caller with noproc when the server is already dead, as Elixir", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      const [, pid] = await GenServer.start(Stack, []);
      await GenServer.stop(pid);
      IO.puts(JSON.stringify(await exitReason(GenServer.stop(pid))));
    });
    await c.drain();
    expect(c.out.at(-1)).toMatch(/^\["noproc",\["GenServer","stop",\["#PID<0\.\d+\.0>","normal",null\]\]\]$/);
  });
});

describe("GenServer: exits from callbacks and calls to itself (gen_server's rules)", () => {
  const Exiter: GenServerModule<string, string> = {
    name: "Exiter",
    init: (x) => ["ok", x],
    handleCall: (req, _from, state) => {
      if (req === "exit") exit("boom");
      if (req === "self") return GenServer.call(self(), "x").then((v) => ["reply", v, state]);
      return ["reply", req, state];
    },
    handleCast: async () => {
      await Process.sleep(1);
      return exit("cast_boom");
    },
    handleInfo: () => exit("normal"),
    terminate: (reason, state) => IO.puts(`terminate ${state} ${inspect(reason)}`),
  };

  it("runs terminate with the reason when handleCall, handleCast (async) or handleInfo calls exit, then exits with it", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      Process.flag("trap_exit", true);
      const [, a] = (await GenServer.start(Exiter, "a")) as [string, Pid];
      IO.inspect(await exitReason(GenServer.call(a, "exit")), { label: "call exited" });
      const [, b] = (await GenServer.start(Exiter, "b")) as [string, Pid];
      const rb = monitor(b);
      GenServer.cast(b, "exit");
      IO.inspect((await receive(["DOWN", rb, _, _, _]) as unknown[])[4], { label: "cast DOWN" });
      const [, d] = (await GenServer.start(Exiter, "c")) as [string, Pid];
      const rd = monitor(d);
      send(d, "exit");
      IO.inspect((await receive(["DOWN", rd, _, _, _]) as unknown[])[4], { label: "info DOWN" });
    });
    await c.advance(50);
    expect(c.out).toEqual([
      'terminate a "boom"',
      expect.stringMatching(/^call exited: \{:boom, \{GenServer, :call, \[#PID<0\.\d+\.0>, "exit", 5000\]\}\}$/),
      'terminate b "cast_boom"',
      'cast DOWN: "cast_boom"',
      "terminate c :normal",
      "info DOWN: :normal",
    ]);
  });

  it("exits a process that calls itself with calling_self at once, not after the timeout", async () => {
    const c = cluster();
    c.spawn(0, async () => {
      IO.inspect(await exitReason(GenServer.call(self(), "hi")), { label: "call self" });
    });
    await c.drain(); // no clock advance: a timeout could not have fired
    expect(c.out).toEqual([expect.stringMatching(/^call self: \{:calling_self, \{GenServer, :call, \[#PID<0\.\d+\.0>, "hi", 5000\]\}\}$/)]);
  });
});
