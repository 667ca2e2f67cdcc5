"use client";
/**
 * Message-queue length over the whole run for the processes with the longest backlogs, plus
 * the ones the learner pins in the process table (or a lesson pins by name). A GenStage
 * stage's backlog is not in its mailbox: beside the mailbox line, each stage charted gets
 * dashed lines for the events it holds in its `buffer` and its outstanding `demand` (the
 * gauges the kernel samples with the stats). Lines are labelled by registered name, else
 * initial call, with the pid beside it (`ServerFlood #PID<0.6.0>`), in the process's colour.
 *
 * The container (`data-testid="queue-chart"`) carries `data-series` (the pids shown),
 * `data-max-queue` (the largest latest mailbox) and `data-peak-queue` (the largest mailbox
 * anywhere in the run, still there once queues drained), test hooks that cost nothing. Its text alternative (queueSummary: "ServerFlood: 37 queued,
 * rising (peak 277)") is shown under it, describes the plot (role="img") and is a polite live
 * region, updated at most every 2 s.
 */
import { useCallback, useEffect, useId, useMemo, useRef } from "react";
import { pidColor } from "./pidColor";
import type { RunTimeline } from "../timeline/runTimeline";
import { paced, queueSummary } from "./queueSummary";
import type { StatsStore } from "./statsStore";
import { TimeChart, type ChartSeries } from "./TimeChart";

/** The y axis: mailboxes count messages, GenStage gauges count events. */
export const QUEUE_Y_LABEL = "messages / events";

const DASH: Record<string, number[]> = { buffer: [8, 4], demand: [2, 3] };

export function QueueChart({ store, timeline }: { store: StatsStore; timeline?: RunTimeline }) {
  const box = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const summaryId = useId();
  const say = useMemo(() => paced((text) => summary.current && (summary.current.textContent = text), 2000), []);
  useEffect(() => () => say.cancel(), [say]);
  const read = useCallback(
    (dark: boolean): ChartSeries => {
      const { series, data } = store.queueData();
      const gauges = series.some((s) => s.gauge !== undefined);
      return {
        keys: series.map((s) => s.key),
        labels: series.map((s) => `${store.pinned.has(s.pid) ? "★ " : ""}${store.label(s.pid)}${s.gauge ? ` ${s.gauge}` : gauges ? " mailbox" : ""}`),
        colors: series.map((s) => pidColor(s.pid, dark)),
        dashes: series.map((s) => (s.gauge ? (DASH[s.gauge] ?? [4, 4]) : undefined)),
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
    const pids: string[] = [];
    for (let i = 1; i < s.data.length; i++) {
      if (s.keys[i - 1]!.includes("|")) continue;
      pids.push(s.keys[i - 1]!);
      const col = s.data[i] as Array<number | null>;
      max = Math.max(max, col[col.length - 1] ?? 0);
      for (const v of col) if (v !== null && v > peak) peak = v;
    }
    el.dataset.series = pids.join(",");
    el.dataset.maxQueue = String(max);
    el.dataset.peakQueue = String(peak);
    say(queueSummary(s));
  }, [say]);
  return (
    <figure ref={box} data-testid="queue-chart" className="min-w-0 rounded-lg border border-border bg-panel p-2">
      <figcaption className="px-1 text-sm font-semibold">
        Message queue length <span className="font-normal text-muted">— longest backlogs and pinned processes, whole run; a GenStage&apos;s buffer and demand dashed</span>
      </figcaption>
      <div role="img" aria-label="Message queue length chart" aria-describedby={summaryId}>
        <TimeChart store={store} timeline={timeline} read={read} onData={onData} yLabel={QUEUE_Y_LABEL} />
      </div>
      <p ref={summary} id={summaryId} data-testid="queue-chart-summary" aria-live="polite" className="px-1 text-xs text-muted" />
      <p className="px-1 text-xs text-muted">Pin a process in the table (☆) to follow its queue here.</p>
    </figure>
  );
}
