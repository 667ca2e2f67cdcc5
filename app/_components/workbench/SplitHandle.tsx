"use client";
/**
 * The handle between the editor (above) and the console and run views (below) when they are
 * stacked: drag it, or focus it and press ↑/↓ (Home/End for the extremes), to give one more
 * room. It follows the WAI-ARIA window splitter pattern: role="separator" whose value is the
 * editor's share of the height, in %.
 *
 *     editor            ↑ grows the output
 *     ═══════ handle ═══
 *     console │ charts  ↓ grows the editor
 *
 * `outputShare` is the output row's share (%); the page keeps it and sets it in CSS.
 */
import { useRef } from "react";

interface Props {
  /** The output row's share of the height, in %. */
  outputShare: number;
  onResize(share: number): void;
  /** The element whose height the handle divides (the workbench grid). */
  grid: () => HTMLElement | null;
}

/** Bounds of the output's share, and one key press. */
export const SPLIT = { min: 25, max: 80, step: 5, initial: 48 } as const;

const clamp = (share: number) => Math.round(Math.min(SPLIT.max, Math.max(SPLIT.min, share)));

export function SplitHandle({ outputShare, onResize, grid }: Props) {
  const dragging = useRef(false);
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the editor and the output"
      aria-valuemin={100 - SPLIT.max}
      aria-valuemax={100 - SPLIT.min}
      aria-valuenow={100 - outputShare}
      tabIndex={0}
      data-testid="split-handle"
      className="workbench-split group cursor-row-resize touch-none items-center justify-center rounded"
      onKeyDown={(e) => {
        if (e.key === "ArrowUp") onResize(clamp(outputShare + SPLIT.step));
        else if (e.key === "ArrowDown") onResize(clamp(outputShare - SPLIT.step));
        else if (e.key === "Home") onResize(SPLIT.max);
        else if (e.key === "End") onResize(SPLIT.min);
        else return;
        e.preventDefault();
      }}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        const g = grid()?.getBoundingClientRect();
        if (dragging.current && g && g.height > 0) onResize(clamp(((g.bottom - e.clientY) / g.height) * 100));
      }}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
    >
      <span aria-hidden className="h-1 w-12 rounded-full bg-border group-hover:bg-accent group-focus-visible:bg-accent" />
    </div>
  );
}
