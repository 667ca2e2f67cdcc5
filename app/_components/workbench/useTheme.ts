/**
 * The site's theme ("light" | "dark", the `data-theme` attribute the header's toggle sets),
 * followed live, for things CSS cannot colour (uPlot's canvas).
 */
import { useSyncExternalStore } from "react";

function subscribe(fn: () => void): () => void {
  const watch = new MutationObserver(fn);
  watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => watch.disconnect();
}

/** True when the dark theme is on. */
export function useDarkTheme(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.dataset.theme === "dark",
    () => false,
  );
}
