"use client";
/**
 * A live uPlot time chart over a StatsStore's History. The chart is rebuilt only when its
 * series (or their labels) or the theme change; otherwise every store tick is one `setData`
 * (no React render). The y axis starts at 0 (a queue of 3 never looks like a flood of 300)
 * and both axes are labelled: time in seconds since the run started on x.
 *
 *     <TimeChart store={store} yLabel="messages" read={() => ({ keys, labels, colors, data })} />
 *
 * Its box carries what it draws for tests and captions, at no cost: `data-peaks` (JSON, the
 * largest value of each line by label, over the whole run), `data-x-label`, `data-y-label`
 * and `data-y-min` (the y axis's lower end as drawn).
 *
 * With a `timeline`, a vertical line marks the moment the other panels show while it is
 * scrubbed back (none while live). uPlot is imported from the local package, with its CSS.
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RunTimeline } from "../timeline/runTimeline";
import type { StatsStore } from "./statsStore";
import { useDarkTheme } from "./useTheme";

/** What a chart shows: series keys (identity), their labels and colours, and uPlot data. */
export interface ChartSeries {
  keys: string[];
  labels: string[];
  colors: string[];
  data: uPlot.AlignedData;
  /** Scale of every series (e.g. "%" for utilization); default "y". */
  scales?: string[];
  /** Dash pattern of every series (undefined: solid). */
  dashes?: Array<number[] | undefined>;
}

/** The x axis's label: every chart's time is seconds since the run started. */
export const X_LABEL = "time (s)";

interface Props {
  store: StatsStore;
  read: (dark: boolean) => ChartSeries;
  /** Called after each update with the data shown (for test hooks and captions). */
  onData?: (s: ChartSeries) => void;
  height?: number;
  yLabel?: string;
  /** Fixed range for the "%" scale. */
  percent?: boolean;
  /** Draw the timeline's cursor. */
  timeline?: RunTimeline;
}

export function TimeChart({ store, read, onData, height = 180, yLabel, percent, timeline }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useDarkTheme();
  const latest = useRef({ read, onData });
  latest.current = { read, onData };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let keys = "";
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue("--muted").trim() || "#888";
    const grid = css.getPropertyValue("--border").trim() || "#ddd";
    const accent = css.getPropertyValue("--accent").trim() || "#7c3aed";
    // The timeline's cursor, in the chart's seconds (null: live, or not tied to the recording yet).
    const cursorAt = (): number | null => {
      const c = timeline?.at();
      if (!timeline || !c || c.live) return null;
      return timeline.chartSeconds(c.t);
    };
    const drawCursor = (u: uPlot) => {
      const at = cursorAt();
      el.dataset.cursor = at === null ? "" : at.toFixed(3);
      if (at === null) return;
      const x = u.valToPos(at, "x", true);
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = accent;
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.restore();
    };
    const axis = (label?: string, scale?: string): uPlot.Axis => ({ stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label, scale, size: 60, labelSize: 18 });
    el.dataset.xLabel = X_LABEL;
    el.dataset.yLabel = yLabel ?? "";

    const build = (s: ChartSeries) => {
      plot?.destroy();
      const usesPercent = s.scales?.includes("%") ?? false;
      plot = new uPlot(
        {
          width: Math.max(200, el.clientWidth),
          height,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          hooks: {
            draw: [drawCursor],
            setScale: [(u: uPlot, key: string) => key === (s.scales?.[0] ?? "y") && (el.dataset.yMin = String(u.scales[key]?.min ?? ""))],
          },
          scales: {
            x: { time: false },
            // Counts start at 0, whatever the data's smallest value.
            y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? niceTop(max) : 1] },
            ...(percent || usesPercent ? { "%": { range: [0, 100] } } : {}),
          },
          axes: [axis(X_LABEL), axis(yLabel, s.scales?.[0] ?? "y"), ...(usesPercent && s.scales?.[0] !== "%" ? [{ ...axis("%", "%"), side: 1 }] : [])],
          series: [
            { label: X_LABEL },
            ...s.labels.map((label, i) => ({
              label,
              stroke: s.colors[i],
              width: 2,
              scale: s.scales?.[i] ?? "y",
              spanGaps: false,
              points: { show: false },
              ...(s.dashes?.[i] ? { dash: s.dashes[i] } : {}),
            })),
          ],
        },
        s.data,
        el,
      );
    };

    const update = () => {
      const s = latest.current.read(dark);
      const k = `${s.keys.join("|")}\n${s.labels.join("|")}\n${s.colors.join("|")}`;
      if (plot === null || k !== keys) {
        keys = k;
        build(s);
      } else {
        plot.setData(s.data);
      }
      el.dataset.peaks = JSON.stringify(peaksOf(s));
      latest.current.onData?.(s);
    };
    update();
    const off = store.subscribe(update);
    let seen = "";
    const offCursor = timeline?.subscribe(() => {
      const at = String(cursorAt());
      if (at !== seen) {
        seen = at;
        plot?.redraw(false);
      }
    });
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      off();
      offCursor?.();
      resize.disconnect();
      plot?.destroy();
    };
  }, [store, dark, height, yLabel, percent, timeline]);

  return <div ref={box} className="w-full min-w-0" />;
}

/** The largest value of each line over the whole run, by label. */
export function peaksOf(s: ChartSeries): Record<string, number> {
  const out: Record<string, number> = {};
  s.labels.forEach((label, i) => {
    let peak = 0;
    for (const v of (s.data[i + 1] ?? []) as Array<number | null>) if (v !== null && v > peak) peak = v;
    out[label] = peak;
  });
  return out;
}

/** A round top for a 0-based axis a little above `max` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten). */
export function niceTop(max: number): number {
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= max * 1.05) return m * step;
  return 10 * step;
}
