/**
 * Next.js config: a fully static export (`out/`) that any static host can serve.
 *
 * BEAMLAB_BASE_PATH=/beamlab npm run build  → a site that works under https://host/beamlab/
 */
const raw = (process.env.BEAMLAB_BASE_PATH ?? "").trim();
const basePath = raw === "" || raw === "/" ? "" : "/" + raw.replace(/^\/+|\/+$/g, "");

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "export",
  basePath,
  assetPrefix: basePath || undefined,
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  // Type checking is `npm run typecheck` (tsc over the whole repo, CI runs it). The build does
  // not repeat it, so that runtime/ work in progress never blocks building the site.
  typescript: { ignoreBuildErrors: true },
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
