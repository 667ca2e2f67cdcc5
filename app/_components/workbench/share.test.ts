/** Share links round-trip code and settings, and refuse anything else. */
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./settings";
import { decodeShare, encodeShare, readShareHash, shareHash } from "./share";

const code = `import { spawn, IO } from "beamlab";\n// ünïcödé ✓ and emoji 🚀\nexport default async function main() { IO.puts("hi"); }\n`;

describe("share links", () => {
  it("round-trip the code and settings through the URL hash", () => {
    const settings = { ...DEFAULT_SETTINGS, schedulers: 3, budget: 500 };
    const hash = shareHash({ code, settings });
    expect(hash).toMatch(/^#code=[A-Za-z0-9_-]+$/);
    expect(readShareHash(hash)).toEqual({ code, settings });
  });

  it("compress a long program", () => {
    const long = code.repeat(200);
    expect(encodeShare({ code: long, settings: DEFAULT_SETTINGS }).length).toBeLessThan(long.length / 10);
  });

  it("ignore hashes that are no share link, and garbage", () => {
    expect(readShareHash("")).toBeNull();
    expect(readShareHash("#section-2")).toBeNull();
    expect(readShareHash("#code=!!!not-base64")).toBeNull();
    expect(decodeShare("AAAA")).toBeNull();
  });

  it("clamp settings from a hostile link", () => {
    const hash = shareHash({ code, settings: { ...DEFAULT_SETTINGS, schedulers: 10_000, budget: -5 } });
    const work = readShareHash(hash)!;
    expect(work.settings.schedulers).toBe(64);
    expect(work.settings.budget).toBe(10);
  });
});
