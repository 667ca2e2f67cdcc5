"use client";
/**
 * The runtime lab: a developer page for the browser host — a plain textarea, Run and Stop,
 * a scheduler count, and the program's output. Not the learner's workbench.
 *
 * For end-to-end tests and the benchmark it exposes, while mounted:
 *
 *     window.__beamlab.run(source, { schedulers: 2, syncLimitMs: 500 })
 *       → Promise<{ status, output: [{ pid, text, kind }], ms, restarts, message?, errors?, stats }>
 *     window.__beamlab.stop()
 *     window.__beamlab.kill("#PID<0.3.0>")      // the observer's Kill, on the current run
 *
 * `stats` counts the stats frames the run sent and the most processes one frame showed.
 *
 * Runs started there show in the page like the Run button's.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Pid } from "../../runtime/index";
import { startRun, type Run } from "../../runtime/host/browser-host";
import type { CompileError, OutputLine } from "../../runtime/host/protocol";
import { describeRunEnd } from "../../runtime/host/run-monitor";
import type { RunSettings } from "../../runtime/host/settings";

/** What `window.__beamlab.run` resolves to. */
export interface LabResult {
  status: string;
  output: OutputLine[];
  ms: number;
  restarts: number;
  message?: string;
  errors?: CompileError[];
  stats: { frames: number; peakProcs: number };
}

/** The test and benchmark hook on `window`. */
export interface LabApi {
  run(source: string, opts?: RunSettings): Promise<LabResult>;
  stop(): void;
  kill(pid: string): void;
}

declare global {
  interface Window {
    __beamlab?: LabApi;
  }
}

const STARTER = `import { spawn, send, receive, self, _, IO } from "beamlab";

export default async function main() {
  const parent = self();
  spawn(async () => send(parent, ["fib", fib(20)]));
  const [, x] = await receive(["fib", _]);
  IO.inspect(x, { label: "fib(20)" });
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
`;

/** Lines kept on screen (the result still carries all of them). */
const SHOWN_LINES = 500;

export function RuntimeLab() {
  const [source, setSource] = useState(STARTER);
  const [schedulers, setSchedulers] = useState("");
  const [lines, setLines] = useState<OutputLine[]>([]);
  const [status, setStatus] = useState("idle");
  const [running, setRunning] = useState(false);
  const current = useRef<Run | null>(null);
  const pending = useRef<OutputLine[]>([]);
  const frame = useRef<number | null>(null);

  // Output arrives in bursts: render at most once per animation frame.
  const show = useCallback((line: OutputLine) => {
    pending.current.push(line);
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const batch = pending.current;
      pending.current = [];
      setLines((old) => old.concat(batch).slice(-SHOWN_LINES));
    });
  }, []);

  const run = useCallback(
    async (src: string, opts: RunSettings = {}): Promise<LabResult> => {
      current.current?.stop();
      setLines([]);
      setRunning(true);
      setStatus("running");
      const handle = startRun(src, { ...opts, onOutput: show });
      current.current = handle;
      const stats = { frames: 0, peakProcs: 0 };
      handle.onStats((f) => {
        stats.frames++;
        stats.peakProcs = Math.max(stats.peakProcs, f.procs);
      });
      const r = await handle.result;
      if (current.current === handle) {
        current.current = null;
        setRunning(false);
      }
      const message = r.status === "compile-error" ? r.message : describeRunEnd({ ...r, status: r.status }) || undefined;
      setStatus(`${r.status}${message ? ` — ${message}` : ""} (${Math.round(r.ms)} ms${r.restarts ? `, ${r.restarts} restart(s)` : ""})`);
      return { status: r.status, output: r.output, ms: r.ms, restarts: r.restarts, message, errors: r.errors, stats };
    },
    [show],
  );

  const stop = useCallback(() => current.current?.stop(), []);
  const kill = useCallback((pid: string) => current.current?.kill(pid as Pid), []);

  useEffect(() => {
    window.__beamlab = { run, stop, kill };
    return () => {
      current.current?.stop();
      delete window.__beamlab;
    };
  }, [run, stop, kill]);

  const onRun = () => {
    const n = Number.parseInt(schedulers, 10);
    void run(source, Number.isFinite(n) && n > 0 ? { schedulers: n } : {});
  };

  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <h1 className="text-2xl font-bold">Runtime lab</h1>
      <p className="mt-1 mb-4 text-muted">
        A developer page for the browser runtime: each Run compiles the program in a worker and runs it on Web
        Workers, one scheduler each.
      </p>
      <label htmlFor="lab-source" className="mb-1 block font-semibold">
        Program
      </label>
      <textarea
        id="lab-source"
        value={source}
        onChange={(e) => setSource(e.target.value)}
        spellCheck={false}
        rows={16}
        className="w-full rounded border border-border bg-code-bg p-2 font-mono text-sm"
      />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" onClick={onRun} className="rounded bg-accent px-4 py-1.5 font-semibold text-bg">
          Run
        </button>
        <button type="button" onClick={stop} disabled={!running} className="rounded border border-border px-4 py-1.5 disabled:opacity-50">
          Stop
        </button>
        <label className="flex items-center gap-2">
          Schedulers
          <input
            type="number"
            min={1}
            max={64}
            placeholder="auto"
            value={schedulers}
            onChange={(e) => setSchedulers(e.target.value)}
            className="w-20 rounded border border-border bg-panel px-2 py-1"
          />
        </label>
        <button type="button" onClick={() => setLines([])} className="rounded border border-border px-4 py-1.5">
          Clear output
        </button>
      </div>
      <p className="mt-3 text-sm text-muted" role="status" data-testid="lab-status">
        {status}
      </p>
      <h2 className="mt-4 mb-1 font-semibold">Output</h2>
      <ol aria-label="Output" data-testid="lab-output" className="min-h-24 rounded border border-border bg-panel p-2 font-mono text-sm">
        {lines.map((l, i) => (
          <li key={i} data-kind={l.kind} className={l.kind === "out" ? "whitespace-pre-wrap" : "whitespace-pre-wrap text-red-700 dark:text-red-400"}>
            {l.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
