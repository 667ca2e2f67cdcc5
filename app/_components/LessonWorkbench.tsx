"use client";
/**
 * A lesson's workbench with its checks: the page marks the lesson visited, loads the lesson's
 * checks.ts (a lazy chunk from app/_lib/lessonChecks.generated.ts), runs the learner's code
 * the way those checks expect (their scheduler count while the setting is "auto", their
 * stats rate) and, when a run ends, evaluates them on it — marking the lesson completed when
 * every check passes.
 *
 *     Run ─► run ends ─► checkRun(checks, { status, lines, frames }) ─► ChecksPanel ✓/✗
 *                                                                    └► all pass: recordProgress(slug, "completed")
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LessonChecks } from "../../runtime/check/lesson-checks";
import { checkRun } from "../_lib/lessonCheckRun";
import { lessonChecks } from "../_lib/lessonChecks.generated";
import { ChecksPanel, type ChecksState } from "./ChecksPanel";
import { recordProgress } from "./useProgress";
import { Workbench, type CheckRun } from "./workbench/Workbench";
import type { FinishedRun } from "./workbench/useRun";

interface Props {
  slug: string;
  starter: string;
  elixir: string;
  solution: string;
}

export function LessonWorkbench({ slug, starter, elixir, solution }: Props) {
  const [checks, setChecks] = useState<LessonChecks | null>(null);
  const [state, setState] = useState<ChecksState>({ state: "loading" });
  const [open, setOpen] = useState(false);
  const checksRef = useRef<LessonChecks | null>(null);

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

  const onEnd = useCallback(
    (run: FinishedRun) => {
      const c = checksRef.current;
      if (!c) return;
      const outcome = checkRun(c, run);
      if (outcome.kind === "not-checked") {
        setState({ state: "not-checked", names: c.checks.map((x) => x.name), reason: outcome.reason });
        return;
      }
      setState({ state: outcome.passed ? "passed" : "failed", results: outcome.results });
      setOpen(true);
      if (outcome.passed) recordProgress(slug, "completed");
    },
    [slug],
  );

  const run = useMemo<CheckRun>(
    () => ({ schedulers: checks?.schedulers, statsHz: checks?.statsHz, onStart, onEnd }),
    [checks, onStart, onEnd],
  );

  return (
    <div className="space-y-2">
      <ChecksPanel checks={state} schedulers={checks?.schedulers} open={open} onToggle={setOpen} />
      <Workbench id={`lesson:${slug}`} starter={starter} path={`file:///lessons/${slug}.ts`} lesson={{ elixir, solution }} checkRun={run} />
    </div>
  );
}
