"use client";
/**
 * A lesson's workbench with its checks: the page marks the lesson visited, loads the lesson's
 * checks.ts (a lazy chunk from app/_lib/lessonChecks.generated.ts), runs the learner's code
 * the way those checks expect (their scheduler count while the setting is "auto", their
 * stats rate) and, when a run ends, evaluates them on it — marking the lesson completed when
 * every check passes on the learner's own code (not the solution pasted in), and offering
 * the next lesson. A run with other settings than the lesson's is not checked; the panel
 * offers to run it again with the lesson's.
 *
 *     Run ─► run ends ─► checkRun(checks, { status, lines, frames, settings, code }, solution) ─► ChecksPanel ✓/✗
 *                                                     all pass, own code: recordProgress(slug, "completed") ┘ + Next lesson
 *     (a lesson about races, `checks.explore`: the same checks over every outcome of its seeds, in a worker)
 *
 * Above the workbench: the "Your turn" heading beside the checks' summary line (the list,
 * when open, scrolls within a fifth of a wide window).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LessonChecks } from "../../runtime/check/lesson-checks";
import { checkExplored, checkRun, type CheckOutcome } from "../_lib/lessonCheckRun";
import { startExplore, type Exploration } from "../../runtime/host/browser-sim-host";
import { lessonChecks } from "../_lib/lessonChecks.generated";
import { ChecksPanel, type ChecksState } from "./ChecksPanel";
import { useFillPane } from "./fillPane";
import { recordProgress } from "./useProgress";
import { Workbench, type CheckRun } from "./workbench/Workbench";
import type { FinishedRun } from "./workbench/useRun";

interface Props {
  slug: string;
  starter: string;
  elixir: string;
  solution: string;
  /** The lesson after this one, offered once this one is completed. */
  next?: { slug: string; title: string };
}

export function LessonWorkbench({ slug, starter, elixir, solution, next }: Props) {
  const [checks, setChecks] = useState<LessonChecks | null>(null);
  const [state, setState] = useState<ChecksState>({ state: "loading" });
  const [open, setOpen] = useState(false);
  // Runs judged so far (a test hook: a verdict is new even when it equals the last one).
  const [verdicts, setVerdicts] = useState(0);
  const checksRef = useRef<LessonChecks | null>(null);
  const explorer = useRef<Exploration | null>(null);
  useEffect(() => () => explorer.current?.stop(), []);
  const root = useRef<HTMLDivElement>(null);
  // On a wide window the workbench pane scrolls on its own: the editor, console and run views
  // end at its bottom edge, whatever is open above them.
  useFillPane(root, { pane: "[data-testid=workbench-slot]", target: ".workbench-grid", variable: "--workbench-h", min: 400 });
  const runWithLessonSettings = useRef<(() => void) | null>(null);

  useEffect(() => {
    recordProgress(slug, "visited");
    const load = lessonChecks[slug];
    if (!load) {
      setState({ state: "unavailable" });
      return;
    }
    let live = true;
    load().then(
      (m) => {
        if (!live) return;
        checksRef.current = m.default;
        setChecks(m.default);
        setState({ state: "ready", names: m.default.checks.map((c) => c.name) });
      },
      () => live && setState({ state: "unavailable" }),
    );
    return () => {
      live = false;
    };
  }, [slug]);

  const onStart = useCallback(() => {
    const c = checksRef.current;
    if (c) setState({ state: "running", names: c.checks.map((x) => x.name) });
  }, []);

  const show = useCallback(
    (outcome: CheckOutcome, names: string[]) => {
      setVerdicts((n) => n + 1);
      if (outcome.kind === "not-checked") {
        setState({ state: "not-checked", names, reason: outcome.reason, otherSettings: outcome.otherSettings });
        if (outcome.otherSettings) setOpen(true);
        return;
      }
      setState(outcome.passed ? { state: "passed", results: outcome.results, completed: outcome.ownCode } : { state: "failed", results: outcome.results });
      setOpen(true);
      if (outcome.passed && outcome.ownCode) recordProgress(slug, "completed");
    },
    [slug],
  );

  const onEnd = useCallback(
    (run: FinishedRun) => {
      const c = checksRef.current;
      if (!c) return;
      const outcome = checkRun(c, run, solution);
      if (c.explore && outcome.kind === "checked") {
        // A lesson about races: one run proves little; the checks hold under every explored seed.
        const names = c.checks.map((x) => x.name);
        setState({ state: "running", names });
        explorer.current?.stop();
        const ex = startExplore(run.code, { runs: c.explore.runs, schedulers: c.schedulers ?? 2 }, () => {});
        explorer.current = ex;
        void ex.result.then((r) => {
          if (explorer.current !== ex) return;
          explorer.current = null;
          show(checkExplored(c, r?.groups ?? null, outcome.ownCode), names);
        });
        return;
      }
      show(outcome, c.checks.map((x) => x.name));
    },
    [show, solution],
  );

  const run = useMemo<CheckRun>(
    () => ({ schedulers: checks?.schedulers, statsHz: checks?.statsHz, pin: checks?.pin, onStart, onEnd, runWithLessonSettings }),
    [checks, onStart, onEnd],
  );

  return (
    <div ref={root} className="space-y-2">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <h2 id="your-turn" className="py-1 text-lg leading-7 font-semibold">
          Your turn
        </h2>
        {/* At most a fifth of a wide window when open (it scrolls), so the editor, console and a chart stay in view. */}
        <div className="min-w-0 flex-1 basis-80 overflow-y-auto xl:max-h-[20svh]">
          <ChecksPanel
            checks={state}
            verdicts={verdicts}
            schedulers={checks?.schedulers}
            open={open}
            onToggle={setOpen}
            onCheckWithLessonSettings={() => runWithLessonSettings.current?.()}
            next={next}
          />
        </div>
      </div>
      <Workbench id={`lesson:${slug}`} starter={starter} path={`file:///lessons/${slug}.ts`} lesson={{ elixir, solution }} checkRun={run} />
    </div>
  );
}
