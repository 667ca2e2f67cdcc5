/** Lessons are read from NN-slug folders, in order, with their frontmatter and code. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getLesson, listLessons } from "./lessons";

function fixture(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "beamlab-lessons-"));
  const write = (dir: string, file: string, text: string) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, dir, file), text);
  };
  write("02-links", "index.md", "---\ntitle: Links\nsummary: Die together.\nconcepts: [link]\n---\nText\n");
  write("01-processes", "index.md", "---\ntitle: Processes\nsummary: Spawn.\nconcepts: [spawn, send]\n---\n# Hi\n\n```ts\nconst a = 1 < 2;\n```\n");
  write("01-processes", "starter.ts", "// starter\n");
  write("10-otp", "index.md", "---\ntitle: OTP\n---\n");
  write("notes", "index.md", "---\ntitle: Not a lesson\n---\n");
  write("03-draft", "starter.ts", "// no index.md yet\n");
  return root;
}

const root = fixture();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("listLessons", () => {
  it("lists NN-slug folders with an index.md in numeric order, slug without the number", () => {
    expect(listLessons(root).map((l) => [l.order, l.slug, l.title])).toEqual([
      [1, "processes", "Processes"],
      [2, "links", "Links"],
      [10, "otp", "OTP"],
    ]);
  });

  it("reads summary and concepts from the frontmatter", () => {
    const [first] = listLessons(root);
    expect(first).toMatchObject({ summary: "Spawn.", concepts: ["spawn", "send"] });
  });
});

describe("getLesson", () => {
  it("renders the prose to HTML with escaped, captioned code blocks and reads the starter", () => {
    const found = getLesson("processes", root)!;
    expect(found.lesson.html).toContain("<h1>Hi</h1>");
    expect(found.lesson.html).toContain('data-lang="ts"');
    expect(found.lesson.html).toContain("TypeScript</figcaption>");
    expect(found.lesson.html).toContain("const a = 1 &lt; 2;");
    expect(found.lesson.starter).toBe("// starter\n");
  });

  it("links the previous and next lessons and lists the whole course", () => {
    const found = getLesson("links", root)!;
    expect(found.prev?.slug).toBe("processes");
    expect(found.next?.slug).toBe("otp");
    expect(found.all.map((l) => l.slug)).toEqual(["processes", "links", "otp"]);
  });

  it("returns undefined for an unknown slug", () => {
    expect(getLesson("nope", root)).toBeUndefined();
  });

  it("loads the real first lesson with its starter code", () => {
    const found = getLesson("processes")!;
    expect(found.lesson.title).toBe("Processes");
    expect(found.lesson.concepts).toEqual(["spawn", "send", "receive", "self"]);
    expect(found.lesson.starter).toContain('from "beamlab"');
  });
});
