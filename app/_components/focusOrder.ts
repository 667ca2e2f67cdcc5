/**
 * The page's Tab order around an element, for widgets that move focus themselves (the editor
 * lets go on Escape then Tab): the focusable elements before and after it in document order.
 *
 *     focusAfter(editorBox);   // focus where Tab would go if the editor were not there
 *
 * Elements with a positive tabindex are taken in document order too (the site uses none).
 */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Shown: not hidden, not inside a closed <details> (which still has client rects in Chromium). */
function shown(el: HTMLElement): boolean {
  if (el.closest("[hidden], [inert]")) return false;
  return typeof el.checkVisibility === "function" ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0;
}

/** Focusable, visible elements of the document outside `around`, in document order. */
function outside(around: Element): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !around.contains(el) && shown(el));
}

/** Focus the first of `candidates` that takes focus; the one focused, if any. */
function focusFirst(candidates: HTMLElement[]): HTMLElement | undefined {
  return candidates.find((f) => (f.focus(), document.activeElement === f));
}

/** Focus the first focusable element after `el` (and outside it) in document order; the one focused. */
export function focusAfter(el: Element): HTMLElement | undefined {
  return focusFirst(outside(el).filter((f) => el.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING));
}

/** Focus the last focusable element before `el` in document order; the one focused. */
export function focusBefore(el: Element): HTMLElement | undefined {
  return focusFirst(
    outside(el)
      .filter((f) => !f.contains(el) && el.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_PRECEDING)
      .reverse(),
  );
}
