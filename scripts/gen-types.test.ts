/** The editor's "beamlab" typings are emitted from runtime/index.ts with their doc comments. */
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script without declarations
import { generateTypes } from "./gen-types.mjs";

describe("gen-types", () => {
  it("emits the public API with doc comments and extensionless relative imports", () => {
    const files = generateTypes() as Record<string, string>;
    expect(files["index.d.ts"]).toContain('from "./kernel/api"');
    expect(files["kernel/api.d.ts"]).toMatch(/\/\*\* Start `fn\(\.\.\.args\)` as a new process[^]*export declare function spawn</);
    expect(files["kernel/api.d.ts"]).toContain("export declare function send<T>");
    for (const text of Object.values(files)) expect(text).not.toMatch(/from "\.{1,2}\/[^"]*\.ts"/);
  });
});
