/**
 * A bounded time series with named columns sharing one time axis: the charts' history for
 * the whole run in constant memory. The newest quarter of the points is kept as sampled; when
 * the history is full, the two adjacent older points that stand for the fewest samples merge,
 * so older history grows evenly coarser as the run goes on (never more than `capacity` points):
 *
 *     capacity 8:  [a b c d e f | g h] + i  →  [ab c d e f g | h i]
 *
 * A merged point keeps the later time and, per column, the max (queue lengths, so a spike is
 * never smoothed away) or the mean (utilization). Columns added later read null before.
 *
 *     const h = new History(600);
 *     h.push(0.25, { "#PID<0.1.0>": 12 });
 *     h.data(["#PID<0.1.0>"])   // [[0.25], [12]] — uPlot's AlignedData
 */

/** How two points of a column merge when the history is downsampled. */
export type Combine = "max" | "mean";

export class History {
  readonly times: number[] = [];
  /** How many samples each point stands for. */
  private readonly weights: number[] = [];
  private readonly columns = new Map<string, Array<number | null>>();
  private readonly combine = new Map<string, Combine>();

  constructor(readonly capacity = 600) {
    if (capacity < 4) throw new RangeError("a history keeps at least 4 points");
  }

  get length(): number {
    return this.times.length;
  }

  /** Column names, in the order they were added. */
  keys(): string[] {
    return [...this.columns.keys()];
  }

  has(key: string): boolean {
    return this.columns.has(key);
  }

  /** Add a column (null for every existing point); `combine` says how it downsamples. */
  add(key: string, combine: Combine = "max"): void {
    if (this.columns.has(key)) return;
    this.columns.set(key, new Array(this.times.length).fill(null));
    this.combine.set(key, combine);
  }

  /** Forget a column. */
  drop(key: string): void {
    this.columns.delete(key);
    this.combine.delete(key);
  }

  /** Append a point at time `t`: listed columns get their value, others null; unknown keys are added. */
  push(t: number, values: Record<string, number | null>): void {
    for (const key of Object.keys(values)) this.add(key);
    this.times.push(t);
    this.weights.push(1);
    for (const [key, col] of this.columns) col.push(values[key] ?? null);
    if (this.times.length > this.capacity) this.compact();
  }

  /** The column's values (aligned with `times`). */
  column(key: string): ReadonlyArray<number | null> {
    return this.columns.get(key) ?? [];
  }

  /** uPlot's AlignedData: [times, ...the listed columns]. */
  data(keys: string[]): [number[], ...Array<Array<number | null>>] {
    return [this.times.slice(), ...keys.map((k) => (this.columns.get(k) ?? new Array(this.times.length).fill(null)).slice())];
  }

  /** Empty every column (a new run). */
  clear(): void {
    this.times.length = 0;
    this.weights.length = 0;
    this.columns.clear();
    this.combine.clear();
  }

  /** Merge the adjacent older pair standing for the fewest samples (the oldest on a tie). */
  private compact(): void {
    const older = this.times.length - Math.floor(this.capacity / 4);
    let best = 0;
    for (let i = 1; i + 1 < older; i++) {
      if (this.weights[i]! + this.weights[i + 1]! < this.weights[best]! + this.weights[best + 1]!) best = i;
    }
    this.times.splice(best, 1);
    this.weights.splice(best, 2, this.weights[best]! + this.weights[best + 1]!);
    for (const [key, col] of this.columns) {
      const a = col[best]!;
      const b = col[best + 1]!;
      const how = this.combine.get(key) ?? "max";
      const merged = a === null || b === null ? (a ?? b) : how === "max" ? Math.max(a, b) : (a + b) / 2;
      col.splice(best, 2, merged);
    }
  }
}
