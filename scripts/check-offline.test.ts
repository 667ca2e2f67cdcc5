/** The static offline check flags what a page would load from another host, and only that. */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain .mjs script without type declarations
import { findOutsideLoads } from "./check-offline.mjs";

const find = findOutsideLoads as (text: string) => string[];

describe("findOutsideLoads", () => {
  it("flags scripts, stylesheets, CSS imports and fonts from other hosts", () => {
    expect(find('<script src="https://cdn.example.com/a.js"></script>')).toEqual(["https://cdn.example.com/a.js"]);
    expect(find('<link rel="stylesheet" href="//fonts.googleapis.com/css?family=X">')).toContain(
      "https://fonts.googleapis.com/css?family=X",
    );
    expect(find("@import url(https://example.com/x.css);")).toEqual(["https://example.com/x.css"]);
    expect(find("src: url('https://example.com/f.woff2')")).toEqual(["https://example.com/f.woff2"]);
  });

  it("accepts local and relative assets and harmless URL text", () => {
    expect(find('<script src="/_next/static/a.js"></script><link href="/beamlab/x.css">')).toEqual([]);
    expect(find('<script src="http://localhost:3000/a.js"></script>')).toEqual([]);
    expect(find("url(../media/codicon.ttf) url(data:image/png;base64,AAAA)")).toEqual([]);
    expect(find('<svg xmlns="http://www.w3.org/2000/svg"></svg><a href="https://elixir-lang.org">')).toEqual([]);
  });
});
