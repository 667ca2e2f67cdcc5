"use client";
/** Process count and per-scheduler utilization (%) over the whole run; schedulers S0, S1, … as the API counts them. */
import { useCallback } from "react";
import type { RunTimeline } from "../timeline/runTimeline";
import type { StatsStore } from "./statsStore";
import { TimeChart, type ChartSeries } from "./TimeChart";

const SCHED_HUES = [200, 140, 30, 280, 0, 60, 170, 320];

export function SystemChart({ store, timeline }: { store: StatsStore; timeline?: RunTimeline }) {
  const read = useCallback(
    (dark: boolean): ChartSeries => {
      const utils = store.system.keys().filter((k) => k.startsWith("util"));
      const keys = ["procs", ...utils];
      const data = store.system.data(keys);
      // Utilization is stored 0..1 and shown in %.
      for (let i = 2; i < data.length; i++) data[i] = (data[i] as Array<number | null>).map((v) => (v === null ? null : v * 100));
      return {
        keys,
        labels: ["processes", ...utils.map((k) => `S${Number(k.slice(4))} %`)],
        colors: [dark ? "#ecebf0" : "#1c1b22", ...utils.map((k) => `hsl(${SCHED_HUES[Number(k.slice(4)) % SCHED_HUES.length]} 70% ${dark ? 65 : 42}%)`)],
        data,
        scales: ["y", ...utils.map(() => "%")],
      };
    },
    [store],
  );
  return (
    <figure data-testid="system-chart" className="min-w-0 rounded-lg border border-border bg-panel p-2">
      <figcaption className="px-1 text-sm font-semibold">
        Processes and scheduler utilization
      </figcaption>
      <TimeChart store={store} timeline={timeline} read={read} height={150} yLabel="processes" />
    </figure>
  );
}
