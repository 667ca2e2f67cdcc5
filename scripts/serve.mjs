#!/usr/bin/env node
/**
 * A small static file server for the exported site (no dependencies: node:http + node:fs).
 *
 *   node scripts/serve.mjs [--dir out] [--port 3000] [--base /beamlab] [--host ::]
 *
 * - Sends COOP/COEP/CORP headers (cross-origin isolated, as a strict host would), though
 *   nothing in Beamlab may depend on SharedArrayBuffer.
 * - `/x/` serves `x/index.html`; `/x` redirects to `/x/` when x is a folder; `/x` also tries
 *   `x.html`. Unknown paths get `404.html` with status 404.
 * - `--base /beamlab` serves the folder under that subpath (as a GitHub Pages project site).
 *
 * Also importable: `startServer({ dir, port: 0, base })` → `{ url, close }` (used by e2e).
 */
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** MIME types by extension. */
export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".xml": "application/xml",
  ".webmanifest": "application/manifest+json",
};

const SECURITY_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
};

/** "/beamlab/" → "/beamlab", "" or "/" → "". */
export function normalizeBase(base = "") {
  const trimmed = String(base).trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}` : "";
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Maps a request path to what to send: `{ file }`, `{ redirect }` or `{ notFound: true }`.
 * Never resolves outside `root`.
 */
export function resolveRequest(root, base, urlPath) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(urlPath, "http://x").pathname);
  } catch {
    return { notFound: true };
  }
  if (pathname.includes("\0")) return { notFound: true };
  if (base) {
    if (pathname === base) return { redirect: `${base}/` };
    if (!pathname.startsWith(`${base}/`)) return pathname === "/" ? { redirect: `${base}/` } : { notFound: true };
    pathname = pathname.slice(base.length);
  }
  const full = path.join(root, path.normalize(pathname));
  if (full !== root && !full.startsWith(root + path.sep)) return { notFound: true };
  if (pathname.endsWith("/")) {
    const index = path.join(full, "index.html");
    return isFile(index) ? { file: index } : { notFound: true };
  }
  if (isFile(full)) return { file: full };
  if (isDir(full) && isFile(path.join(full, "index.html"))) return { redirect: `${base}${pathname}/` };
  if (isFile(`${full}.html`)) return { file: `${full}.html` };
  return { notFound: true };
}

function send(res, status, file, method) {
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  const stat = fs.statSync(file);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": type,
    "Content-Length": stat.size,
    "Cache-Control": file.includes(`${path.sep}_next${path.sep}static${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (method === "HEAD") return res.end();
  fs.createReadStream(file).pipe(res);
}

/** Starts serving `dir`; resolves once listening. `port: 0` picks a free port. */
export function startServer({ dir = "out", port = 3000, base = "", host } = {}) {
  const root = path.resolve(dir);
  const prefix = normalizeBase(base);
  if (!isDir(root)) throw new Error(`No folder to serve at ${root} (run \`npm run build\` first)`);
  const notFoundPage = path.join(root, "404.html");
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: "GET, HEAD" });
      return res.end();
    }
    const result = resolveRequest(root, prefix, req.url ?? "/");
    if (result.redirect) {
      const query = (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?")) : "";
      res.writeHead(301, { ...SECURITY_HEADERS, Location: result.redirect + query });
      return res.end();
    }
    if (result.file) return send(res, 200, result.file, req.method);
    if (isFile(notFoundPage)) return send(res, 404, notFoundPage, req.method);
    res.writeHead(404, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://localhost:${actual}${prefix}/`,
        port: actual,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections(); // do not wait for idle keep-alive sockets
          }),
      });
    });
  });
}

function parseArgs(argv) {
  const opts = { dir: "out", port: Number(process.env.PORT ?? 3000), base: "", host: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--dir") opts.dir = value();
    else if (flag === "--port") opts.port = Number(value());
    else if (flag === "--base") opts.base = value();
    else if (flag === "--host") opts.host = value();
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: node scripts/serve.mjs [--dir out] [--port 3000] [--base /subpath] [--host ::]");
      process.exit(0);
    } else {
      console.error(`serve: unknown option ${argv[i]}`);
      process.exit(2);
    }
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  startServer(opts).then(
    ({ url }) => console.log(`Beamlab: serving ${opts.dir}/ at ${url}  (Ctrl+C to stop)`),
    (e) => {
      console.error(`serve: ${e.message}`);
      process.exit(1);
    },
  );
}
