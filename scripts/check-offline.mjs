#!/usr/bin/env node
/**
 * Checks that an exported site loads nothing from another host: scans out/**\/*.html and
 * *.css for outside URLs in what a page LOADS (script src, link href, img/iframe/source src,
 * CSS @import and url()), plus known CDN/font hosts anywhere in those files. JS bundles are
 * not scanned (they hold harmless URL strings: licences, XML namespaces); the e2e fixture,
 * which aborts and fails on any outside request, is the real check.
 *
 *   node scripts/check-offline.mjs [dir ...]     (default: out)   exit 1 on a finding
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

const LOADING_PATTERNS = [
  /<script\b[^>]*\bsrc\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi,
  /<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi,
  /<(?:img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi,
  /@import\s+(?:url\()?\s*["']?((?:https?:)?\/\/[^"')\s;]+)/gi,
  /url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi,
];

const KNOWN_REMOTE = /(fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|use\.typekit\.net)/gi;

/** Outside URLs a page would load, found in one HTML or CSS text. */
export function findOutsideLoads(text) {
  const found = new Set();
  for (const pattern of LOADING_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const url = m[1].startsWith("//") ? `https:${m[1]}` : m[1];
      let host;
      try {
        host = new URL(url).host;
      } catch {
        continue;
      }
      if (!LOCAL.test(host)) found.add(url);
    }
  }
  for (const m of text.matchAll(KNOWN_REMOTE)) found.add(m[1]);
  return [...found];
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.(html|css)$/.test(entry.name)) yield full;
  }
}

/** Scans an exported folder; returns `[{ file, urls }]` for files with findings. */
export function checkOffline(dir) {
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist: build first`);
  const problems = [];
  for (const file of walk(dir)) {
    const urls = findOutsideLoads(fs.readFileSync(file, "utf8"));
    if (urls.length) problems.push({ file, urls });
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ["out"];
  let bad = 0;
  for (const dir of dirs) {
    for (const { file, urls } of checkOffline(dir)) {
      bad++;
      console.error(`check-offline: ${file} loads from outside: ${urls.join(", ")}`);
    }
  }
  if (bad) process.exit(1);
  console.log(`check-offline: ${dirs.join(", ")}: no outside hosts`);
}
