"use client";
/**
 * The run as a message sequence diagram, live: one lane per process (its registered name,
 * else its initial call, with the pid beside it), one row per event between them — message
 * arrows with their preview, spawns, exits (✕ reason), exit signals (EXIT), DOWNs, links and
 * monitors; a thick arrow with a badge for the messages of a flood the recording only counted
 * (per pair, per quarter second) — and the timeline's cursor as a line across (later rows dimmed).
 *
 *      ping            pong            others
 *       │──{:ping, 1}──►│
 *       │◄─{:pong, 1}───│
 *       │━[×1,234 messages not detailed]━►│
 *       │               ✕ :normal
 *
 * By default the lanes are the pinned processes plus the busiest talkers (MAX_LANES); click
 * a lane's header to pin or hide it. Only the rows in view are drawn, so a run of 10,000
 * processes costs a handful of SVG elements. Click a row (or move with ↑/↓ once the diagram
 * has focus) for the whole event in the details box; "As text" lists the rows for readers.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { Pid } from "../../../runtime/index";
import { pidColor } from "../workbench/pidColor";
import { useDarkTheme } from "../workbench/useTheme";
import { TRACE_HZ, TRACE_MESSAGES_PER_DRAIN } from "../../../runtime/host/settings";
import { formatUs, type RunTimeline } from "./runTimeline";
import { MAX_LANES, OTHERS, buildRows, chooseLanes, rowKey, rowsBefore, sendOrdinal, type SeqRow } from "./sequence";

const ROW_H = 24;
const HEAD_H = 40;
const MIN_LANE_W = 120;
const OTHERS_W = 90;
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 8;
/** Rows listed by "As text". */
const TEXT_ROWS = 500;

export function SequenceDiagram({ timeline, onDrop }: { timeline: RunTimeline; onDrop?: (from: Pid, to: Pid, nth: number, delayMs?: number) => void }) {
  const version = useSyncExternalStore(timeline.subscribe, timeline.getVersion, timeline.getVersion);
  const dark = useDarkTheme();
  const [pinned, setPinned] = useState<Pid[]>([]);
  const [hidden, setHidden] = useState<ReadonlySet<Pid>>(new Set());
  const [menu, setMenu] = useState<Pid | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [receives, setReceives] = useState(true);
  const [asText, setAsText] = useState(false);
  const [scroll, setScroll] = useState({ top: 0, height: 300, width: 600 });
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const trace = timeline.trace;
  const traceVersion = trace?.version ?? -1;
  // The model changes with the recording (a few times a second), not with the cursor.
  const model = useMemo(() => {
    if (trace === null) return null;
    const lanes = chooseLanes(trace, pinned, hidden);
    const rows = buildRows(trace, lanes, { receives });
    const others = rows.some((r) => r.from === OTHERS || r.to === OTHERS);
    // Where each lane's line starts (its spawn) and ends (its exit), in rows.
    const span = new Map<string, { from: number; to: number }>();
    rows.forEach((r, k) => {
      if (r.kind === "spawn" && r.to) span.set(r.to, { from: k, to: Infinity });
      if (r.kind === "exit" || r.kind === "signal") {
        const lane = r.kind === "exit" ? r.from : r.to!;
        span.set(lane, { from: span.get(lane)?.from ?? 0, to: k });
      }
    });
    return { lanes, rows, others, span, total: trace.processes().size };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trace, traceVersion, pinned, hidden, receives]);

  const cursor = timeline.at();
  void version;
  const cursorRow = model ? rowsBefore(model.rows, cursor.i) : 0;

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_H;
    setScroll({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onScroll, asText]);

  // Live: follow the newest rows while the reader is at the bottom. Scrubbed: keep the cursor in view.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !model) return;
    if (cursor.live) {
      if (stick.current) el.scrollTop = el.scrollHeight;
    } else {
      const y = HEAD_H + cursorRow * ROW_H;
      if (y < el.scrollTop + HEAD_H + ROW_H || y > el.scrollTop + el.clientHeight - ROW_H) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
    }
  }, [model, cursor.live, cursorRow]);

  if (trace === null || model === null) {
    return (
      <section data-testid="sequence-diagram" aria-label="Sequence diagram" className="p-3 text-sm text-muted">
        The messages between processes show here as a sequence diagram when a program runs.
      </section>
    );
  }

  const { lanes, rows, others } = model;
  timeline.shownLanes = lanes;
  const laneW = Math.max(MIN_LANE_W, Math.floor((scroll.width - (others ? OTHERS_W : 0)) / Math.max(1, lanes.length)));
  const width = lanes.length * laneW + (others ? OTHERS_W : 0);
  const xOf = (lane: string | undefined): number => {
    if (lane === undefined || lane === OTHERS) return lanes.length * laneW + OTHERS_W / 2;
    return lanes.indexOf(lane as Pid) * laneW + laneW / 2;
  };
  const height = rows.length * ROW_H + ROW_H;
  const first = Math.max(0, Math.floor((scroll.top - HEAD_H) / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll.top + scroll.height) / ROW_H) + OVERSCAN);
  const label = (pid: Pid | null | undefined) => (pid === null || pid === undefined ? "(outside)" : trace.label(pid));
  // "others" with no `other`: a counted row that stands for several processes without a lane.
  const laneName = (lane: string | undefined, other?: Pid | null) => (lane === OTHERS ? (other === undefined ? OTHERS : label(other)) : label(lane as Pid));
  const messages = rows.filter((r) => r.kind === "send").length;
  const counted = rows.reduce((n, r) => n + (r.count ?? 0), 0);
  const sel = selected !== null ? rows.find((r) => rowKey(r) === selected) ?? null : null;

  const select = (r: SeqRow | undefined) => {
    if (r) setSelected(rowKey(r));
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const k = sel ? rows.indexOf(sel) : e.key === "ArrowDown" ? -1 : rows.length;
    const next = rows[Math.max(0, Math.min(rows.length - 1, k + (e.key === "ArrowDown" ? 1 : -1)))];
    select(next);
    const el = box.current;
    if (el && next) {
      const y = HEAD_H + rows.indexOf(next) * ROW_H;
      if (y < el.scrollTop + HEAD_H || y > el.scrollTop + el.clientHeight - ROW_H) el.scrollTop = y - el.clientHeight / 2;
    }
  };

  const summary =
    `${lanes.length} of ${model.total} process${model.total === 1 ? "" : "es"} shown (${lanes.map((p) => label(p)).join(", ")}); ` +
    `${messages} message${messages === 1 ? "" : "s"} between them` +
    (counted > 0 ? ` and ${counted.toLocaleString("en-US")} more counted, not detailed` : "") +
    (cursor.live ? "" : `; ${rowsBefore(rows.filter((r) => r.kind === "send"), cursor.i)} before the cursor at ${formatUs(cursor.t)}`);

  return (
    <section
      data-testid="sequence-diagram"
      aria-label="Sequence diagram"
      data-lanes={lanes.map((p) => label(p)).join(",")}
      data-messages={messages}
      data-counted={counted}
      className="flex h-full min-h-0 flex-col"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-2 py-1 text-xs text-muted">
        <p data-testid="sequence-summary" className="min-w-0 flex-1 truncate" title={summary}>
          {summary}
        </p>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={receives} onChange={(e) => setReceives(e.target.checked)} />
          receives
        </label>
        <button type="button" aria-pressed={asText} onClick={() => setAsText((v) => !v)} className="rounded border border-border px-1.5 hover:text-fg">
          As text
        </button>
        {(pinned.length > 0 || hidden.size > 0) && (
          <button
            type="button"
            onClick={() => {
              setPinned([]);
              setHidden(new Set());
            }}
            className="rounded border border-border px-1.5 hover:text-fg"
          >
            Reset lanes ({pinned.length} pinned, {hidden.size} hidden)
          </button>
        )}
      </div>

      {asText ? (
        <ol data-testid="sequence-text" className="min-h-0 flex-1 overflow-auto px-3 font-mono text-xs" tabIndex={0} aria-label="Events as text">
          {rows.slice(-TEXT_ROWS).map((r) => (
            <li key={rowKey(r)} className={r.i >= cursor.i ? "opacity-40" : ""}>
              {formatUs(r.t)} {describeRow(r, laneName)}
            </li>
          ))}
        </ol>
      ) : (
        <div
          ref={box}
          onScroll={onScroll}
          onKeyDown={onKey}
          tabIndex={0}
          role="group"
          aria-label="Diagram: ↑/↓ move through the events"
          data-testid="sequence-scroll"
          className="relative min-h-48 flex-1 overflow-auto focus-visible:outline-2 focus-visible:outline-accent"
        >
          <div className="sticky top-0 z-10 flex border-b border-border bg-panel" style={{ width, height: HEAD_H }}>
            {lanes.map((pid) => (
              <div key={pid} className="relative shrink-0 px-1" style={{ width: laneW }}>
                <button
                  type="button"
                  data-testid="sequence-lane"
                  data-pid={pid}
                  aria-haspopup="menu"
                  aria-expanded={menu === pid}
                  onClick={() => setMenu(menu === pid ? null : pid)}
                  title={`${label(pid)} ${pid} — pin or hide`}
                  className="flex h-full w-full flex-col items-center justify-center truncate rounded hover:bg-code-bg"
                >
                  <span className="max-w-full truncate text-xs font-semibold" style={{ color: pidColor(pid, dark) }}>
                    {pinned.includes(pid) ? "★ " : ""}
                    {label(pid)}
                  </span>
                  <span className="font-mono text-[10px] text-muted">{pid}</span>
                </button>
                {menu === pid && (
                  <div role="menu" className="absolute top-full left-1 z-20 flex flex-col rounded border border-border bg-panel p-1 text-xs shadow">
                    <button
                      type="button"
                      role="menuitem"
                      autoFocus
                      className="rounded px-2 py-1 text-left hover:bg-code-bg"
                      onClick={() => {
                        setPinned((p) => (p.includes(pid) ? p.filter((x) => x !== pid) : [...p, pid]));
                        setMenu(null);
                      }}
                    >
                      {pinned.includes(pid) ? "Unpin" : "Pin (always show)"}
                    </button>
                    <button
                      type="button"
                      role="menuitem"
                      className="rounded px-2 py-1 text-left hover:bg-code-bg"
                      onClick={() => {
                        setHidden((h) => new Set([...h, pid]));
                        setPinned((p) => p.filter((x) => x !== pid));
                        setMenu(null);
                      }}
                    >
                      Hide
                    </button>
                  </div>
                )}
              </div>
            ))}
            {others && (
              <div className="flex shrink-0 items-center justify-center text-xs text-muted" style={{ width: OTHERS_W }} title="Processes without a lane">
                others
              </div>
            )}
          </div>
          <svg width={width} height={height} className="block" role="img" aria-label={summary}>
            <defs>
              <marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
              </marker>
            </defs>
            {lanes.map((pid) => {
              const s = model.span.get(pid);
              const y1 = s ? s.from * ROW_H + ROW_H / 2 : 0;
              const y2 = s && Number.isFinite(s.to) ? s.to * ROW_H + ROW_H / 2 : height;
              return <line key={pid} x1={xOf(pid)} x2={xOf(pid)} y1={y1} y2={y2} stroke={pidColor(pid, dark)} strokeOpacity={0.5} strokeWidth={2} />;
            })}
            {others && <line x1={xOf(OTHERS)} x2={xOf(OTHERS)} y1={0} y2={height} stroke="currentColor" strokeOpacity={0.2} strokeDasharray="2 4" />}
            {rows.slice(first, last).map((r, k) => (
              <Row
                key={rowKey(r)}
                row={r}
                y={(first + k) * ROW_H}
                width={width}
                x1={xOf(r.from)}
                x2={r.to !== undefined ? xOf(r.to) : undefined}
                future={r.i >= cursor.i}
                selected={rowKey(r) === selected}
                fromLabel={laneName(r.from, r.other)}
                toLabel={r.to !== undefined ? laneName(r.to, r.other) : undefined}
                onSelect={() => select(r)}
              />
            ))}
            {!cursor.live && (
              <g data-testid="sequence-cursor" data-row={cursorRow}>
                <line x1={0} x2={width} y1={cursorRow * ROW_H} y2={cursorRow * ROW_H} stroke="var(--accent)" strokeWidth={2} />
                <text x={4} y={cursorRow * ROW_H - 3} fontSize={10} fill="var(--accent)">
                  {formatUs(cursor.t)}
                </text>
              </g>
            )}
          </svg>
        </div>
      )}

      <div data-testid="sequence-details" aria-live="polite" className="max-h-28 overflow-auto border-t border-border px-2 py-1 text-xs">
        {sel ? (
          <div className="flex flex-wrap items-start gap-x-3">
            <span className="text-muted">{formatUs(sel.t)}</span>
            <span className="font-semibold">{kindName(sel.kind)}</span>
            <span>
              {laneName(sel.from, sel.other)}
              {sel.to !== undefined && <> → {laneName(sel.to, sel.other)}</>}
            </span>
            {sel.size !== undefined && <span className="text-muted">~{sel.size} B</span>}
            <button type="button" className="ml-auto text-accent underline" onClick={() => (sel.kind === "counted" ? timeline.seek(sel.t) : timeline.seek(sel.t, sel.i + 1))}>
              Show the run at this moment
            </button>
            {onDrop &&
              sel.kind === "send" &&
              trace &&
              sendOrdinal(trace, sel.i) &&
              (
                [
                  ["drop-message", "Lose it in the next run", "this message is lost", undefined],
                  ["delay-message", "Delay it 100 ms", "this message arrives 100 virtual ms late", 100],
                ] as const
              ).map(([testid, label, what, delayMs]) => (
                <button
                  key={testid}
                  type="button"
                  data-testid={testid}
                  title={`A fault for the next deterministic run: ${what}`}
                  className="text-accent underline"
                  onClick={() => {
                    const m = sendOrdinal(trace, sel.i)!;
                    onDrop(m.from, m.to, m.nth, delayMs);
                  }}
                >
                  {label}
                </button>
              ))}
            {sel.kind === "counted" ? (
              <p className="mt-1 w-full">
                {sel.count!.toLocaleString("en-US")} message{sel.count === 1 ? "" : "s"} from {laneName(sel.from, sel.from === OTHERS ? sel.other : undefined)} to{" "}
                {laneName(sel.to, sel.to === OTHERS ? sel.other : undefined)} between {formatUs(sel.fromT ?? sel.t)} and {formatUs(sel.t)}: a flood past what the
                recording keeps one by one (about {TRACE_MESSAGES_PER_DRAIN.toLocaleString("en-US")} messages per scheduler {TRACE_HZ} times a second), so they were counted, not
                kept.
              </p>
            ) : (
              <pre className="mt-1 w-full font-mono break-all whitespace-pre-wrap">{sel.text}</pre>
            )}
          </div>
        ) : (
          <span className="text-muted">
            Click an arrow for the whole message. Lanes: the {MAX_LANES} busiest processes and the ones you pin (click a lane&apos;s name).
          </span>
        )}
      </div>
    </section>
  );
}

interface RowProps {
  row: SeqRow;
  y: number;
  width: number;
  x1: number;
  x2?: number;
  future: boolean;
  selected: boolean;
  fromLabel: string;
  toLabel?: string;
  onSelect(): void;
}

const KIND_STYLE: Partial<Record<SeqRow["kind"], { color: string; dash?: string }>> = {
  counted: { color: "var(--accent)" },
  spawn: { color: "var(--muted)", dash: "5 3" },
  signal: { color: "#dc2626" },
  down: { color: "#d97706", dash: "5 3" },
  link: { color: "var(--muted)", dash: "1 3" },
  unlink: { color: "var(--muted)", dash: "1 6" },
  monitor: { color: "#d97706", dash: "1 3" },
  demonitor: { color: "#d97706", dash: "1 6" },
};

/** One event's row: an arrow between lanes, or a mark on one lane. */
function Row({ row, y, width, x1, x2, future, selected, fromLabel, toLabel, onSelect }: RowProps) {
  const mid = y + ROW_H / 2;
  const style = KIND_STYLE[row.kind] ?? { color: "currentColor" };
  const common = {
    "data-testid": "seq-row",
    "data-kind": row.kind,
    "data-i": row.i,
    "data-t": row.t,
    "data-from": fromLabel,
    ...(toLabel !== undefined ? { "data-to": toLabel } : {}),
    opacity: future ? 0.3 : 1,
    onClick: onSelect,
    style: { cursor: "pointer" },
  };
  const hit = <rect x={0} y={y} width={width} height={ROW_H} fill={selected ? "var(--accent)" : "transparent"} fillOpacity={selected ? 0.15 : 0} />;
  if (x2 === undefined) {
    const isExit = row.kind === "exit";
    return (
      <g {...common}>
        {hit}
        {isExit ? (
          <text x={x1} y={mid + 5} textAnchor="middle" fontSize={15} fontWeight={700} fill="#dc2626">
            ✕
          </text>
        ) : (
          <circle cx={x1} cy={mid} r={row.kind === "receive" ? 3 : 4} fill={row.kind === "receive" ? "currentColor" : "var(--accent)"} />
        )}
        <text x={x1 + 10} y={mid + 4} fontSize={11} fill={isExit ? "#dc2626" : "currentColor"} fillOpacity={row.kind === "receive" ? 0.6 : 1} className="font-mono">
          {clip(isExit ? row.text.slice(2) : row.kind === "receive" ? `took ${row.text}` : row.text, 40)}
        </text>
      </g>
    );
  }
  if (x1 === x2) {
    // To itself: a small loop.
    return (
      <g {...common} color={style.color}>
        {hit}
        <path d={`M${x1},${mid - 6} h22 v12 h-20`} fill="none" stroke="currentColor" strokeWidth={1.5} strokeDasharray={style.dash} markerEnd="url(#seq-arrow)" />
        <text x={x1 + 28} y={mid + 4} fontSize={11} fill="currentColor" className="font-mono">
          {clip(row.text, 40)}
        </text>
      </g>
    );
  }
  const span = Math.abs(x2 - x1);
  if (row.kind === "counted") {
    // Many messages as one thick arrow with a badge: how many the recording only counted.
    const badge = clip(`×${row.count!.toLocaleString("en-US")}`, Math.max(4, Math.floor(span / 7)));
    const w = badge.length * 6.6 + 10;
    // Its own head: the thin arrows' marker would grow with the stroke.
    const dir = x2 > x1 ? 1 : -1;
    return (
      <g {...common} color={style.color} data-count={row.count} aria-label={`${fromLabel} to ${toLabel}: ${row.text}`}>
        {hit}
        <line x1={x1} x2={x2 - dir * 10} y1={mid} y2={mid} stroke="currentColor" strokeOpacity={0.45} strokeWidth={6} />
        <path d={`M${x2},${mid} l${-dir * 11},-7 v14 z`} fill="currentColor" fillOpacity={0.8} />
        <rect x={(x1 + x2) / 2 - w / 2} y={mid - 8} width={w} height={16} rx={8} fill="var(--panel)" stroke="currentColor" strokeWidth={1} />
        <text x={(x1 + x2) / 2} y={mid + 4} textAnchor="middle" fontSize={11} fontWeight={600} fill="currentColor" className="font-mono">
          {badge}
        </text>
      </g>
    );
  }
  const arrowHead = row.kind !== "link" && row.kind !== "unlink";
  return (
    <g {...common} color={style.color}>
      {hit}
      <line x1={x1} x2={x2} y1={mid + 4} y2={mid + 4} stroke="currentColor" strokeWidth={1.5} strokeDasharray={style.dash} markerEnd={arrowHead ? "url(#seq-arrow)" : undefined} />
      {row.kind === "signal" && (
        <text x={x2} y={mid + 9} textAnchor="middle" fontSize={15} fontWeight={700} fill="#dc2626">
          ✕
        </text>
      )}
      <text x={(x1 + x2) / 2} y={mid} textAnchor="middle" fontSize={11} fill="currentColor" className="font-mono">
        {clip(row.text, Math.max(6, Math.floor(span / 6.6)))}
      </text>
    </g>
  );
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function kindName(k: SeqRow["kind"]): string {
  return { send: "message", counted: "messages counted", receive: "received", spawn: "spawn", exit: "exit", signal: "exit signal", down: "DOWN", link: "link", unlink: "unlink", monitor: "monitor", demonitor: "demonitor", register: "register", unregister: "unregister" }[k];
}

/** A row in words: "ping → pong: {:ping, 1}". */
export function describeRow(r: SeqRow, name: (lane: string | undefined, other?: Pid | null) => string): string {
  const from = name(r.from, r.other);
  if (r.to === undefined) return `${from}: ${r.kind === "receive" ? `took ${r.text}` : r.text}`;
  return `${from} → ${name(r.to, r.other)}: ${r.kind === "send" || r.kind === "counted" ? r.text : `${kindName(r.kind)} ${r.kind === "spawn" ? r.text.replace(/^spawn /, "") : r.text}`}`;
}
