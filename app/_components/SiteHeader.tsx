/** The header on every page: the name, the two sections, the theme switch. */
import Link from "next/link";
import { ThemeToggle } from "./ThemeToggle";

export function SiteHeader() {
  return (
    <header className="border-b border-border bg-panel">
      <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3" aria-label="Main">
        <Link href="/" className="text-lg font-bold text-fg no-underline">
          Beamlab
        </Link>
        <Link href="/#lessons" className="text-fg no-underline hover:text-accent">
          Lessons
        </Link>
        <Link href="/playground/" className="text-fg no-underline hover:text-accent">
          Playground
        </Link>
        <span className="flex-1" />
        <ThemeToggle />
      </nav>
    </header>
  );
}
