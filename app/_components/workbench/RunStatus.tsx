"use client";
/**
 * The toolbar's status line: "Running…", how the last run ended, and — since the page keeps a
 * run going after main returns, where `elixir script.exs` would halt — "main returned; 3
 * processes still running" while other processes run. A polite live region: the count is read
 * from the stats at most once a second, so a screen reader hears changes, not a ticker.
 */
import { useEffect, useState } from "react";
import type { StatsStore } from "./statsStore";
import type { RunApi } from "./useRun";

/** How often the count of processes still running is refreshed, ms. */
const COUNT_MS = 1000;

export function RunStatus({ run, idle }: { run: RunApi; idle: string }) {
  const afterMain = run.phase === "running" && run.mainReturned !== "no";
  const left = useProcessCount(run.store, run.phase === "running" && run.mainReturned === "counted");
  const text = afterMain ? mainReturnedText(run.mainReturned === "counted" ? left : null) : run.phase === "running" ? "Running…" : run.endMessage || idle;
  return (
    <span
      data-testid="run-status"
      data-main-returned={afterMain ? "true" : undefined}
      role="status"
      aria-live="polite"
      className="ml-auto max-w-md truncate text-sm text-muted"
      title={text}
    >
      {text}
    </span>
  );
}

/** "main returned; 1 process still running" (null: not counted yet). */
export function mainReturnedText(left: number | null): string {
  if (left === null) return "main returned";
  if (left === 0) return "main returned; no process left, the run is ending";
  return `main returned; ${left} process${left === 1 ? "" : "es"} still running`;
}

/** Processes alive on every scheduler (the lanes' totals), read now and every COUNT_MS while `on`. */
function useProcessCount(store: StatsStore, on: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!on) {
      setCount(null);
      return;
    }
    const read = () => setCount(store.schedulers().reduce((n, s) => n + s.procs, 0));
    read();
    const timer = setInterval(read, COUNT_MS);
    return () => clearInterval(timer);
  }, [store, on]);
  return count;
}
