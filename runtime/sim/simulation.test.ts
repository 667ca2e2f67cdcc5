import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { compile } from "../compile/index";
import { Simulation, type SimOptions } from "./simulation";
import { formatFaults, parseFaults } from "./faults";

function code(source: string): string {
  const c = compile(source, { filename: "program.ts" });
  if (!c.ok) throw new Error(c.errors.map((e) => `${e.line}: ${e.message}`).join("\n"));
  return c.code;
}
const run = (src: string, opts: SimOptions) => new Simulation(code(src), opts).run();
const texts = (r: { output: Array<{ text: string }> }) => r.output.map((l) => l.text);

/** Two workers on two schedulers race to tell main; which arrives first is up to the schedule. */
const RACE = `
import { IO, receive, self, send, spawnOpt } from "beamlab";
export async function worker(parent, name) {
  let x = 0;
  for (let i = 0; i < (name === "a" ? 50 : 60); i++) x += i;
  send(parent, name);
}
export default async function main() {
  spawnOpt(worker, [self(), "a"], { scheduler: 1 });
  spawnOpt(worker, [self(), "b"], { scheduler: 1 });
  const first = await receive();
  const second = await receive();
  IO.puts(first + " then " + second);
}`;

describe("a deterministic run", () => {
  it("gives the same output and the same recording for the same seed, 20 times", async () => {
    const src = readFileSync(new URL("../cli/examples/cross-scheduler.ts", import.meta.url), "utf8");
    const first = await run(src, { seed: 7, schedulers: 2, trace: true });
    expect(first.status).toBe("normal");
    expect(texts(first)).toContain("echo said hello from scheduler 1");
    const json = JSON.stringify(first.trace);
    expect(first.trace!.events.length).toBeGreaterThan(10);
    for (let i = 0; i < 19; i++) {
      const again = await run(src, { seed: 7, schedulers: 2, trace: true });
      expect(texts(again)).toEqual(texts(first));
      expect(JSON.stringify(again.trace)).toBe(json);
    }
  });

  it("explores both orders of a race across seeds, and each seed keeps its order", async () => {
    const bySeed = new Map<number, string>();
    for (let seed = 1; seed <= 40; seed++) bySeed.set(seed, texts(await run(RACE, { seed, schedulers: 2 })).join("|"));
    expect(new Set(bySeed.values())).toEqual(new Set(["a then b", "b then a"]));
    for (const seed of [1, 2, 3, 4]) expect(texts(await run(RACE, { seed, schedulers: 2 })).join("|")).toBe(bySeed.get(seed));
  });

  it("sleeps on virtual time: Process.sleep(5000) takes no real time, and the program sees 5 s pass", async () => {
    const t0 = performance.now();
    const r = await run(
      `import { IO, Process } from "beamlab";
       export default async function main() {
         const a = Date.now(), p = performance.now();
         await Process.sleep(5000);
         IO.puts(String(Math.round((Date.now() - a) / 100) * 100) + " " + String(Math.round((performance.now() - p) / 100) * 100));
         IO.puts(new Date().getUTCFullYear() + " " + (Math.random() < 1));
       }`,
      { seed: 1 },
    );
    expect(texts(r)).toEqual(["5000 5000", "2026 true"]);
    expect(r.virtualMs).toBeGreaterThanOrEqual(5000);
    expect(performance.now() - t0).toBeLessThan(r.virtualMs);
  });

  it("seeds Math.random: the same seed draws the same numbers, another seed others", async () => {
    const src = `import { IO } from "beamlab";
      export default function main() { IO.puts(String(Math.random())); }`;
    const a = texts(await run(src, { seed: 3 }));
    expect(texts(await run(src, { seed: 3 }))).toEqual(a);
    expect(texts(await run(src, { seed: 4 }))).not.toEqual(a);
  });

  it("ends a deadlock and says so", async () => {
    const r = await run(`import { receive } from "beamlab"; export default async function main() { await receive(); }`, { seed: 1 });
    expect(r.status).toBe("deadlock");
    expect(r.message).toMatch(/deadlock: main and 0 other/);
  });

  it("reports main's crash as the runner does", async () => {
    const r = await run(`export default function main() { throw new Error("boom"); }`, { seed: 1 });
    expect(r.status).toBe("crashed");
    expect(r.message).toContain("main crashed: boom");
  });

  it("kills a sync runaway at the sync limit on virtual time", async () => {
    const r = await run(
      `import { IO, spawn, Process } from "beamlab";
       function spin() { let x = 0; for (;;) x++; }
       export default async function main() { spawn(spin); await Process.sleep(10); IO.puts("main goes on"); }`,
      { seed: 1, syncLimitMs: 50 },
    );
    expect(texts(r)).toContain("main goes on");
    expect(r.output.some((l) => l.kind === "crash" && /synchronous code without yielding/.test(l.text))).toBe(true);
  });

  it("replays a kill fault at the same decision", async () => {
    const src = `import { IO, Process, receive, self, spawn, monitor, _ } from "beamlab";
      export default async function main() {
        const w = spawn(async () => { Process.register(self(), "w"); for (;;) await receive(); });
        monitor(w);
        const [, , , , reason] = await receive(["DOWN", _, "process", _, _]);
        IO.puts("w died: " + String(reason));
      }`;
    const r = await run(src, { seed: 5, faults: [{ kind: "kill", target: "w", atMs: 1 }] });
    expect(texts(r)).toContain("w died: killed");
    const again = await run(src, { seed: 5, faults: r.faults });
    expect(texts(again)).toEqual(texts(r));
    expect(again.steps).toBe(r.steps);
  });

  it("refuses setTimeout with a pointer to Process.sendAfter", async () => {
    const r = await run(`export default function main() { setTimeout(() => {}, 10); }`, { seed: 1 });
    expect(r.status).toBe("crashed");
    expect(r.message).toMatch(/setTimeout is not available in a deterministic run.*Process.sendAfter/);
  });
});

describe("stepping a deterministic run", () => {
  it("pauses after k decisions, steps one at a time, and ends as the free run does", async () => {
    const src = readFileSync(new URL("../cli/examples/cross-scheduler.ts", import.meta.url), "utf8");
    const free = await run(src, { seed: 9, schedulers: 2 });
    const pauses: number[] = [];
    const sim = new Simulation(code(src), {
      seed: 9,
      schedulers: 2,
      pauseAfter: 3,
      onPause: (s) => {
        pauses.push(s.steps);
        if (pauses.length < 5) s.step(1);
        else s.continue();
      },
    });
    const stepped = await sim.run();
    expect(pauses).toEqual([3, 4, 5, 6, 7]);
    expect(sim.lastDecision).toMatch(/^(scheduler \d|batch \d→\d)$/);
    expect(texts(stepped)).toEqual(texts(free));
    expect(stepped.steps).toBe(free.steps);
  });

  it("shows at decision k what the free run had printed by decision k (stepping back = replaying to k - 1)", async () => {
    const src = readFileSync(new URL("../cli/examples/cross-scheduler.ts", import.meta.url), "utf8");
    const at = async (k: number) => {
      let seen: string[] = [];
      const sim = new Simulation(code(src), {
        seed: 9,
        schedulers: 2,
        pauseAfter: k,
        onPause: (s) => {
          seen = s.output.map((l) => l.text);
          s.stop();
        },
      });
      await sim.run();
      return seen;
    };
    const early = await at(2);
    const later = await at(12);
    expect(later.length).toBeGreaterThan(early.length);
    expect(later.slice(0, early.length)).toEqual(early);
    expect(await at(12)).toEqual(later);
  });
});

describe("a drop fault", () => {
  const src = `import { IO, Process, TIMEOUT, receive, self, send, spawn, _ } from "beamlab";
    export default async function main() {
      const echo = spawn(async function echo() {
        Process.register(self(), "echo");
        for (;;) { const [from, n] = await receive(); send(from, ["pong", n]); }
      });
      await Process.sleep(1);
      for (let n = 1; n <= 3; n++) {
        send(echo, [self(), n]);
        const got = await receive(["pong", _], { after: 50 });
        IO.puts(got === TIMEOUT ? "ping " + n + ": no answer" : "ping " + n + ": pong");
      }
    }`;

  it("loses exactly the nth message between two processes, by name, and replays the same", async () => {
    const faults = parseFaults("drop:echo->#PID<0.2.0>#2");
    const r = await run(src, { seed: 2, faults });
    expect(texts(r).filter((t) => t.startsWith("ping"))).toEqual(["ping 1: pong", "ping 2: no answer", "ping 3: pong"]);
    expect(texts(r)).toContain("** fault: message 2 from echo to #PID<0.2.0> lost (decision " + /decision (\d+)/.exec(texts(r).join("\n"))![1] + ")");
    expect(formatFaults(r.faults)).toBe("drop:echo->#PID<0.2.0>#2");
    expect(texts(await run(src, { seed: 2, faults: r.faults }))).toEqual(texts(r));
    expect(texts(await run(src, { seed: 2 })).filter((t) => t.startsWith("ping"))).toEqual(["ping 1: pong", "ping 2: pong", "ping 3: pong"]);
  });

  it("delays the nth message instead with delay:...@ms: it arrives late, after a later one", async () => {
    const faults = parseFaults("delay:echo->#PID<0.2.0>#1@120ms");
    const r = await run(src, { seed: 2, faults });
    expect(texts(r).filter((t) => t.startsWith("ping"))).toEqual(["ping 1: no answer", "ping 2: pong", "ping 3: pong"]);
    expect(texts(r).some((t) => /message 1 from echo to #PID<0.2.0> delayed 120 ms/.test(t))).toBe(true);
    expect(formatFaults(r.faults)).toBe("delay:echo->#PID<0.2.0>#1@120ms");
    expect(texts(await run(src, { seed: 2, faults: r.faults }))).toEqual(texts(r));
  });
});
