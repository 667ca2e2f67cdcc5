"use client";
/**
 * Fill the rest of a scrolling pane: sets a CSS length variable on the pane to the height left
 * below a target element's top, so the target (the workbench's editor, console and run views)
 * ends at the pane's bottom edge however tall the things above it are (an open checks list, a
 * toolbar that wrapped) — no scrolling needed to see it whole. Below the pane's breakpoint
 * (when the pane does not scroll itself) the variable is removed and CSS defaults apply.
 *
 *     pane (overflow-y: auto, 100svh - header)
 *     ├ heading, checks          ┐ offset (measured)
 *     ├ toolbar                  ┘
 *     ├ target  ◄── --workbench-h = pane height - offset - bottom padding (at least `min`)
 *     └ timeline, table (scroll into view)
 *
 *   useFillPane(ref, { pane: "[data-testid=workbench-slot]", target: ".workbench-grid", variable: "--workbench-h", min: 432 });
 */
import { useEffect, type RefObject } from "react";

/** The height that makes a target starting `offset` px into a pane of `paneHeight` end at its bottom padding. */
export function fillHeight({ paneHeight, offset, paddingBottom, min }: { paneHeight: number; offset: number; paddingBottom: number; min: number }): number {
  return Math.max(min, Math.floor(paneHeight - offset - paddingBottom));
}

interface Options {
  /** Selector of the scrolling pane (an ancestor of the ref). */
  pane: string;
  /** Selector of the element to size (a descendant of the ref). */
  target: string;
  /** The CSS variable set on the pane, e.g. "--workbench-h". */
  variable: string;
  /** Never smaller than this many px (the pane scrolls instead). */
  min: number;
}

export function useFillPane(ref: RefObject<HTMLElement | null>, { pane: paneSel, target: targetSel, variable, min }: Options): void {
  useEffect(() => {
    const root = ref.current;
    const pane = root?.closest<HTMLElement>(paneSel);
    const target = root?.querySelector<HTMLElement>(targetSel);
    if (!root || !pane || !target) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const style = getComputedStyle(pane);
      if (style.overflowY !== "auto" && style.overflowY !== "scroll") {
        pane.style.removeProperty(variable);
        return;
      }
      const offset = target.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
      const h = fillHeight({ paneHeight: pane.clientHeight, offset, paddingBottom: parseFloat(style.paddingBottom) || 0, min });
      pane.style.setProperty(variable, `${h}px`);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    // The pane's size (window resized) and everything above the target (checks opened, toolbar wrapped).
    const observer = new ResizeObserver(schedule);
    observer.observe(pane);
    for (let el: Element | null = target.previousElementSibling; el; el = el.previousElementSibling) observer.observe(el);
    for (let up: HTMLElement | null = target.parentElement; up && up !== pane; up = up.parentElement) {
      for (let el = up.previousElementSibling; el; el = el.previousElementSibling) observer.observe(el);
    }
    return () => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      pane.style.removeProperty(variable);
    };
  }, [ref, paneSel, targetSel, variable, min]);
}
