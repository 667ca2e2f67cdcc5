"use client";
/**
 * The process table, like the BEAM's observer: pid, name or initial function, status, queue
 * length, reductions per second, memory, scheduler (from 0, as in pids and `spawnOpt`). Sort by any column, search, click a row
 * for its details (ProcessDetailsPanel) and Kill. Only the top `MAX_ROWS` rows by the current
 * sort are rendered, so 10,000 processes stay smooth; it re-renders at the stats rate.
 * It shows the timeline's moment: live, the stats; scrubbed back, the processes alive then
 * (from the recording); after the run, none (timeline/processesAt.ts).
 */
import { useMemo, useState, useSyncExternalStore } from "react";
import { tableAt, type RowAt } from "../timeline/processesAt";
import type { RunTimeline } from "../timeline/runTimeline";
import { pidColor } from "./pidColor";
import { ProcessDetailsPanel } from "./ProcessDetailsPanel";
import { formatCount } from "./SchedulerLanes";
import { formatUs } from "../timeline/runTimeline";
import type { StatsStore } from "./statsStore";
import type { RunApi } from "./useRun";
import { useDarkTheme } from "./useTheme";

const MAX_ROWS = 300;

type Column = keyof RowAt;

const COLUMNS: Array<{ key: Column; label: string; numeric?: boolean }> = [
  { key: "pid", label: "Pid" },
  { key: "name", label: "Name / initial call" },
  { key: "status", label: "Status" },
  { key: "queue", label: "Queue", numeric: true },
  { key: "reductionsPerSec", label: "Reductions/s", numeric: true },
  { key: "memory", label: "Memory", numeric: true },
  { key: "scheduler", label: "Sched", numeric: true },
];

function pidOrder(pid: string): number {
  const m = /<0\.(\d+)\.(\d+)>/.exec(pid);
  return m ? Number(m[2]) * 1e9 + Number(m[1]) : 0;
}

export function ProcessTable({ store, run, timeline }: { store: StatsStore; run: RunApi; timeline?: RunTimeline }) {
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  const noTimeline = () => 0;
  const moment = useSyncExternalStore(timeline?.subscribe ?? noSubscribe, timeline?.getVersion ?? noTimeline, timeline?.getVersion ?? noTimeline);
  const dark = useDarkTheme();
  const [sort, setSort] = useState<{ key: Column; desc: boolean }>({ key: "queue", desc: true });
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<string | null>(null);

  const at = timeline ? tableAt(timeline) : null;
  const all: RowAt[] = at ? at.rows : store.rows();
  const version = store.version + moment * 1e9;
  // Past a few hundred processes a scheduler's frame lists only its busiest and longest-queued
  // ones (runtime/host/stats.ts); the lanes' counts are the true totals.
  const total = at ? at.rows.length : store.schedulers().reduce((n, s) => n + s.procs, 0);
  const cursor = timeline?.at();
  const when = !cursor || (cursor.live && !cursor.ended) ? "live" : cursor.live ? "ended" : "scrubbed";
  const rows = useMemo(() => {
    void version;
    const q = search.trim().toLowerCase();
    const found = q ? all.filter((r) => r.pid.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)) : all.slice();
    const dir = sort.desc ? -1 : 1;
    const k = sort.key;
    found.sort((a, b) => {
      if (k === "pid") return dir * (pidOrder(a.pid) - pidOrder(b.pid));
      const x = a[k];
      const y = b[k];
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return dir * c || pidOrder(a.pid) - pidOrder(b.pid);
    });
    return { shown: found.slice(0, MAX_ROWS), total: found.length };
  }, [all, version, search, sort]);

  const header = (c: (typeof COLUMNS)[number]) => {
    const active = sort.key === c.key;
    return (
      <th key={c.key} scope="col" aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"} className={`px-2 py-1 ${c.numeric ? "text-right" : "text-left"}`}>
        <button
          type="button"
          className="font-semibold hover:text-accent"
          onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : !!c.numeric }))}
        >
          {c.label}
          {active ? (sort.desc ? " ▼" : " ▲") : ""}
        </button>
      </th>
    );
  };

  return (
    <section aria-label="Processes" data-testid="processes" data-when={when} className="grid gap-2 @3xl:grid-cols-[1fr_20rem]">
      <div className="min-w-0 rounded-lg border border-border bg-panel">
        <div className="flex flex-wrap items-center gap-2 border-b border-border px-3 py-1.5">
          <h3 className="text-sm font-semibold">Processes</h3>
          <span className="text-xs text-muted" data-testid="process-count">
            {total} process{total === 1 ? "" : "es"}
            {rows.shown.length < total ? ` — showing ${rows.shown.length}${search ? " matching" : ", the busiest and longest queues"}` : ""}
            {when === "scrubbed" && cursor ? ` alive at ${formatUs(cursor.t)} (timeline)` : when === "ended" ? " alive: the run ended" : ""}
          </span>
          <label className="ml-auto flex items-center gap-1 text-xs text-muted">
            Search
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="pid or name"
              className="w-36 rounded border border-border bg-bg px-1.5 py-0.5 text-xs text-fg"
            />
          </label>
        </div>
        <div className="max-h-80 overflow-auto">
          <table data-testid="process-table" className="w-full font-mono text-xs tabular-nums">
            <thead className="sticky top-0 bg-panel font-sans shadow-[0_1px_0_var(--border)]">
              <tr>
                <th scope="col" className="w-6 px-1" aria-label="Pin to chart" />
                {COLUMNS.map(header)}
              </tr>
            </thead>
            <tbody>
              {rows.shown.map((r) => (
                <tr
                  key={r.pid}
                  data-pid={r.pid}
                  aria-selected={selected === r.pid}
                  onClick={() => setSelected(r.pid)}
                  className={`cursor-pointer border-t border-border/60 hover:bg-code-bg ${selected === r.pid ? "bg-accent/15" : ""}`}
                >
                  <td className="px-1 text-center">
                    <button
                      type="button"
                      title={store.pinned.has(r.pid) ? "Unpin from the queue chart" : "Pin to the queue chart"}
                      aria-pressed={store.pinned.has(r.pid)}
                      onClick={(e) => {
                        e.stopPropagation();
                        store.togglePin(r.pid);
                      }}
                      className={store.pinned.has(r.pid) ? "text-accent" : "text-muted hover:text-fg"}
                    >
                      {store.pinned.has(r.pid) ? "★" : "☆"}
                    </button>
                  </td>
                  <td className="px-2 py-0.5">
                    <button type="button" className="font-semibold" style={{ color: pidColor(r.pid, dark) }} onClick={() => setSelected(r.pid)}>
                      {r.pid}
                    </button>
                  </td>
                  <td className="max-w-48 truncate px-2" title={r.name}>{r.name}</td>
                  <td className="px-2">{r.status}</td>
                  <td className="px-2 text-right" data-col="queue">{r.queue}</td>
                  <td className="px-2 text-right">{formatCount(r.reductionsPerSec)}</td>
                  <td className="px-2 text-right">{formatBytes(r.memory)}</td>
                  <td className="px-2 text-right">{r.scheduler}</td>
                </tr>
              ))}
              {rows.shown.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length + 1} className="px-3 py-3 font-sans text-muted">
                    {all.length === 0 ? (at?.note ?? "Live processes show here while a program runs.") : "No process matches the search."}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
      <ProcessDetailsPanel pid={selected} store={store} run={run} onClose={() => setSelected(null)} />
    </section>
  );
}

function noSubscribe(): () => void {
  return () => {};
}

/** 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
