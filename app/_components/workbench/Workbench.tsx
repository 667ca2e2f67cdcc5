"use client";
/**
 * The workbench: the editor with Run / Stop / Reset / Share and the run settings, the
 * console, live charts, scheduler lanes and an observer-style process table — one component
 * for /playground and every lesson page.
 *
 *     toolbar   [Run] [Stop] [Reset] [Share]  Schedulers [n]  Reductions per slice [4000]  Limits   status
 *               (RunStatus: "Running…", "main returned; 3 processes still running", how the run ended)
 *     editor (Monaco, "beamlab" typings)  │ console (by pid, crashes set apart)
 *                                         │ [Charts | Sequence | Tree] (RunPanels: queue chart,
 *                                         │  lanes, utilization; sequence diagram; process tree)
 *     timeline: ● Live ▁▂▇█▃▁|▁  12 ms / 98 ms  Download trace  Copy Mermaid
 *     process table (sort, search, pin)   │ details + Kill
 *
 * Sized by its own width (a container; `.workbench-grid` in globals.css): from 75rem the
 * editor and the output column sit side by side; from 48rem (a lesson beside its prose on a
 * 1366×768 laptop) the editor spans the width, 80+ columns, above the console and run views;
 * narrower, everything stacks. The editor and output are --workbench-h high, which the page
 * sets to what is left of the window, so the console and a chart are in view with the code.
 * Every panel shows the timeline's moment: live while running, scrubbed back, or the end of
 * the run.
 *
 * The toolbar and console are plain HTML, usable before Monaco has loaded. Work autosaves
 * per page (`id`) and can be shared as a link that loads, never runs, the code. On lesson
 * pages, `lesson` adds the "Elixir" and "Solution" tabs (CodeTabs), and `checkRun` runs the
 * program the way the lesson's checks expect and hands each finished run to the page.
 */
import { useCallback, useEffect, useRef, useState, type CSSProperties } from "react";
import type * as Monaco from "monaco-editor";
import type { CompileError } from "../../../runtime/host/protocol";
import { Editor } from "../Editor";
import type { MonacoApi } from "../monaco/loadMonaco";
import { RunPanels } from "../timeline/RunPanels";
import { Timeline } from "../timeline/Timeline";
import { loadBeamlabTypes } from "./beamlabTypes";
import { CodeTabs, type CodeTab } from "./CodeTabs";
import { Console } from "./Console";
import { ProcessTable } from "./ProcessTable";
import { RunStatus } from "./RunStatus";
import { DEFAULT_SETTINGS, toRunOptions, type WorkbenchSettings } from "./settings";
import { SettingsControls } from "./SettingsControls";
import { ShareButton } from "./ShareButton";
import { DeterministicControls } from "./DeterministicControls";
import { dropFault } from "../../../runtime/host/browser-sim-host";
import { SPLIT, SplitHandle } from "./SplitHandle";
import { clearSavedWork, restoreWork, useAutosave, type WorkSource } from "./useAutosave";
import { useRun, type FinishedRun } from "./useRun";
import { describeTypeProblems, typeProblems } from "../monaco/typeProblems";

export interface WorkbenchProps {
  /** Autosave key: "playground", "lesson:<slug>". */
  id: string;
  starter: string;
  /** Editor model path (distinct per page). */
  path?: string;
  /** On lesson pages: the Elixir twin and the solution. */
  lesson?: { elixir: string; solution: string };
  /** On lesson pages: how the lesson's checks run the program, and who hears of each run. */
  checkRun?: CheckRun;
}

/** A lesson's run needs: its scheduler count (used while the learner keeps "auto"), stats rate. */
export interface CheckRun {
  schedulers?: number;
  /** Set by the workbench: run the code with the lesson's settings (its scheduler count, default limits), whatever the toolbar says. */
  runWithLessonSettings?: { current: (() => void) | null };
  /** Stats frames per second the checks read (frames are then kept for `onEnd`). */
  statsHz?: number;
  /** Processes the queue chart follows from the start, by registered name or initial call. */
  pin?: readonly string[];
  onStart?(): void;
  onEnd?(run: FinishedRun): void;
}

/** The settings and extras of a run: the lesson's scheduler count replaces "auto" (0). */
export function checkRunSettings(settings: WorkbenchSettings, check: CheckRun | undefined): { settings: WorkbenchSettings; statsHz?: number; keepFrames: boolean; pin?: readonly string[] } {
  const schedulers = settings.schedulers === 0 && check?.schedulers ? check.schedulers : settings.schedulers;
  const statsHz = check?.statsHz ? Math.max(4, check.statsHz) : undefined;
  return { settings: { ...settings, schedulers }, statsHz, keepFrames: !!check?.statsHz, pin: check?.pin };
}

/** How many schedulers a run started now would really have while the setting is "auto", on `cores` cores. */
export function autoSchedulers(settings: WorkbenchSettings, check: CheckRun | undefined, cores: number): number {
  return toRunOptions(checkRunSettings({ ...settings, schedulers: 0 }, check).settings, cores).schedulers ?? cores;
}

/** The longest a run waits for the editor's type check before it starts (a warm worker answers in tens of ms). */
const TYPE_CHECK_WAIT_MS = 1000;

export function Workbench({ id, starter, path = "file:///program.ts", lesson, checkRun }: WorkbenchProps) {
  const [code, setCode] = useState(starter);
  const [settings, setSettings] = useState<WorkbenchSettings>(DEFAULT_SETTINGS);
  const [restored, setRestored] = useState<WorkSource | null>(null);
  const [tab, setTab] = useState<CodeTab>("code");
  // The output row's share of the height once the learner moves the split handle (null: CSS's default).
  const [outputShare, setOutputShare] = useState<number | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [compileErrors, setCompileErrors] = useState(0);
  /** Faults the next deterministic run replays: from a share link, or the last run's Kill. */
  const [faults, setFaults] = useState("");
  const monacoRef = useRef<{ editor: Monaco.editor.IStandaloneCodeEditor; monaco: MonacoApi } | null>(null);
  const latest = useRef({ code, settings, checkRun, faults });
  latest.current = { code, settings, checkRun, faults };

  const setMarkers = useCallback((errors: CompileError[]) => {
    setCompileErrors(errors.length);
    const m = monacoRef.current;
    const model = m?.editor.getModel();
    if (!m || !model) return;
    m.monaco.editor.setModelMarkers(
      model,
      "beamlab",
      errors.map((e) => ({
        severity: m.monaco.MarkerSeverity.Error,
        message: e.message,
        startLineNumber: e.line,
        startColumn: e.column,
        endLineNumber: e.line,
        endColumn: Math.max(e.column + 1, model.getLineMaxColumn(Math.min(e.line, model.getLineCount()))),
      })),
    );
  }, []);

  const run = useRun({
    onCompileErrors: setMarkers,
    onStart: () => latest.current.checkRun?.onStart?.(),
    onEnd: (finished) => latest.current.checkRun?.onEnd?.(finished),
  });

  useEffect(() => {
    const { work, from } = restoreWork(id, starter);
    setCode(work.code);
    setSettings(work.settings);
    setFaults(work.faults ?? "");
    setRestored(from);
  }, [id, starter]);
  useAutosave(id, { code, settings }, restored !== null);

  /**
   * Run the program: with the toolbar's settings; `seed` replays that seed (a group found by
   * Find races); `pauseAfter` starts stepping; `lessonSettings` runs with the lesson's (its
   * scheduler count, default limits).
   */
  const start = useCallback(
    async (how: { seed?: number; pauseAfter?: number; lessonSettings?: boolean } = {}) => {
      setMarkers([]);
      setTab("code");
      const { seed } = how;
      const chosen = how.lessonSettings
        ? { ...DEFAULT_SETTINGS, schedulers: latest.current.checkRun?.schedulers ?? 0 }
        : seed === undefined
          ? latest.current.settings
          : { ...latest.current.settings, deterministic: 1, seed };
      const { settings, statsHz, keepFrames, pin } = checkRunSettings(chosen, latest.current.checkRun);
      const code = latest.current.code;
      // Types are advisory: code with type errors runs, but the console says so first.
      const m = monacoRef.current;
      const model = m?.editor.getModel();
      const problems = m && model && model.getValue() === code ? await typeProblems(m.monaco, model, TYPE_CHECK_WAIT_MS) : null;
      const note = describeTypeProblems(problems ?? []);
      const faults = seed === undefined && !how.lessonSettings ? latest.current.faults : "";
      run.start(code, settings, { statsHz, keepFrames, pin, faults, pauseAfter: how.pauseAfter, notes: note ? [note] : [] });
    },
    [run, setMarkers],
  );
  // A Kill during a deterministic run is a fault of that run: Run replays it, a share link carries it.
  useEffect(() => {
    if (run.lastFaults) setFaults(run.lastFaults);
  }, [run.lastFaults]);
  useEffect(() => {
    const slot = checkRun?.runWithLessonSettings;
    if (!slot) return;
    slot.current = () => void start({ lessonSettings: true });
    return () => {
      slot.current = null;
    };
  }, [checkRun, start]);
  const startRef = useRef(start);
  startRef.current = start;

  const onMount = useCallback((editor: Monaco.editor.IStandaloneCodeEditor, monaco: MonacoApi) => {
    monacoRef.current = { editor, monaco };
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void startRef.current());
    editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      if (model) monaco.editor.setModelMarkers(model, "beamlab", []);
    });
    void loadBeamlabTypes(monaco);
  }, []);

  const reset = () => {
    if (!window.confirm("Replace your code with the starter code? Your edits will be lost.")) return;
    clearSavedWork(id);
    setCode(starter);
    setMarkers([]);
  };

  const running = run.phase === "running";
  // On a lesson the status sits at the right of the code tabs, saving the toolbar a second row on a laptop.
  const status = (
    <RunStatus
      run={run}
      idle={restored === "share" ? "Loaded from a shared link — press Run to run it." : restored === "saved" ? "Restored your saved work." : ""}
    />
  );
  return (
    <div
      // A container: its columns follow the workbench's own width (beside a lesson's prose or full width).
      className="@container space-y-3"
      data-testid="workbench"
      data-phase={run.phase}
      data-compile-errors={compileErrors}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
          e.preventDefault();
          void start();
        }
      }}
    >
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Program">
        <button
          type="button"
          data-testid="run"
          onClick={() => void start()}
          title="Run (Ctrl/⌘ + Enter)"
          className="rounded bg-accent px-4 py-1 text-sm font-semibold text-bg hover:opacity-90"
        >
          {running ? "▶ Restart" : "▶ Run"}
        </button>
        <button
          type="button"
          data-testid="stop"
          onClick={run.stop}
          disabled={!running}
          className="rounded border border-border px-3 py-1 text-sm hover:bg-code-bg disabled:opacity-40"
        >
          ■ Stop
        </button>
        <button type="button" data-testid="reset" onClick={reset} className="rounded border border-border px-3 py-1 text-sm hover:bg-code-bg">
          Reset
        </button>
        <ShareButton work={() => (latest.current.settings.deterministic ? latest.current : { code: latest.current.code, settings: latest.current.settings })} />
        <SettingsControls settings={settings} onChange={setSettings} disabled={running} auto={(cores) => autoSchedulers(settings, checkRun, cores)} />
        <DeterministicControls
          settings={settings}
          onChange={setSettings}
          disabled={running}
          faults={faults}
          onClearFaults={() => setFaults("")}
          code={() => latest.current.code}
          onReplay={(seed) => void start({ seed })}
          running={running}
          paused={run.paused}
          onStepFrom={(k) => void start({ pauseAfter: k })}
          onStep={() => run.step(1)}
          onContinue={run.resume}
        />
        {!lesson && status}
      </div>

      <div ref={grid} className="workbench-grid" style={outputShare === null ? undefined : ({ "--workbench-output-h": `${outputShare}%` } as CSSProperties)}>
        <div className="flex min-h-0 min-w-0 flex-col">
          <CodeTabs
            tab={tab}
            onTab={setTab}
            lesson={lesson}
            aside={status}
            onUseSolution={(solution) => {
              setCode(solution);
              setTab("code");
            }}
          >
            <Editor
              value={code}
              onChange={setCode}
              path={path}
              label="Program"
              onMount={onMount}
              className="h-[26rem] min-h-64 @3xl:h-auto @3xl:min-h-0 @3xl:flex-1"
              // Escape then Tab leaves the editor for Run (the editor is no keyboard trap).
              leaveTo={(box) => box.closest("[data-testid=workbench]")?.querySelector<HTMLElement>("[data-testid=run]")}
            />
          </CodeTabs>
        </div>
        <SplitHandle outputShare={outputShare ?? SPLIT.initial} onResize={setOutputShare} grid={() => grid.current} />
        <div className="workbench-output">
          <Console buffer={run.output} version={run.consoleVersion} previous={run.previous} className="h-[18rem] @3xl:h-auto" />
          <RunPanels
            store={run.store}
            timeline={run.timeline}
            className="h-[32rem] @3xl:h-auto"
            onDrop={settings.deterministic ? (from, to, nth, delayMs) => setFaults((f) => [f, dropFault(from, to, nth, delayMs)].filter(Boolean).join(",")) : undefined}
          />
        </div>
      </div>

      <Timeline timeline={run.timeline} />

      <ProcessTable store={run.store} run={run} timeline={run.timeline} />
    </div>
  );
}
