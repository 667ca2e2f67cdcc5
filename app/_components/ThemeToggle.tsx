"use client";
/**
 * Light/dark switch. Flips `data-theme` on <html> and saves the choice; the label is drawn
 * by CSS from the current theme, so server and client render the same markup. Its name is
 * its text ("Dark" reads "Switch to Dark theme"), so speech input and screen readers agree.
 */
import { THEME_STORAGE_KEY } from "./themeScript";

export function ThemeToggle({ className = "" }: { className?: string }) {
  function toggle() {
    const root = document.documentElement;
    const next = root.dataset.theme === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }
  return (
    <button
      type="button"
      onClick={toggle}
      data-testid="theme-toggle"
      className={`shrink-0 rounded-md border border-border px-3 py-1 text-sm text-fg hover:bg-code-bg ${className}`}
    >
      <span className="sr-only">Switch to </span>
      <span className="dark:hidden">Dark</span>
      <span className="hidden dark:inline">Light</span>
      <span className="sr-only"> theme</span>
    </button>
  );
}
