"use client";
/**
 * Share: puts the code and settings, compressed, into the page's URL hash, copies the link
 * when the browser allows it, and shows it for copying by hand. Opening the link loads the
 * code without running it (see useAutosave's restoreWork).
 */
import { useState } from "react";
import { shareHash } from "./share";
import type { Work } from "./useAutosave";

export function ShareButton({ work }: { work: () => Work }) {
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const share = async () => {
    const link = window.location.origin + window.location.pathname + shareHash(work());
    setUrl(link);
    setCopied(false);
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard permission: the link is shown to copy by hand.
    }
  };

  return (
    <span className="relative flex items-center gap-2">
      <button type="button" data-testid="share" onClick={share} className="rounded border border-border px-3 py-1 text-sm hover:bg-code-bg">
        Share
      </button>
      {url && (
        <span className="flex items-center gap-1 text-xs">
          <input
            readOnly
            value={url}
            aria-label="Share link"
            data-testid="share-url"
            onFocus={(e) => e.currentTarget.select()}
            className="w-40 rounded border border-border bg-bg px-1 py-0.5 font-mono text-fg"
          />
          <span className="text-muted">{copied ? "copied" : "copy this link"}</span>
        </span>
      )}
    </span>
  );
}
