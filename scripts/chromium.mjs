/**
 * How every test and benchmark launches Chromium here: Debian's binary (never a downloaded
 * one) and flags that keep a headless run off the network (this machine's network is closed;
 * without the background-networking flags Chromium keeps retrying Google's hosts).
 */

/** The browser binary: $CHROMIUM_PATH, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Flags for a quiet headless run. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // System.measureMemory asks the page for performance.measureUserAgentSpecificMemory(),
  // which otherwise answers only at Chromium's next GC (≈ 20 s).
  "--enable-blink-features=ForceEagerMeasureMemory",
];
