/** The lesson page's map of checks: one lazy import per lesson folder, keyed like the lesson URLs. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listLessons } from "../app/_lib/lessons";
// @ts-expect-error a plain .mjs script without declarations
import { lessonChecksSource, lessonsWithChecks, writeLessonChecks } from "./gen-lesson-checks.mjs";

type Entry = { folder: string; slug: string };

const root = fs.mkdtempSync(path.join(os.tmpdir(), "beamlab-checks-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const write = (dir: string, file: string) => {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, dir, file), "x");
};
for (const d of ["10-otp", "02-links", "01-processes"]) (write(d, "index.md"), write(d, "checks.ts"));
write("03-draft", "index.md"); // no checks yet
write("notes", "checks.ts"); // not a lesson folder

describe("gen-lesson-checks", () => {
  it("lists lesson folders with a checks.ts in course order, slug without the number", () => {
    expect(lessonsWithChecks(root) as Entry[]).toEqual([
      { folder: "01-processes", slug: "processes" },
      { folder: "02-links", slug: "links" },
      { folder: "10-otp", slug: "otp" },
    ]);
  });

  it("emits a lazy import per lesson, relative to app/_lib", () => {
    const src = lessonChecksSource(lessonsWithChecks(root)) as string;
    expect(src).toContain('"processes": () => import("../../lessons/01-processes/checks"),');
    expect(src).toContain('"otp": () => import("../../lessons/10-otp/checks"),');
    expect(src).not.toContain("draft");
    expect(src).toMatch(/^export const lessonChecks: Record<string, \(\) => Promise<\{ default: LessonChecks \}>> = \{$/m);
  });

  it("rewrites the file only when the lessons changed", () => {
    const out = path.join(root, "out.ts");
    expect(writeLessonChecks(root, out).changed).toBe(true);
    expect(writeLessonChecks(root, out).changed).toBe(false);
    write("04-more", "index.md");
    write("04-more", "checks.ts");
    expect(writeLessonChecks(root, out).changed).toBe(true);
    expect(fs.readFileSync(out, "utf8")).toContain('"more": () => import("../../lessons/04-more/checks"),');
  });

  it("covers every lesson the site lists (same folders, same slugs)", () => {
    expect((lessonsWithChecks() as Entry[]).map((l) => l.slug)).toEqual(listLessons().map((l) => l.slug));
  });
});
