/**
 * Markdown → HTML for lesson prose, at build time (marked). Code blocks get a language
 * caption ("TypeScript", "Elixir") so the side-by-side twins read clearly on a projector, and
 * take keyboard focus (tabindex="0"): a wide diagram scrolls inside its box, by the arrow keys too.
 */
import { Marked, type Tokens } from "marked";

const LANGUAGE_NAMES: Record<string, string> = {
  ts: "TypeScript",
  typescript: "TypeScript",
  js: "JavaScript",
  ex: "Elixir",
  elixir: "Elixir",
  exs: "Elixir",
  erlang: "Erlang",
  sh: "Shell",
  bash: "Shell",
};

/** Escapes text for an HTML text node or attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const id = (lang ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
      const name = LANGUAGE_NAMES[id] ?? id;
      const caption = name ? `<figcaption class="code-caption">${escapeHtml(name)}</figcaption>` : "";
      const cls = id ? ` class="language-${escapeHtml(id)}"` : "";
      return `<figure class="code-figure" data-lang="${escapeHtml(id)}">${caption}<pre tabindex="0"><code${cls}>${escapeHtml(text)}</code></pre></figure>\n`;
    },
  },
});

/** Renders lesson markdown (trusted: it is our own repository's content) to HTML. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
