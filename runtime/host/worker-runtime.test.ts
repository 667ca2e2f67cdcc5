/** The worker runtime answers the host's commands; here the observer's `info` question. */
import { describe, expect, it } from "vitest";
import { compile } from "../compile/index";
import { makePid, type Pid } from "../kernel/term";
import type { HostCommand, ProcessDetails, WorkerEvent } from "./protocol";
import { decodeFrame } from "./stats";
import { startWorkerRuntime } from "./worker-runtime";

/** A worker runtime on a fake host endpoint: send commands, collect events. */
function fakeWorker() {
  const events: WorkerEvent[] = [];
  let handle: (e: { data: unknown }) => void = () => {};
  startWorkerRuntime({ postMessage: (ev) => events.push(ev as WorkerEvent), addEventListener: (_, h) => (handle = h), removeEventListener() {} });
  return { events, command: (cmd: HostCommand) => handle({ data: cmd }) };
}

const PROGRAM = `import { spawn, send, receive, self, link, Process, IO } from "beamlab";
export default async function main() {
  Process.flag("trap_exit", true);
  const waiter = spawn(async function waiter() { await receive("never"); });
  Process.register(self(), "boss");
  link(waiter);
  send(self(), ["job", 1]);
  send(self(), "hello");
  IO.puts(self());
  await receive("never");
}`;

describe("worker runtime info command", () => {
  it("answers with the process's links, trap_exit, current function and first messages", async () => {
    const w = fakeWorker();
    w.command({ t: "init", config: { index: 0, count: 1, beatMs: 1000 }, ports: [undefined] });
    const compiled = compile(PROGRAM, { filename: "program.ts" });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    w.command({ t: "load", code: compiled.code, start: true });
    await new Promise((r) => setTimeout(r, 50));

    const printed = w.events.flatMap((e) => (e.t === "output" ? e.lines : []));
    const main = printed[0]!.text as Pid;
    w.command({ t: "info", pid: main, id: 7 });
    const answer = w.events.find((e): e is Extract<WorkerEvent, { t: "info" }> => e.t === "info" && e.id === 7);
    const info = answer?.info as ProcessDetails;
    expect(info.pid).toBe(main);
    expect(info.trapExit).toBe(true);
    expect(info.registeredName).toBe("boss");
    expect(info.links).toHaveLength(1);
    expect(info.messageQueueLen).toBe(2);
    expect(info.messages).toEqual(['{:job, 1}', '"hello"']);
    expect(typeof info.currentFunction).toBe("string");
    expect(() => structuredClone(info)).not.toThrow();

    w.command({ t: "stop" });
  });

  it("answers null for a dead pid", () => {
    const w = fakeWorker();
    w.command({ t: "init", config: { index: 0, count: 1, beatMs: 1000 }, ports: [undefined] });
    w.command({ t: "info", pid: makePid(0, 99), id: 1 });
    expect(w.events.find((e) => e.t === "info")).toEqual({ t: "info", id: 1, pid: makePid(0, 99), info: null });
  });

  it("once a process it was asked about dies, says how: because a linked process raised", async () => {
    const w = fakeWorker();
    w.command({ t: "init", config: { index: 0, count: 1, beatMs: 1000 }, ports: [undefined] });
    const compiled = compile(
      `import { spawn, spawnLink, receive, Process, IO } from "beamlab";
       export default async function main() {
         const worker = spawn(async () => {
           const doomed = spawnLink(async () => { await Process.sleep(100); throw new Error("boom"); });
           IO.puts(doomed);
           await receive("never");
         });
         IO.puts(worker);
         await receive("never");
       }`,
      { filename: "program.ts" },
    );
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    w.command({ t: "load", code: compiled.code, start: true });
    await new Promise((r) => setTimeout(r, 50));
    const [worker, doomed] = w.events.flatMap((e) => (e.t === "output" ? e.lines : [])).map((l) => l.text as Pid);
    const ask = (pid: Pid, id: number) => {
      w.command({ t: "info", pid, id });
      return w.events.find((e): e is Extract<WorkerEvent, { t: "info" }> => e.t === "info" && e.id === id)!;
    };
    expect(ask(worker!, 1).info?.pid).toBe(worker);
    // The doomed process raises after 100 ms; ask again until the worker is gone (a loaded machine is slow).
    let id = 2;
    for (let tries = 0; tries < 40 && ask(worker!, id).info !== null; tries++, id++) await new Promise((r) => setTimeout(r, 50));
    expect(ask(worker!, ++id)).toEqual({
      t: "info",
      id,
      pid: worker,
      info: null,
      exited: `exited because linked ${doomed} exited with an exception: boom`,
    });
    // Never asked about while alive: nothing is kept for it.
    expect(ask(doomed!, ++id).exited).toBeUndefined();
    w.command({ t: "stop" });
  });
});

describe("worker runtime pin command", () => {
  it("keeps a pinned process in the stats frames among more processes than a frame lists", async () => {
    const w = fakeWorker();
    w.command({ t: "init", config: { index: 0, count: 1, beatMs: 1000, statsHz: 20 }, ports: [undefined] });
    const compiled = compile(
      `import { spawn, receive, IO } from "beamlab";
       export default async function main() {
         const pids = [];
         for (let i = 0; i < 2000; i++) pids.push(spawn(async () => { await receive("never"); }));
         IO.puts(pids[1500]);
         await receive("never");
       }`,
      { filename: "program.ts" },
    );
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    w.command({ t: "load", code: compiled.code, start: true });
    await new Promise((r) => setTimeout(r, 100));
    const quiet = w.events.flatMap((e) => (e.t === "output" ? e.lines : []))[0]!.text as Pid;
    const listed = () => {
      const frames = w.events.filter((e): e is Extract<WorkerEvent, { t: "stats" }> => e.t === "stats");
      return decodeFrame(frames.at(-1)!.frame).processes.some((p) => p.pid === quiet);
    };
    expect(listed()).toBe(false);
    w.command({ t: "pin", pids: [quiet] });
    await new Promise((r) => setTimeout(r, 120));
    expect(listed()).toBe(true);
    w.command({ t: "stop" });
  });
});

describe("worker runtime compile command", () => {
  it("answers with loadable code, or with the errors at their line and column, under the command's id", () => {
    const w = fakeWorker();
    w.command({ t: "compile", id: 4, source: `export default function main() { return 1; }` });
    w.command({ t: "compile", id: 5, source: `export default function main() {\n  let a = ;\n}` });
    const answers = w.events.filter((e): e is Extract<WorkerEvent, { t: "compiled" }> => e.t === "compiled");
    expect(answers.map((a) => [a.id, a.result.ok])).toEqual([
      [4, true],
      [5, false],
    ]);
    const failed = answers[1].result;
    if (failed.ok) throw new Error("expected errors");
    expect(failed.errors[0]).toMatchObject({ line: 2 });
  });
});
