/**
 * One program run at a time for the workbench: starts it on the browser host, feeds its
 * output into a bounded ConsoleBuffer and its stats frames into a StatsStore (both outside
 * React), and re-renders the console at most 10 times a second, whatever the program prints.
 *
 *     const run = useRun({ onCompileErrors: (errs) => markers(errs), onEnd: (finished) => check(finished) });
 *     run.start(code, settings);  run.stop();  run.kill(pid);  await run.info(pid);
 *     run.start(code, settings, { statsHz: 10, keepFrames: true });   // a lesson's check run
 *
 * When main returns the run goes on while other processes run (that is what the charts are
 * for, where `elixir script.exs` would halt): `mainReturned` says so, "counted" once a stats
 * frame of main's scheduler taken after its exit makes the store's process count exact.
 *
 * With `settings.deterministic` the run is simulated from `settings.seed` (browser-sim-host.ts):
 * the same panels show it, and the end message says what was simulated.
 * Starting a run clears the console, the charts, the lanes and the table at once; the last
 * run's console stays one click away (`previous`).
 *
 * `onEnd` gets the whole run — every output line (the console keeps only the newest) and, with
 * `keepFrames`, the decoded stats frames — for the lesson checks.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { startRun, type BrowserRunResult, type Run } from "../../../runtime/host/browser-host";
import { startSimRun, type PauseInfo, type SimRunResult, type Stepping } from "../../../runtime/host/browser-sim-host";
import type { MainExit } from "../../../runtime/host/exit-report";
import type { CompileError, OutputLine, ProcessDetails, ProcessGone } from "../../../runtime/host/protocol";
import { describeRunEnd } from "../../../runtime/host/run-monitor";
import type { DecodedFrame } from "../../../runtime/host/stats";
import type { Pid } from "../../../runtime/index";
import { ConsoleBuffer, crashSource, type ConsoleLine } from "./consoleBuffer";
import { RunTimeline } from "../timeline/runTimeline";
import { toRunOptions, type WorkbenchSettings } from "./settings";
import { StatsStore } from "./statsStore";

/** Where the workbench is: nothing ran yet, a run is on, or the last run ended. */
export type RunPhase = "idle" | "running" | "ended";

/** During a run: main still runs ("no"), returned, or returned and the store's count is past it. */
export type MainReturned = "no" | "returned" | "counted";

/** How long the observer waits for a process's details. */
const INFO_TIMEOUT_MS = 1000;
/** Frames kept for `onEnd` (the newest; 10 Hz × 2 schedulers for 4 minutes). */
const MAX_KEPT_FRAMES = 5000;

/** A finished run, whole: how it ended, every output line, the kept stats frames, the code and the settings it ran with. */
export interface FinishedRun {
  status: BrowserRunResult["status"];
  lines: OutputLine[];
  frames: DecodedFrame[];
  /** The program that ran (a lesson about races explores it under many seeds). */
  code: string;
  /** The settings used, the scheduler count resolved ("auto" is the core count). */
  settings: WorkbenchSettings;
}

/** Per-run extras beyond the learner's settings. */
export interface StartExtras {
  /** Stats frames per second per scheduler (default 4, the charts' rate). */
  statsHz?: number;
  /** Keep the run's stats frames for `onEnd`. */
  keepFrames?: boolean;
  /** A deterministic run's faults, written form (`kill:NAME@120ms,...`): replayed with its seed. */
  faults?: string;
  /** A deterministic run: start paused after this many decisions (stepping). */
  pauseAfter?: number;
  /** Pin processes in the queue chart by registered name or initial call, as they appear (a lesson's stages). */
  pin?: readonly string[];
  /** Lines the console shows first, before the program's output ("2 type errors …; running anyway"). */
  notes?: string[];
}

export function useRun(opts: { onCompileErrors(errors: CompileError[]): void; onStart?(): void; onEnd?(run: FinishedRun): void }) {
  const output = useMemo(() => new ConsoleBuffer(2000), []);
  const store = useMemo(() => new StatsStore(), []);
  // The run's recording and the moment every panel shows (live: its head).
  const timeline = useMemo(() => new RunTimeline(), []);
  const [phase, setPhase] = useState<RunPhase>("idle");
  const [endMessage, setEndMessage] = useState("");
  const [mainReturned, setMainReturned] = useState<MainReturned>("no");
  const [consoleVersion, setConsoleVersion] = useState(0);
  /** The faults of the last deterministic run, written form ("" if none): with its seed, they replay it. */
  const [lastFaults, setLastFaults] = useState("");
  /** A deterministic run paused between decisions (stepping); null when running freely or not at all. */
  const [paused, setPaused] = useState<PauseInfo | null>(null);
  const stepper = useRef<Stepping | null>(null);
  /** The last run's console as it ended, one click away while a new run starts clean. */
  const [previous, setPrevious] = useState<ConsoleLine[] | null>(null);
  const current = useRef<Run | null>(null);
  const notify = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  const changed = useCallback(() => {
    if (notify.current !== null) return;
    notify.current = setTimeout(() => {
      notify.current = null;
      setConsoleVersion(output.version);
    }, 100);
  }, [output]);

  const stop = useCallback(() => {
    current.current?.stop();
  }, []);

  const start = useCallback(
    (code: string, settings: WorkbenchSettings, extras: StartExtras = {}) => {
      current.current?.stop();
      if (output.lines().length > 0) setPrevious(output.lines().slice());
      // Nothing of the last run stays on screen: the console now (not at the new run's first
      // line, which may come seconds later), the table, charts and lanes with the store.
      output.clear();
      for (const text of extras.notes ?? []) output.push({ pid: null, kind: "error", text });
      if (notify.current !== null) clearTimeout(notify.current);
      notify.current = null;
      setConsoleVersion(output.version);
      store.reset(extras.pin);
      setPhase("running");
      setEndMessage("");
      setMainReturned("no");
      let returned: MainReturned = "no";
      const mainIs = (m: MainReturned) => {
        if (current.current !== run || returned === m) return;
        returned = m;
        setMainReturned(m);
      };
      latest.current.onStart?.();
      const options = toRunOptions(settings, navigator.hardwareConcurrency || 2);
      const used: WorkbenchSettings = { ...settings, schedulers: options.schedulers ?? settings.schedulers };
      const runOptions = {
        ...options,
        onOutput: (line: OutputLine) => {
          output.push({ ...line, source: line.kind === "crash" ? crashSource(line.text, code) : undefined });
          changed();
        },
        // A crash ends the run anyway (its report says how); only a return leaves it going.
        onMainExit: (e: MainExit) => !e.crashed && mainIs("returned"),
      };
      // A deterministic run (a seed) is simulated in one worker; it looks like any other run here.
      let run: Run;
      setPaused(null);
      stepper.current = null;
      if (settings.deterministic) {
        const sim = startSimRun(code, {
          ...runOptions,
          schedulers: runOptions.schedulers ?? 2,
          seed: settings.seed,
          faults: extras.faults,
          ...(extras.pauseAfter !== undefined ? { pauseAfter: extras.pauseAfter } : {}),
        });
        sim.onPause((p) => current.current === sim && setPaused(p));
        stepper.current = sim;
        run = sim;
      } else {
        run = startRun(code, { ...runOptions, ...(extras.statsHz ? { statsHz: extras.statsHz } : {}) });
      }
      setLastFaults("");
      current.current = run;
      timeline.begin(run.trace);
      const frames: DecodedFrame[] = [];
      run.onStats((frame) => {
        store.addFrame(frame);
        timeline.addFrame(frame);
        // Main runs on scheduler 0: its frames after main-exit no longer count main.
        if (returned === "returned" && frame.sched === 0) mainIs("counted");
        if (extras.keepFrames) {
          frames.push(frame);
          if (frames.length > MAX_KEPT_FRAMES) frames.splice(0, frames.length - MAX_KEPT_FRAMES);
        }
      });
      // Pins reach the workers, so a pinned process stays in the frames among thousands.
      let sentPins = "";
      const sendPins = () => {
        const pins = [...store.pinned].sort();
        if (pins.join(",") === sentPins) return;
        sentPins = pins.join(",");
        run.pin(pins as Pid[]);
      };
      sendPins();
      const unsubscribePins = store.subscribe(sendPins);
      void run.result.then((r) => {
        unsubscribePins();
        if (current.current !== run) return;
        current.current = null;
        stepper.current = null;
        setPaused(null);
        let message: string;
        if (r.status === "compile-error") {
          const errors = r.errors ?? [];
          for (const e of errors) output.push({ pid: null, kind: "crash", text: `program.ts:${e.line}:${e.column}: ${e.message}` });
          message = `Compile error: ${errors.length} problem${errors.length === 1 ? "" : "s"} (see the underlined code)`;
          latest.current.onCompileErrors(errors);
        } else if (r.status === "stopped") {
          message = "Stopped.";
        } else {
          const said = describeRunEnd({ ...r, status: r.status });
          message = said || (r.status === "normal" ? "The run ended normally." : r.status);
          if (r.status === "normal" && said) message = `The run ended: ${said}`;
        }
        message += ` (${(r.ms / 1000).toFixed(1)} s)`;
        if ("note" in r) {
          message += ` — ${(r as SimRunResult).note}`;
          setLastFaults((r as SimRunResult).faults);
        }
        output.push({ pid: null, kind: "system", text: message });
        store.tick();
        timeline.end();
        setEndMessage(message);
        setPhase("ended");
        setMainReturned("no");
        changed();
        latest.current.onEnd?.({ status: r.status, lines: r.output, frames, code, settings: used });
      });
    },
    [output, store, timeline, changed],
  );

  const kill = useCallback((pid: string) => current.current?.kill(pid as Pid), []);

  /** Stepping a deterministic run: `n` more decisions, run to the end. */
  const step = useCallback((n = 1) => {
    setPaused(null);
    stepper.current?.step(n);
  }, []);
  const resume = useCallback(() => {
    setPaused(null);
    stepper.current?.continue();
  }, []);

  const info = useCallback(async (pid: string): Promise<ProcessDetails | ProcessGone | null> => {
    const run = current.current;
    if (!run) return null;
    return Promise.race([run.info(pid as Pid), new Promise<null>((r) => setTimeout(() => r(null), INFO_TIMEOUT_MS))]);
  }, []);

  useEffect(
    () => () => {
      current.current?.stop();
      timeline.dispose();
      if (notify.current !== null) clearTimeout(notify.current);
    },
    [],
  );

  return { phase, endMessage, mainReturned, output, consoleVersion, previous, store, timeline, start, stop, kill, info, lastFaults, paused, step, resume };
}

export type RunApi = ReturnType<typeof useRun>;
