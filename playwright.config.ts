/**
 * Playwright: real Chromium (Debian's, never a downloaded one) against the static export.
 * Run through `npm run test:e2e` (scripts/e2e.mjs), which builds, serves and sets:
 *   CHROMIUM_PATH          the browser binary
 *   BEAMLAB_URL            the root build, e.g. http://localhost:41234/
 *   BEAMLAB_SUBPATH_URL    the build under /beamlab, e.g. http://localhost:41235/beamlab/
 * Specs navigate with relative paths ("./", "playground/") so they run under both projects.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./scripts/chromium.mjs";



const launchOptions = { executablePath: CHROMIUM, args: CHROMIUM_ARGS };

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 1366, height: 768 },
    launchOptions,
    trace: "off",
  },
  projects: [
    {
      name: "root",
      use: { baseURL: process.env.BEAMLAB_URL || "http://localhost:3000/" },
      // subpath.spec.ts checks what only the /beamlab build can show.
      testIgnore: /subpath\.spec\.ts$/,
    },
    {
      name: "subpath",
      use: { baseURL: process.env.BEAMLAB_SUBPATH_URL || "http://localhost:3001/beamlab/" },
    },
  ],
});
