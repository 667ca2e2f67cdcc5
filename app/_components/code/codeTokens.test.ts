import { describe, expect, it } from "vitest";
import { segmentLines, tokenKind } from "./codeTokens";

describe("tokenKind", () => {
  it("colours Monaco's TypeScript and Elixir token types by their first part", () => {
    expect(tokenKind("keyword.ts")).toBe("keyword");
    expect(tokenKind("keyword.declaration.elixir")).toBe("keyword");
    expect(tokenKind("string.delimiter.elixir")).toBe("string");
    expect(tokenKind("constant.punctuation.elixir")).toBe("atom");
    expect(tokenKind("type.identifier.elixir")).toBe("type");
    expect(tokenKind("comment.doc.ts")).toBe("comment");
    expect(tokenKind("number.float.ts")).toBe("number");
    expect(tokenKind("identifier.ts")).toBe("plain");
    expect(tokenKind("delimiter.parenthesis.ts")).toBe("plain");
  });
});

describe("segmentLines", () => {
  it("cuts a line at its tokens and keeps every character", () => {
    const line = 'import { IO } from "beamlab";';
    const tokens = [
      { offset: 0, type: "keyword.ts" },
      { offset: 6, type: "" },
      { offset: 7, type: "delimiter.bracket.ts" },
      { offset: 8, type: "" },
      { offset: 9, type: "identifier.ts" },
      { offset: 11, type: "" },
      { offset: 12, type: "delimiter.bracket.ts" },
      { offset: 13, type: "" },
      { offset: 14, type: "keyword.ts" },
      { offset: 18, type: "" },
      { offset: 19, type: "string.ts" },
      { offset: 20, type: "string.ts" },
      { offset: 27, type: "string.ts" },
      { offset: 28, type: "delimiter.ts" },
    ];
    const [segments] = segmentLines([line], [tokens]);
    expect(segments!.map((s) => s.text).join("")).toBe(line);
    expect(segments).toEqual([
      { text: "import ", kind: "keyword" },
      { text: "{ IO } ", kind: "plain" },
      { text: "from ", kind: "keyword" },
      { text: '"beamlab"', kind: "string" },
      { text: ";", kind: "plain" },
    ]);
  });

  it("keeps text before the first token, and lines without tokens, as plain text", () => {
    expect(segmentLines(["  :ok", "", "x"], [[{ offset: 2, type: "constant.elixir" }], [], []])).toEqual([
      [
        { text: "  ", kind: "plain" },
        { text: ":ok", kind: "atom" },
      ],
      [],
      [{ text: "x", kind: "plain" }],
    ]);
  });
});
