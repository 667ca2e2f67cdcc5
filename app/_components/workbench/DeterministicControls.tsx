"use client";
/**
 * The toolbar's deterministic-run controls: a "Deterministic" switch, the seed, the faults
 * the next run replays, stepping (pause the run and run one scheduling decision at a time; Back
 * replays the seed to the decision before), and "Find races", which runs the program under many seeds in a
 * worker and groups what happened so each outcome can be replayed by its seed.
 *
 *     [✓ Deterministic]  Seed [42] [New seed]  [◀ Back] [Step ▶] [Continue] decision 12 (scheduler 1), 0.004 virtual ms
 *                        [Find races]   faults: kill:w@#12 (replayed on Run) [Clear]
 *     ┌ Find races ────────────────────────────────────────┐
 *     │ Seeds [200] [Explore]   200 schedules, 14 per second │
 *     │ 196 runs  normal  visits: 3             [Replay 1]   │
 *     │   4 runs  normal  visits: 2             [Replay 36]  │
 *     └─────────────────────────────────────────────────────┘
 *
 * What a deterministic run is (runtime/sim): every scheduler simulated on one thread, on
 * virtual time; the seed decides every scheduling choice, so a seed replays a run exactly.
 */
import { useEffect, useId, useRef, useState } from "react";
import { startExplore, type Exploration } from "../../../runtime/host/browser-sim-host";
import type { PauseInfo } from "../../../runtime/host/browser-sim-host";
import type { ExploreGroupView } from "../../../runtime/host/protocol";
import type { WorkbenchSettings } from "./settings";

interface Props {
  settings: WorkbenchSettings;
  onChange(s: WorkbenchSettings): void;
  disabled?: boolean;
  /** Faults the next deterministic run replays (written form), and how to drop them. */
  faults: string;
  onClearFaults(): void;
  /** The program to explore. */
  code(): string;
  /** Run now with `seed` (a group's replay). */
  onReplay(seed: number): void;
  /** A run is on; where a stepped run is paused (null: not paused). */
  running: boolean;
  paused: PauseInfo | null;
  /** Start a run paused after `k` decisions (Step from the start, or Back: replay to k - 1). */
  onStepFrom(k: number): void;
  /** One more decision; run to the end. */
  onStep(): void;
  onContinue(): void;
}

/** Seeds explored unless the learner says otherwise. */
const DEFAULT_RUNS = 200;

export function DeterministicControls({ settings, onChange, disabled, faults, onClearFaults, code, onReplay, running, paused, onStepFrom, onStep, onContinue }: Props) {
  const on = settings.deterministic === 1;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [runs, setRuns] = useState(DEFAULT_RUNS);
  const [exploring, setExploring] = useState(false);
  const [progress, setProgress] = useState<{ done: number; groups: ExploreGroupView[]; perSecond?: number; error?: string } | null>(null);
  const current = useRef<Exploration | null>(null);
  useEffect(() => () => current.current?.stop(), []);

  const explore = () => {
    current.current?.stop();
    setExploring(true);
    setProgress({ done: 0, groups: [] });
    const schedulers = settings.schedulers > 0 ? settings.schedulers : Math.max(1, navigator.hardwareConcurrency || 2);
    const ex = startExplore(
      code(),
      { runs, schedulers, budget: settings.budget, maxProcesses: settings.maxProcesses, maxMailbox: settings.maxMailbox, syncLimitMs: settings.syncLimitMs },
      (done, groups) => setProgress({ done, groups }),
    );
    current.current = ex;
    void ex.result.then((r) => {
      if (current.current !== ex) return;
      current.current = null;
      setExploring(false);
      setProgress(r ? { done: r.runs, groups: r.groups, perSecond: r.perSecond } : { done: 0, groups: [], error: "The program does not compile: press Run to see where." });
    });
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="deterministic-controls">
      <label className="flex items-center gap-1" title="One thread, virtual time: the seed decides every scheduling choice, so the same seed replays the same run">
        <input
          type="checkbox"
          data-testid="deterministic"
          checked={on}
          disabled={disabled}
          onChange={(e) => onChange({ ...settings, deterministic: e.target.checked ? 1 : 0 })}
        />
        Deterministic
      </label>
      {on && (
        <>
          <label className="flex items-center gap-1" htmlFor={`${id}-seed`}>
            Seed
          </label>
          <input
            id={`${id}-seed`}
            data-testid="seed"
            type="number"
            inputMode="numeric"
            min={0}
            max={2_147_483_647}
            value={settings.seed}
            disabled={disabled}
            onChange={(e) => {
              const v = Math.trunc(Number(e.target.value));
              if (e.target.value !== "" && Number.isFinite(v) && v >= 0 && v <= 2_147_483_647) onChange({ ...settings, seed: v });
            }}
            className="w-24 rounded border border-border bg-bg px-1.5 py-0.5 text-right font-mono text-fg"
          />
          <button
            type="button"
            disabled={disabled}
            onClick={() => onChange({ ...settings, seed: Math.floor(Math.random() * 1_000_000) })}
            className="rounded border border-border px-2 py-0.5 hover:bg-code-bg disabled:opacity-40"
          >
            New seed
          </button>
          <span className="flex items-center gap-1" role="group" aria-label="Step through the run">
            {paused && (
              <button
                type="button"
                data-testid="step-back"
                disabled={paused.steps === 0}
                onClick={() => onStepFrom(paused.steps - 1)}
                title="Replay the seed up to the decision before this one"
                className="rounded border border-border px-2 py-0.5 hover:bg-code-bg disabled:opacity-40"
              >
                ◀ Back
              </button>
            )}
            <button
              type="button"
              data-testid="step"
              disabled={running && !paused}
              onClick={() => (paused ? onStep() : onStepFrom(0))}
              title="Run one scheduling decision, then pause"
              className="rounded border border-border px-2 py-0.5 hover:bg-code-bg disabled:opacity-40"
            >
              Step ▶
            </button>
            {paused && (
              <button type="button" data-testid="continue" onClick={onContinue} className="rounded border border-border px-2 py-0.5 hover:bg-code-bg">
                Continue
              </button>
            )}
            {paused && (
              <span role="status" data-testid="step-status" className="text-xs text-muted">
                decision {paused.steps}
                {paused.last ? ` (${paused.last})` : ""}, {paused.virtualMs.toFixed(3)} virtual ms
              </span>
            )}
          </span>
          <button
            type="button"
            data-testid="find-races"
            aria-expanded={open}
            aria-controls={`${id}-races`}
            onClick={() => setOpen(!open)}
            className="rounded border border-border px-2 py-0.5 hover:bg-code-bg"
          >
            Find races
          </button>
          {faults && (
            <span className="flex items-center gap-1 text-xs text-muted" data-testid="pending-faults">
              faults <code className="font-mono">{faults}</code> (replayed on Run)
              <button type="button" onClick={onClearFaults} className="text-accent underline">
                Clear
              </button>
            </span>
          )}
        </>
      )}
      {on && open && (
        <section
          id={`${id}-races`}
          aria-label="Find races"
          data-testid="races-panel"
          className="w-full rounded-lg border border-border bg-panel p-3 text-sm"
        >
          <p className="mb-2 text-xs text-muted">
            A deterministic run simulates every scheduler on one thread, on virtual time (Process.sleep takes no real time, and
            there is no parallel speed-up); the seed decides every scheduling choice. Exploring runs your program under many seeds
            and groups the outcomes: a race that shows once in a hundred runs shows here, with a seed that replays it.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-runs`}>Seeds</label>
            <input
              id={`${id}-runs`}
              data-testid="explore-runs"
              type="number"
              min={1}
              max={100_000}
              value={runs}
              onChange={(e) => setRuns(Math.max(1, Math.min(100_000, Math.trunc(Number(e.target.value)) || DEFAULT_RUNS)))}
              className="w-24 rounded border border-border bg-bg px-1.5 py-0.5 text-right font-mono text-fg"
            />
            {exploring ? (
              <button type="button" onClick={() => current.current?.stop()} className="rounded border border-border px-2 py-0.5 hover:bg-code-bg">
                Stop exploring
              </button>
            ) : (
              <button type="button" data-testid="explore" onClick={explore} className="rounded bg-accent px-3 py-0.5 font-semibold text-bg hover:opacity-90">
                Explore
              </button>
            )}
            <span role="status" data-testid="explore-status" className="text-xs text-muted">
              {progress?.error ??
                (progress
                  ? `${exploring ? "Exploring: " : "Explored "}${progress.done} of ${runs} schedules` +
                    `${progress.perSecond ? `, ${Math.round(progress.perSecond)} per second` : ""}: ` +
                    `${progress.groups.length} distinct outcome${progress.groups.length === 1 ? "" : "s"}`
                  : "")}
            </span>
          </div>
          {progress && progress.groups.length > 0 && (
            <ul className="mt-2 max-h-60 space-y-1 overflow-auto" data-testid="explore-groups">
              {progress.groups.map((g) => (
                <li key={g.firstSeed} className="flex items-start gap-2 rounded border border-border p-1.5" data-testid="explore-group">
                  <span className="w-20 shrink-0 font-mono text-xs">
                    {g.count} run{g.count === 1 ? "" : "s"}
                  </span>
                  <span className="min-w-0 flex-1 text-xs">
                    <span className={g.status === "normal" ? "" : "font-semibold text-red-700 dark:text-red-400"}>{g.status}</span>
                    {g.message ? ` — ${g.message.replace(/^\*\* /, "")}` : ""}
                    <pre className="mt-0.5 whitespace-pre-wrap break-words font-mono">{g.output.slice(-4).map((l) => l.split("\n")[0]).join("\n")}</pre>
                  </span>
                  <button
                    type="button"
                    data-testid="replay-seed"
                    disabled={disabled}
                    onClick={() => {
                      onChange({ ...settings, seed: g.firstSeed });
                      onReplay(g.firstSeed);
                    }}
                    className="shrink-0 rounded border border-border px-2 py-0.5 text-xs hover:bg-code-bg disabled:opacity-40"
                  >
                    Replay seed {g.firstSeed}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
