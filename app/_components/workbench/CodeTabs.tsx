"use client";
/**
 * A lesson's code, as a tab set (the WAI-ARIA tabs pattern: ←/→, Home/End move between tabs,
 * each tab has its panel):
 *
 *     [Your code] [Elixir] [Solution]                 (aside: the run's status)
 *     Your code: the editor        Elixir: the twin, highlighted (read-only)
 *     Solution:  asks first ("tried it with your own code?" [Show solution] [Not yet]),
 *                then the solution, highlighted, and "Use the solution in the editor"
 *
 * The answer to the question lasts while the page is open. Without a lesson (the
 * playground) only the editor is rendered, with no tabs.
 */
import { useId, useRef, useState, type ReactNode } from "react";
import { HighlightedCode } from "../code/HighlightedCode";

export type CodeTab = "code" | "elixir" | "solution";

const TABS: { id: CodeTab; label: string }[] = [
  { id: "code", label: "Your code" },
  { id: "elixir", label: "Elixir" },
  { id: "solution", label: "Solution" },
];

interface Props {
  tab: CodeTab;
  onTab(tab: CodeTab): void;
  /** The lesson's Elixir twin and solution; without them, just the editor. */
  lesson?: { elixir: string; solution: string };
  /** Shown at the right of the tab row (the run's status). */
  aside?: ReactNode;
  /** Puts the solution in the editor (after the learner confirms). */
  onUseSolution(solution: string): void;
  /** The editor. */
  children: ReactNode;
}

export function CodeTabs({ tab, onTab, lesson, aside, onUseSolution, children }: Props) {
  const id = useId();
  const [solutionShown, setSolutionShown] = useState(false);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  if (!lesson) return <>{children}</>;

  const tabId = (t: CodeTab) => `${id}-tab-${t}`;
  const panelId = (t: CodeTab) => `${id}-panel-${t}`;
  const move = (to: number) => {
    const k = (to + TABS.length) % TABS.length;
    onTab(TABS[k]!.id);
    buttons.current[k]?.focus();
  };
  const panel = (t: CodeTab, className: string, content: ReactNode) => (
    <div id={panelId(t)} role="tabpanel" aria-labelledby={tabId(t)} hidden={tab !== t} className={`min-h-0 min-w-0 flex-1 flex-col ${tab === t ? "flex" : ""} ${className}`}>
      {content}
    </div>
  );

  return (
    <>
      <div className="flex shrink-0 items-end gap-2">
        <div
          role="tablist"
          aria-label="Code"
          className="flex shrink-0 items-end gap-1"
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
              id={tabId(t.id)}
              aria-selected={tab === t.id}
              aria-controls={panelId(t.id)}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => onTab(t.id)}
              className={`-mb-px rounded-t px-3 py-1 text-sm ${tab === t.id ? "border border-b-0 border-border bg-panel font-semibold" : "text-muted hover:text-fg"}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="ml-auto flex min-w-0 justify-end pb-1">{aside}</div>
      </div>
      {panel("code", "", children)}
      {panel("elixir", "", tab === "elixir" && <HighlightedCode code={lesson.elixir} language="elixir" data-testid="elixir-code" className="!mb-0 h-[26rem] @3xl:h-auto @3xl:min-h-0 @3xl:flex-1" />)}
      {panel(
        "solution",
        "",
        solutionShown ? (
          <>
            <HighlightedCode code={lesson.solution} language="typescript" data-testid="solution-code" className="!mb-0 h-[24rem] @3xl:h-auto @3xl:min-h-0 @3xl:flex-1" />
            <button
              type="button"
              className="mt-1 self-start text-sm text-accent underline"
              onClick={() => {
                if (window.confirm("Replace your code with the solution?")) onUseSolution(lesson.solution);
              }}
            >
              Use the solution in the editor
            </button>
          </>
        ) : (
          <div className="rounded-lg border border-border bg-panel p-4 text-sm" data-testid="solution-ask">
            <p className="font-semibold">Have you tried it with your own code?</p>
            <p className="mt-1 text-muted">
              The exercise is where the lesson sinks in: run your own code and read what the checks say first. The
              solution will still be here.
            </p>
            <div className="mt-3 flex flex-wrap gap-2">
              <button type="button" className="rounded border border-border px-3 py-1 hover:bg-code-bg" onClick={() => setSolutionShown(true)}>
                Show solution
              </button>
              <button type="button" className="rounded bg-accent px-3 py-1 font-semibold text-bg hover:opacity-90" onClick={() => move(0)}>
                Not yet
              </button>
            </div>
          </div>
        ),
      )}
    </>
  );
}
