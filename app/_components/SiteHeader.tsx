/**
 * The header on every page: the name, the two sections, the theme switch. One row of
 * --header-h (globals.css) at every width down to a 390 px phone, so a lesson can give the
 * rest of the window to its prose and workbench.
 */
import Link from "next/link";
import { ThemeToggle } from "./ThemeToggle";

export function SiteHeader() {
  return (
    <header className="h-[var(--header-h)] border-b border-border bg-panel">
      <nav className="mx-auto flex h-full max-w-6xl items-center gap-4 px-4 sm:gap-6" aria-label="Main">
        <Link href="/" className="text-lg font-bold text-fg no-underline">
          Beamlab
        </Link>
        <Link href="/#lessons" className="text-fg no-underline hover:text-accent">
          Lessons
        </Link>
        <Link href="/playground/" className="text-fg no-underline hover:text-accent">
          Playground
        </Link>
        <ThemeToggle className="ml-auto" />
      </nav>
    </header>
  );
}
