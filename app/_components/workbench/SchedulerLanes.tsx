"use client";
/**
 * One lane per scheduler, S0, S1, … as the API counts them (pids, `spawnOpt({ scheduler: 0 })`): utilization, run-queue length, processes, reductions/s — live, or
 * at the timeline's moment (the nearest stats frame before it); idle once the run ended.
 */
import { useSyncExternalStore } from "react";
import { lanesAt } from "../timeline/processesAt";
import type { RunTimeline } from "../timeline/runTimeline";
import type { StatsStore } from "./statsStore";

const zero = () => 0;
const none = () => () => {};

export function SchedulerLanes({ store, timeline }: { store: StatsStore; timeline?: RunTimeline }) {
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  useSyncExternalStore(timeline?.subscribe ?? none, timeline?.getVersion ?? zero, timeline?.getVersion ?? zero);
  const live = store.schedulers();
  const lanes = (timeline && lanesAt(timeline, live)) ?? live;
  return (
    <section aria-label="Schedulers" data-testid="scheduler-lanes" className="rounded-lg border border-border bg-panel p-2">
      <h3 className="px-1 text-sm font-semibold">Schedulers</h3>
      {lanes.length === 0 && <p className="px-1 text-sm text-muted">One lane per scheduler appears when a program runs.</p>}
      <ul className="mt-1 space-y-1">
        {lanes.map((s) => (
          <li key={s.index} className="grid grid-cols-[2.5rem_1fr_auto] items-center gap-2 text-xs" data-testid="scheduler-lane">
            <span className="font-mono font-semibold">S{s.index}</span>
            <span className="relative h-4 overflow-hidden rounded bg-code-bg" title={`utilization ${Math.round(s.utilization * 100)}%`}>
              <span className="absolute inset-y-0 left-0 bg-accent/70 transition-[width] duration-200" style={{ width: `${Math.round(s.utilization * 100)}%` }} />
              <span className="absolute inset-0 flex items-center px-1.5 font-mono">{Math.round(s.utilization * 100)}%</span>
            </span>
            <span className="font-mono text-muted tabular-nums">
              run queue {s.runQueue} · {s.procs} procs · {formatCount(s.reductionsPerSec)} red/s
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 1234567 → "1.2M". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}
