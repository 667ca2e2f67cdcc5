"use client";
/**
 * The timeline scrubber under the workbench: the run's events as a density strip, the cursor
 * every panel follows, "Live" to follow the head again, and the recording's exports.
 *
 *     [● Live]  ▁▂▇█▃▁▁▅▂▁▁▁|▁▁▁   12.3 ms / 98.0 ms   [Download trace] [Copy Mermaid]
 *
 * Drag the strip (or click it) to show the run as it was then; with the strip focused,
 * ←/→ step one event back or on (so a 0.2 s run can be watched event by event), Shift+←/→ and
 * PageUp/PageDown a tenth of the run, Home the start, End the head. After the run ends the
 * whole run stays scrubbable.
 */
import { useRef, useState, useSyncExternalStore } from "react";
import { mermaid } from "../../../runtime/host/mermaid";
import { formatUs, upperBound, type RunTimeline } from "./runTimeline";

const BUCKETS = 120;

export function Timeline({ timeline }: { timeline: RunTimeline }) {
  useSyncExternalStore(timeline.subscribe, timeline.getVersion, timeline.getVersion);
  const trace = timeline.trace;
  const cursor = timeline.at();
  const track = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<string>("");
  const end = trace?.endUs ?? 0;
  const events = trace?.events ?? [];

  const seekAt = (clientX: number) => {
    const el = track.current;
    if (!el || end === 0) return;
    const r = el.getBoundingClientRect();
    const f = Math.max(0, Math.min(1, (clientX - r.left) / r.width));
    timeline.seek(f * end);
  };

  const onKey = (e: React.KeyboardEvent) => {
    const tenth = end / 10;
    switch (e.key) {
      case "ArrowLeft":
      case "ArrowRight": {
        const dir = e.key === "ArrowLeft" ? -1 : 1;
        if (e.shiftKey) timeline.seek(cursor.t + dir * tenth);
        else timeline.step(dir);
        break;
      }
      case "PageUp":
      case "PageDown":
        timeline.seek(cursor.t + (e.key === "PageUp" ? -tenth : tenth));
        break;
      case "Home":
        timeline.seek(0, 0);
        break;
      case "End":
        timeline.follow();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // Event density per bucket (binary search per edge: cheap for 200k events).
  const bars: number[] = [];
  if (end > 0) {
    let prev = 0;
    for (let b = 1; b <= BUCKETS; b++) {
      const upto = upperBound(events, (b / BUCKETS) * end);
      bars.push(upto - prev);
      prev = upto;
    }
  }
  const peak = Math.max(1, ...bars);
  const frac = end > 0 ? Math.min(1, cursor.t / end) : 1;
  const where = cursor.live ? (cursor.ended ? "end" : "live") : "scrubbed";
  const text = trace === null ? "no recording" : `${formatUs(cursor.t)} of ${formatUs(end)}${cursor.live ? (cursor.ended ? ", the end" : ", live") : ""}, after ${cursor.i} of ${events.length} events`;

  const download = () => {
    if (!trace) return;
    const blob = new Blob([JSON.stringify(trace.toJSON())], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "beamlab-trace.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const copyMermaid = async () => {
    if (!trace) return;
    const text = mermaid(trace.toJSON(), { only: timeline.shownLanes });
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Mermaid copied");
    } catch {
      setCopied("Copy failed: the browser refused the clipboard");
    }
    setTimeout(() => setCopied(""), 2500);
  };

  return (
    <div data-testid="timeline" data-where={where} data-t={cursor.t} data-i={cursor.i} className="flex flex-wrap items-center gap-2 rounded-lg border border-border bg-panel px-2 py-1.5">
      <button
        type="button"
        data-testid="timeline-live"
        onClick={() => timeline.follow()}
        aria-pressed={cursor.live}
        disabled={trace === null}
        title={cursor.ended ? "Show the end of the run" : "Follow the run live"}
        className={`rounded px-2 py-0.5 text-xs font-semibold ${cursor.live ? "bg-accent text-bg" : "border border-border hover:bg-code-bg"} disabled:opacity-40`}
      >
        {cursor.ended ? "End" : "● Live"}
      </button>
      <div
        ref={track}
        role="slider"
        tabIndex={trace === null ? -1 : 0}
        aria-label="Run timeline: ←/→ step one event, Home/End"
        aria-valuemin={0}
        aria-valuemax={Math.round(end)}
        aria-valuenow={Math.round(cursor.t)}
        aria-valuetext={text}
        aria-disabled={trace === null}
        data-testid="timeline-track"
        onKeyDown={onKey}
        onPointerDown={(e) => {
          if (trace === null) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          e.currentTarget.focus();
          seekAt(e.clientX);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e.clientX);
        }}
        className="relative h-8 min-w-40 flex-1 cursor-ew-resize touch-none rounded bg-code-bg focus-visible:outline-2 focus-visible:outline-accent"
      >
        <div className="absolute inset-0 flex items-end gap-px overflow-hidden rounded px-px" aria-hidden>
          {bars.map((n, k) => (
            <span key={k} className="flex-1 bg-accent/40" style={{ height: `${n === 0 ? 0 : Math.max(8, (n / peak) * 100)}%` }} />
          ))}
        </div>
        <div className="absolute inset-y-0 left-0 rounded-l bg-accent/10" style={{ width: `${frac * 100}%` }} aria-hidden />
        <div className="absolute inset-y-[-3px] w-0.5 bg-accent" style={{ left: `calc(${frac * 100}% - 1px)` }} aria-hidden>
          <span className="absolute -top-0.5 -left-1.5 h-2.5 w-3.5 rounded-sm bg-accent" />
        </div>
      </div>
      <span className="min-w-32 font-mono text-xs text-muted tabular-nums" data-testid="timeline-time" aria-hidden>
        {trace === null ? "—" : `${formatUs(cursor.t)} / ${formatUs(end)}`}
      </span>
      <button type="button" onClick={download} disabled={trace === null} data-testid="download-trace" className="rounded border border-border px-2 py-0.5 text-xs hover:bg-code-bg disabled:opacity-40">
        Download trace
      </button>
      <button type="button" onClick={() => void copyMermaid()} disabled={trace === null} data-testid="copy-mermaid" className="rounded border border-border px-2 py-0.5 text-xs hover:bg-code-bg disabled:opacity-40">
        Copy Mermaid
      </button>
      <span role="status" className="text-xs text-muted">
        {copied}
      </span>
    </div>
  );
}
