/**
 * The queue chart in words, its text alternative: the process whose queue peaked highest,
 * its queue now, which way it is going over the last second, and its peak.
 *
 *     queueSummary({ labels: ["ServerFlood", "main"], data: [[0, 0.5, 1], [0, 20, 37], [0, 0, 0]] })
 *       → "ServerFlood: 37 queued, rising (peak 37); 1 other process charted"
 *
 * Labels are the chart's own (its legend's), so the words match what is drawn.
 */
/** Seconds back that "rising" / "falling" compares with. */
const TREND_WINDOW_S = 1;

type Column = ArrayLike<number | null | undefined>;

/** Chart data as uPlot holds it: x values (seconds), then one column per series. */
export type ChartColumns = ReadonlyArray<Column>;

/** The last non-empty value of a column at or before index `end`, with its index. */
function lastAt(col: Column, end: number): { v: number; i: number } | null {
  for (let i = Math.min(end, col.length - 1); i >= 0; i--) {
    const v = col[i];
    if (v !== null && v !== undefined) return { v, i };
  }
  return null;
}

/** Says which way a queue went over the last TREND_WINDOW_S seconds. */
function trend(xs: Column, col: Column, now: { v: number; i: number }): "rising" | "falling" | "steady" {
  const t = xs[now.i] ?? 0;
  let k = now.i;
  while (k > 0 && (xs[k - 1] ?? 0) >= t - TREND_WINDOW_S) k--;
  const before = lastAt(col, k === now.i ? now.i - 1 : k);
  if (!before || before.v === now.v) return "steady";
  return now.v > before.v ? "rising" : "falling";
}

/** The chart in one sentence (see the top of this file). */
export function queueSummary({ labels, data }: { labels: string[]; data: ChartColumns }): string {
  const xs = data[0] ?? [];
  let best: { label: string; now: { v: number; i: number }; peak: number; col: Column } | null = null;
  labels.forEach((label, s) => {
    const col = data[s + 1] ?? [];
    const now = lastAt(col, col.length - 1);
    if (!now) return;
    let peak = 0;
    for (let i = 0; i < col.length; i++) peak = Math.max(peak, col[i] ?? 0);
    if (!best || peak > best.peak || (peak === best.peak && now.v > best.now.v)) best = { label, now, peak, col };
  });
  if (!best) return "No message queues yet: run the code to chart them.";
  const { label, now, peak, col } = best as { label: string; now: { v: number; i: number }; peak: number; col: Column };
  const others = labels.length - 1;
  const rest = others > 0 ? `; ${others} other process${others === 1 ? "" : "es"} charted` : "";
  return `${label}: ${now.v} queued, ${trend(xs, col, now)} (peak ${peak})${rest}`;
}

/**
 * Passes changed texts to `write` at most once per `ms` (the latest one wins, and the last
 * always arrives), so a live region does not talk over itself at the chart's 4 Hz.
 */
export function paced(write: (text: string) => void, ms: number): { (text: string): void; cancel(): void } {
  let last = -Infinity;
  let shown: string | undefined;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending === undefined || pending === shown) return;
    shown = pending;
    last = Date.now();
    write(pending);
  };
  const fn = (text: string) => {
    pending = text;
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
  fn.cancel = () => timer && clearTimeout(timer);
  return fn;
}
