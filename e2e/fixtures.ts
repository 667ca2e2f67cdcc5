/**
 * The shared e2e fixture: import `test` and `expect` from here, not from @playwright/test.
 *
 *   import { test, expect } from "./fixtures";
 *   test("…", async ({ page, sitePath }) => { await page.goto("playground/"); … });
 *
 * Automatically, for every test:
 * - any request to a host other than localhost/127.0.0.1 is aborted and FAILS the test
 *   (the site must work offline and never touch a CDN);
 * - any console error or uncaught page error FAILS the test (unless a spec lists it in
 *   `test.use({ allowedConsoleErrors: [/…/] })`);
 * - `requests` lists every URL the page (and its workers) asked for, for specs that check
 *   where assets come from; `sitePath` is the base path ("/" or "/beamlab/").
 */
import { test as base, expect, type Page } from "@playwright/test";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** True for URLs the site may load: same machine, or in-page data/blob URLs. */
export function isLocalUrl(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return true;
  return LOCAL_HOSTS.has(u.hostname);
}

interface Fixtures {
  /** Console errors a spec expects (e.g. the 404 of a missing page); set with test.use. */
  allowedConsoleErrors: RegExp[];
  requests: string[];
  sitePath: string;
  offlineGuard: void;
}

export const test = base.extend<Fixtures>({
  allowedConsoleErrors: [[], { option: true }],

  requests: async ({}, use) => {
    await use([]);
  },

  sitePath: async ({ baseURL }, use) => {
    await use(new URL(baseURL ?? "http://localhost/").pathname);
  },

  offlineGuard: [
    async ({ context, page, requests, allowedConsoleErrors }, use, testInfo) => {
      const outside: string[] = [];
      const errors: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (isLocalUrl(url)) return route.continue();
        outside.push(url);
        return route.abort("blockedbyclient");
      });
      context.on("request", (req) => {
        requests.push(req.url());
        if (!isLocalUrl(req.url()) && !outside.includes(req.url())) outside.push(req.url());
      });
      const watch = (p: Page) => {
        p.on("console", (msg) => {
          if (msg.type() !== "error") return;
          if (allowedConsoleErrors.some((re) => re.test(msg.text()))) return;
          errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
        });
        p.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
      };
      watch(page);
      context.on("page", watch);

      await use();

      if (outside.length > 0) {
        testInfo.annotations.push({ type: "outside-requests", description: outside.join("\n") });
      }
      expect(outside, "requests must never leave localhost").toEqual([]);
      expect(errors, "the page must log no errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
