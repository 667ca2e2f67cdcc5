"use client";
/**
 * The console: program output tagged by pid (one colour per process), crash reports set apart
 * with the source line they point at, the workbench's own messages, and a filter by pid.
 * "Previous run" shows the last run's output as it ended (a new run starts with an empty
 * console, so an old crash report cannot read as the new code's). It renders only the newest `SHOWN` lines of the bounded buffer, so a print loop cannot hang
 * the page; it re-renders when `version` changes (at most 10 times a second, see useRun).
 */
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { ConsoleBuffer, ConsoleLine } from "./consoleBuffer";
import { pidColor } from "./pidColor";
import { useDarkTheme } from "./useTheme";

const SHOWN = 400;

interface Props {
  buffer: ConsoleBuffer;
  version: number;
  /** The last run's lines, shown instead of this run's while "Previous run" is pressed. */
  previous?: ConsoleLine[] | null;
  className?: string;
}

export function Console({ buffer, version, previous = null, className = "" }: Props) {
  const [filter, setFilter] = useState("");
  const [showPrevious, setShowPrevious] = useState(false);
  // A new run (a new previous) shows its own output.
  useEffect(() => setShowPrevious(false), [previous]);
  const past = showPrevious && previous !== null;
  const dark = useDarkTheme();
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const lines = useMemo(() => {
    void version;
    const all = past ? previous : buffer.lines();
    const f = filter.trim();
    const shown = f ? all.filter((l) => l.pid !== null && l.pid.includes(f)) : all;
    return shown.slice(-SHOWN);
  }, [buffer, version, filter, past, previous]);
  const hidden = past ? Math.max(0, previous.length - SHOWN) : buffer.dropped + Math.max(0, buffer.lines().length - SHOWN);

  useEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <section aria-label="Console" className={`flex min-h-0 flex-col rounded-lg border border-border bg-panel ${className}`}>
      <div className="flex items-center gap-2 border-b border-border px-3 py-1.5">
        <h3 className="text-sm font-semibold">Console</h3>
        {previous !== null && (
          <button
            type="button"
            data-testid="console-previous"
            aria-pressed={past}
            onClick={() => setShowPrevious((v) => !v)}
            className="rounded border border-border px-1.5 py-0.5 text-xs text-muted hover:text-fg aria-pressed:bg-code-bg aria-pressed:text-fg"
          >
            {past ? "Back to this run" : "Previous run"}
          </button>
        )}
        <label className="ml-auto flex items-center gap-1 text-xs text-muted">
          Filter by pid
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="e.g. 0.3.0"
            className="w-28 rounded border border-border bg-bg px-1.5 py-0.5 font-mono text-xs text-fg"
            data-testid="console-filter"
          />
        </label>
        {filter && (
          <button type="button" className="text-xs text-accent underline" onClick={() => setFilter("")}>
            clear
          </button>
        )}
      </div>
      <div
        ref={scroller}
        data-testid="console"
        role="log"
        aria-live="polite"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="min-h-0 flex-1 overflow-auto px-3 py-2 font-mono text-[13px] leading-5"
      >
        {past && <p className="text-muted italic">The previous run&apos;s output, as it ended:</p>}
        {hidden > 0 && <p className="text-muted italic">… {hidden} older lines not shown</p>}
        {lines.length === 0 && <p className="text-muted">Press Run (Ctrl/⌘ + Enter) to see the program&apos;s output here.</p>}
        {lines.map((l) => (
          <Line key={l.seq} line={l} dark={dark} onPid={setFilter} />
        ))}
      </div>
    </section>
  );
}

const Line = memo(function Line({ line, dark, onPid }: { line: ConsoleLine; dark: boolean; onPid: (pid: string) => void }) {
  const tag = line.pid ? (
    <button
      type="button"
      title="Show only this process"
      onClick={() => onPid(line.pid!.replace(/^#PID<|>$/g, ""))}
      className="mr-2 shrink-0 font-semibold hover:underline"
      style={{ color: pidColor(line.pid, dark) }}
    >
      {line.pid}
    </button>
  ) : null;
  if (line.kind === "crash") {
    return (
      <div data-kind="crash" className="my-1 rounded border-l-4 border-red-500 bg-red-500/10 px-2 py-1">
        <div className="flex">
          {tag}
          <pre className="whitespace-pre-wrap text-red-700 dark:text-red-300">{line.text}</pre>
        </div>
        {line.source && (
          <p className="mt-1 text-xs text-muted">
            line {line.source.line}: <code className="text-fg">{line.source.text}</code>
          </p>
        )}
      </div>
    );
  }
  if (line.kind === "system") {
    return (
      <p data-kind="system" className="my-1 border-t border-border pt-1 font-sans text-sm font-semibold">
        {line.text}
      </p>
    );
  }
  return (
    <div data-kind={line.kind} className={`flex ${line.kind === "error" ? "text-amber-700 dark:text-amber-300" : ""}`}>
      {tag}
      <pre className="whitespace-pre-wrap">{line.text}</pre>
    </div>
  );
});
