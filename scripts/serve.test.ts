/** The static server resolves paths like a static host, under a base path, and never escapes its folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain .mjs script without type declarations
import * as serve from "./serve.mjs";

const { resolveRequest, startServer } = serve as {
  resolveRequest: (root: string, base: string, url: string) => { file?: string; redirect?: string; notFound?: boolean };
  startServer: (o: { dir: string; port: number; base?: string; host?: string }) => Promise<{ url: string; close(): Promise<void> }>;
};

const root = fs.mkdtempSync(path.join(os.tmpdir(), "beamlab-serve-"));
fs.mkdirSync(path.join(root, "lessons", "processes"), { recursive: true });
fs.writeFileSync(path.join(root, "index.html"), "<h1>home</h1>");
fs.writeFileSync(path.join(root, "404.html"), "<h1>missing</h1>");
fs.writeFileSync(path.join(root, "lessons", "processes", "index.html"), "<h1>lesson</h1>");
fs.writeFileSync(path.join(root, "app.wasm"), "\0asm");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("resolveRequest", () => {
  it("serves index.html for a trailing slash and redirects a folder without one", () => {
    expect(resolveRequest(root, "", "/lessons/processes/").file).toBe(path.join(root, "lessons/processes/index.html"));
    expect(resolveRequest(root, "", "/lessons/processes")).toEqual({ redirect: "/lessons/processes/" });
  });

  it("serves under a base path and redirects the bare base and /", () => {
    expect(resolveRequest(root, "/beamlab", "/beamlab/").file).toBe(path.join(root, "index.html"));
    expect(resolveRequest(root, "/beamlab", "/beamlab")).toEqual({ redirect: "/beamlab/" });
    expect(resolveRequest(root, "/beamlab", "/")).toEqual({ redirect: "/beamlab/" });
    expect(resolveRequest(root, "/beamlab", "/index.html")).toEqual({ notFound: true });
  });

  it("never resolves outside the served folder", () => {
    expect(resolveRequest(root, "", "/../../etc/passwd").file ?? "").not.toContain("passwd");
    expect(resolveRequest(root, "", "/%2e%2e/%2e%2e/etc/passwd").file ?? "").not.toContain("passwd");
  });
});

describe("startServer", () => {
  it("sends isolation headers, MIME types and the 404 page", async () => {
    const server = await startServer({ dir: root, port: 0, host: "127.0.0.1" });
    try {
      const home = await fetch(server.url);
      expect(home.status).toBe(200);
      expect(home.headers.get("content-type")).toContain("text/html");
      expect(home.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(home.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
      expect(home.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect((await fetch(new URL("app.wasm", server.url))).headers.get("content-type")).toBe("application/wasm");
      const missing = await fetch(new URL("nope/", server.url));
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("missing");
    } finally {
      await server.close();
    }
  });
});
