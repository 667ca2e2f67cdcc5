"use client";
/**
 * The supervision tree at the timeline's moment: every process under its spawn parent (solid
 * connectors), supervisors marked, a restarted child beside the one it replaced (struck out,
 * with its exit reason), a killed process marked ☠, and the links (dotted arcs) and monitors
 * (dashed arcs, arrow at the watched process) in place at that moment, in the right gutter.
 *
 *     ▸ main                          ┐
 *       ├─ ⛉ Supervisor               ┆ link
 *       │   ├─ cache                  ┘
 *       │   ├─ mailer ✕ killed  → replaced
 *       │   └─ mailer ↻ restarted
 *
 * Rows are HTML (a `tree` for assistive technology); the lines are one SVG behind them.
 */
import { useMemo, useSyncExternalStore } from "react";
import { pidColor } from "../workbench/pidColor";
import { useDarkTheme } from "../workbench/useTheme";
import { formatUs, type RunTimeline } from "./runTimeline";
import { buildTree, isNormal } from "./tree";

const ROW_H = 26;
const INDENT = 18;
const GUTTER = 70;

export function ProcessTree({ timeline }: { timeline: RunTimeline }) {
  const version = useSyncExternalStore(timeline.subscribe, timeline.getVersion, timeline.getVersion);
  const dark = useDarkTheme();
  const trace = timeline.trace;
  const cursor = timeline.at();
  const atEnd = cursor.ended && cursor.live;
  const model = useMemo(
    () => (trace ? buildTree(trace, atEnd ? trace.endUs : cursor.t, { ended: atEnd }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [trace, trace?.version, cursor.t, atEnd, version],
  );

  if (!trace || !model) {
    return (
      <section data-testid="process-tree" aria-label="Process tree" className="p-3 text-sm text-muted">
        Processes show here as a tree (who spawned whom, links, monitors, restarts) when a program runs.
      </section>
    );
  }
  const { rows } = model;
  const index = new Map(rows.map((r, k) => [r.pid, k]));
  const height = rows.length * ROW_H;
  const gx = (k: number) => k * 10 + 12;

  return (
    <section data-testid="process-tree" aria-label="Process tree" className="flex h-full min-h-0 flex-col">
      <p className="px-2 py-1 text-xs text-muted" data-testid="tree-summary">
        {atEnd
          ? `The run ended: ${model.total} process${model.total === 1 ? "" : "es"} ran, none is alive. Drag the timeline back to see them alive.`
          : `${model.alive} of ${model.total} alive at ${formatUs(cursor.t)}${cursor.live ? " (live)" : ""}`}
        {" · "}
        <span aria-hidden>─ spawned/supervised · ┈ link · ╌ monitor</span>
      </p>
      <div className="min-h-48 flex-1 overflow-auto">
        <div className="relative" style={{ height, minWidth: 360 }}>
          <svg className="pointer-events-none absolute inset-0" width="100%" height={height} aria-hidden>
            {rows.map((r, k) => {
              if (r.parent === null) return null;
              const p = index.get(r.parent);
              if (p === undefined) return null;
              const x = rows[p]!.depth * INDENT + 10;
              const y = k * ROW_H + ROW_H / 2;
              return <path key={r.pid} d={`M${x},${p * ROW_H + ROW_H - 4} V${y} H${x + INDENT - 4}`} fill="none" stroke="currentColor" strokeOpacity={0.45} strokeWidth={1.5} />;
            })}
          </svg>
          <svg className="pointer-events-none absolute top-0 right-0" width={GUTTER} height={height} aria-hidden>
            {model.links.map(([a, b], k) => {
              const ya = index.get(a)! * ROW_H + ROW_H / 2;
              const yb = index.get(b)! * ROW_H + ROW_H / 2;
              const x = GUTTER - gx(k % 5);
              return <path key={`l${k}`} data-link={`${a} ${b}`} d={`M${GUTTER},${ya} H${x} V${yb} H${GUTTER}`} fill="none" stroke="currentColor" strokeDasharray="1 3" strokeWidth={1.5} />;
            })}
            {model.monitors.map(([by, pid], k) => {
              const ya = index.get(by)! * ROW_H + ROW_H / 2;
              const yb = index.get(pid)! * ROW_H + ROW_H / 2;
              const x = GUTTER - gx((k % 5) + 0.5) - 4;
              return (
                <g key={`m${k}`} color="#d97706">
                  <path d={`M${GUTTER},${ya} H${x} V${yb} H${GUTTER - 2}`} fill="none" stroke="currentColor" strokeDasharray="4 3" strokeWidth={1.5} />
                  <path d={`M${GUTTER - 6},${yb - 3} L${GUTTER},${yb} L${GUTTER - 6},${yb + 3}`} fill="currentColor" />
                </g>
              );
            })}
          </svg>
          <ul role="tree" aria-label="Processes by parent" className="relative" style={{ paddingRight: GUTTER }}>
            {rows.map((r) => (
              <li
                key={r.pid}
                role="treeitem"
                aria-level={r.depth + 1}
                aria-selected={false}
                data-pid={r.pid}
                data-label={r.label}
                data-alive={r.alive}
                data-restarted={r.restartOf ? "true" : undefined}
                data-replaced={r.replacedBy ? "true" : undefined}
                data-killed={r.killed ? "true" : undefined}
                className="flex items-center gap-1.5 truncate text-xs"
                style={{ height: ROW_H, paddingLeft: r.depth * INDENT + (r.depth > 0 ? 14 : 2) }}
              >
                {r.supervisor && (
                  <span title="supervisor" className="text-accent">
                    ⛉
                  </span>
                )}
                <span className={`font-semibold ${r.alive ? "" : "line-through opacity-60"}`} style={{ color: pidColor(r.pid, dark) }}>
                  {r.label}
                </span>
                <span className="font-mono text-[10px] text-muted">{r.pid}</span>
                {r.killed && (
                  <span className="rounded bg-red-500/15 px-1 text-red-700 dark:text-red-300" title="killed">
                    ☠ killed
                  </span>
                )}
                {!r.alive && r.reason !== undefined && !r.killed && (
                  <span className={isNormal(r.reason) ? "text-muted" : "text-red-700 dark:text-red-300"} title={r.reason}>
                    ✕ {r.reason.length > 40 ? `${r.reason.slice(0, 39)}…` : r.reason}
                  </span>
                )}
                {r.replacedBy && <span className="text-muted">→ replaced</span>}
                {r.restartOf && (
                  <span className="rounded bg-accent/15 px-1 text-accent" title={`restarted: replaces ${r.restartOf}`}>
                    ↻ restarted
                  </span>
                )}
                {r.more && (
                  <span className="text-muted">
                    + {r.more.count.toLocaleString("en")} more children ({r.more.alive.toLocaleString("en")} alive)
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
