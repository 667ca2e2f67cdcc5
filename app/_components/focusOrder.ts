/**
 * The page's Tab order around an element, for widgets that move focus themselves (the editor
 * lets go on Escape then Tab): the focusable elements before and after it in document order.
 *
 *     focusableAfter(editorBox)?.focus();   // where Tab would go if the editor were not there
 *
 * Elements with a positive tabindex are taken in document order too (the site uses none).
 */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Focusable, visible elements of the document outside `around`, in document order. */
function outside(around: Element): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !around.contains(el) && el.getClientRects().length > 0 && !el.closest("[hidden], [inert]"),
  );
}

/** The first focusable element after `el` (and outside it) in document order. */
export function focusableAfter(el: Element): HTMLElement | undefined {
  return outside(el).find((f) => el.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/** The last focusable element before `el` in document order. */
export function focusableBefore(el: Element): HTMLElement | undefined {
  return outside(el)
    .reverse()
    .find((f) => el.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_PRECEDING);
}
