"use client";
/**
 * The run's views in one tabbed panel beside the console, so the console and a chart (or the
 * diagram, or the tree) are in view together on a laptop screen:
 *
 *     [Charts] [Sequence] [Tree]
 *     Charts:   queue lengths, scheduler lanes, processes and utilization (scrolls inside)
 *     Sequence: the message sequence diagram          Tree: the supervision tree, links, monitors
 *
 * Tabs follow the WAI-ARIA tabs pattern (←/→, Home/End move between them). The charts stay
 * mounted (their history lives in the stats store either way); the diagram and the tree are
 * drawn only while their tab is open.
 */
import { useRef, useState } from "react";
import { QueueChart } from "../workbench/QueueChart";
import { SchedulerLanes } from "../workbench/SchedulerLanes";
import type { StatsStore } from "../workbench/statsStore";
import { SystemChart } from "../workbench/SystemChart";
import { ProcessTree } from "./ProcessTree";
import type { RunTimeline } from "./runTimeline";
import { SequenceDiagram } from "./SequenceDiagram";
import type { Pid } from "../../../runtime/index";

const TABS = [
  { id: "charts", label: "Charts" },
  { id: "sequence", label: "Sequence" },
  { id: "tree", label: "Tree" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export function RunPanels({
  store,
  timeline,
  className = "",
  onDrop,
}: {
  store: StatsStore;
  timeline: RunTimeline;
  className?: string;
  /** A deterministic run: the diagram offers to lose a message in the next run (a drop fault). */
  onDrop?: (from: Pid, to: Pid, nth: number, delayMs?: number) => void;
}) {
  const [tab, setTab] = useState<TabId>("charts");
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (to: number) => {
    const k = (to + TABS.length) % TABS.length;
    setTab(TABS[k]!.id);
    buttons.current[k]?.focus();
  };
  return (
    <section aria-label="Run views" data-testid="run-panels" className={`flex min-h-0 flex-col rounded-lg border border-border bg-panel ${className}`}>
      <div
        role="tablist"
        aria-label="Run views"
        className="flex shrink-0 gap-1 border-b border-border px-2 pt-1"
        onKeyDown={(e) => {
          const k = TABS.findIndex((t) => t.id === tab);
          if (e.key === "ArrowRight") move(k + 1);
          else if (e.key === "ArrowLeft") move(k - 1);
          else if (e.key === "Home") move(0);
          else if (e.key === "End") move(TABS.length - 1);
          else return;
          e.preventDefault();
        }}
      >
        {TABS.map((t, k) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`run-tab-${t.id}`}
            data-testid={`run-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`run-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={`-mb-px rounded-t px-3 py-1 text-sm ${tab === t.id ? "border border-b-0 border-border bg-bg font-semibold" : "text-muted hover:text-fg"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="run-panel-charts" role="tabpanel" aria-labelledby="run-tab-charts" hidden={tab !== "charts"} tabIndex={0} className="min-h-0 flex-1 space-y-3 overflow-auto p-2">
        <QueueChart store={store} timeline={timeline} />
        <SchedulerLanes store={store} timeline={timeline} />
        <SystemChart store={store} timeline={timeline} />
      </div>
      <div id="run-panel-sequence" role="tabpanel" aria-labelledby="run-tab-sequence" hidden={tab !== "sequence"} className="flex min-h-0 flex-1 flex-col">
        {tab === "sequence" && <SequenceDiagram timeline={timeline} onDrop={onDrop} />}
      </div>
      <div id="run-panel-tree" role="tabpanel" aria-labelledby="run-tab-tree" hidden={tab !== "tree"} className="flex min-h-0 flex-1 flex-col">
        {tab === "tree" && <ProcessTree timeline={timeline} />}
      </div>
    </section>
  );
}
