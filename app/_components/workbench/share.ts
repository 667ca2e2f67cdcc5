/**
 * Share links: the code and settings, deflated (fflate) and base64url-encoded into the URL
 * hash, so a link carries a whole program and no server is involved.
 *
 *     const hash = shareHash({ code, settings });   // "#code=eJzLSM3JyVco..."
 *     readShareHash(location.hash)                  // { code, settings } | null
 *
 * A deterministic run's link carries its seed (in the settings) and its faults, so the receiver
 * replays the same interleaving when they press Run.
 *
 * Opening a link only loads the code: the workbench never runs it until Run is pressed.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { parseFaults } from "../../../runtime/host/browser-sim-host";
import { sanitizeSettings, type WorkbenchSettings } from "./settings";

/** What a share link carries. */
export interface SharedWork {
  code: string;
  settings: WorkbenchSettings;
  /** A deterministic run's faults (`kill:NAME@120ms,...`): with the seed in `settings`, the exact run. */
  faults?: string;
}

const PREFIX = "#code=";
/** Decompressed size above which a link is refused (a hostile link cannot exhaust memory). */
const MAX_BYTES = 1_000_000;

/** Deflate + base64url of the work. */
export function encodeShare(work: SharedWork): string {
  const bytes = deflateSync(strToU8(JSON.stringify({ v: 1, code: work.code, settings: work.settings, ...(work.faults ? { faults: work.faults } : {}) })), { level: 9 });
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The work in an encoded string; null when it is not a valid share. */
export function decodeShare(encoded: string): SharedWork | null {
  try {
    const b64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const raw = inflateSync(bytes);
    if (raw.length > MAX_BYTES) return null;
    const data = JSON.parse(strFromU8(raw)) as { code?: unknown; settings?: unknown; faults?: unknown };
    if (typeof data.code !== "string") return null;
    const faults = typeof data.faults === "string" && readable(data.faults) ? data.faults : undefined;
    return { code: data.code, settings: sanitizeSettings(data.settings), ...(faults ? { faults } : {}) };
  } catch {
    return null;
  }
}

/** Faults a run can replay (sim/faults.ts): anything else in a link is dropped. */
function readable(faults: string): boolean {
  try {
    parseFaults(faults);
    return faults.length <= 2000;
  } catch {
    return false;
  }
}

/** The URL hash for `work`. */
export function shareHash(work: SharedWork): string {
  return PREFIX + encodeShare(work);
}

/** The work in a URL hash (`location.hash`), or null when the hash is no share link. */
export function readShareHash(hash: string): SharedWork | null {
  return hash.startsWith(PREFIX) ? decodeShare(hash.slice(PREFIX.length)) : null;
}
