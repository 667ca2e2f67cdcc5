"use client";
/**
 * Message-queue length over the whole run for the processes with the longest queues, plus
 * the ones the learner pins in the process table. The container (`data-testid="queue-chart"`)
 * carries `data-series` (the pids shown), `data-max-queue` (the largest latest value) and
 * `data-peak-queue` (the largest value anywhere in the run, still there once queues drained),
 * test hooks that cost nothing. Its text alternative (queueSummary: "ServerFlood: 37 queued,
 * rising (peak 277)") is shown under it, describes the plot (role="img") and is a polite live
 * region, updated at most every 2 s.
 */
import { useCallback, useEffect, useId, useMemo, useRef } from "react";
import { pidColor } from "./pidColor";
import type { RunTimeline } from "../timeline/runTimeline";
import { paced, queueSummary } from "./queueSummary";
import type { StatsStore } from "./statsStore";
import { TimeChart, type ChartSeries } from "./TimeChart";

export function QueueChart({ store, timeline }: { store: StatsStore; timeline?: RunTimeline }) {
  const box = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const summaryId = useId();
  const say = useMemo(() => paced((text) => summary.current && (summary.current.textContent = text), 2000), []);
  useEffect(() => () => say.cancel(), [say]);
  const read = useCallback(
    (dark: boolean): ChartSeries => {
      const { keys, data } = store.queueData();
      return {
        keys,
        labels: keys.map((k) => (store.pinned.has(k) ? `★ ${k}` : k)),
        colors: keys.map((k) => pidColor(k, dark)),
        data,
      };
    },
    [store],
  );
  const onData = useCallback((s: ChartSeries) => {
    const el = box.current;
    if (!el) return;
    let max = 0;
    let peak = 0;
    for (let i = 1; i < s.data.length; i++) {
      const col = s.data[i] as Array<number | null>;
      max = Math.max(max, col[col.length - 1] ?? 0);
      for (const v of col) if (v !== null && v > peak) peak = v;
    }
    el.dataset.series = s.keys.join(",");
    el.dataset.maxQueue = String(max);
    el.dataset.peakQueue = String(peak);
    say(queueSummary(s));
  }, [say]);
  return (
    <figure ref={box} data-testid="queue-chart" className="min-w-0 rounded-lg border border-border bg-panel p-2">
      <figcaption className="px-1 text-sm font-semibold">
        Message queue length <span className="font-normal text-muted">— longest queues and pinned processes, whole run</span>
      </figcaption>
      <div role="img" aria-label="Message queue length chart" aria-describedby={summaryId}>
        <TimeChart store={store} timeline={timeline} read={read} onData={onData} />
      </div>
      <p ref={summary} id={summaryId} data-testid="queue-chart-summary" aria-live="polite" className="px-1 text-xs text-muted" />
      <p className="px-1 text-xs text-muted">Pin a process in the table (☆) to follow its queue here.</p>
    </figure>
  );
}
