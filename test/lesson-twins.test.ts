/**
 * Every lesson's Elixir twin, on the real BEAM: `elixir lessons/NN-slug/elixir.ex` must print
 * what `elixir.expected` says (exact lines, `/regex/` lines for timings, `...` for any lines;
 * scripts/elixir-twins.mjs, shared with `npm run check:elixir`).
 *
 * Without elixir on PATH the twins are skipped, with a note saying so; with `CI` set a
 * missing elixir is a failure (.ci/run installs Debian's elixir). The twins run a few at a
 * time (each is mostly the BEAM starting up, ~0.5 s of CPU, then sleeps), so the fifteen take
 * a few seconds of the suite, not the sum of their runs. Several lessons print timings held to
 * windows (`1[5-9]\d ms`) or count timer ticks; on a loaded machine one can miss its window, so
 * a failed twin is run again, up to twice, before it fails.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkLessonTwin, describeFailure, elixirVersion, epmdUp, lessonTwins, stopEpmd } from "../scripts/elixir-twins.mjs";
import { semaphore } from "./support/semaphore";

const root = fileURLToPath(new URL("../", import.meta.url));
const lessons = lessonTwins(`${root}lessons`);
const elixir = elixirVersion();
const inCI = Boolean(process.env.CI);
/** Twins at once: enough to overlap the BEAM's start-up, few enough that the timed lessons keep their margins. */
const slot = semaphore(Math.max(2, Math.min(4, availableParallelism())));

if (!elixir && !inCI) {
  console.warn(`lesson twins: skipped ${lessons.length} lessons' Elixir twins: \`elixir\` is not on PATH (install Debian's elixir and erlang-base to run them; CI does)`);
}

describe("lesson twins on the real BEAM", () => {
  // Lesson 15 starts epmd for its second node: stop it again if it was not running before.
  const epmdBefore = elixir ? epmdUp() : true;
  afterAll(() => {
    if (!epmdBefore && epmdUp()) stopEpmd();
  });

  it.runIf(!elixir && inCI)("has elixir on PATH in CI", () => {
    throw new Error("elixir is not on PATH: in CI (CI is set) every lesson's elixir.ex is run on the real BEAM; .ci/run installs Debian's elixir and erlang-base");
  });

  for (const lesson of lessons) {
    it.skipIf(!elixir).concurrent(`${lesson}: elixir.ex prints what elixir.expected says`, { retry: 2, timeout: 180_000 }, async () => {
      const r = await slot(() => checkLessonTwin(root, lesson, { timeoutMs: 60_000 }));
      expect(r.problems, `lessons/${lesson}/elixir.ex on ${elixir} (${r.ms} ms)\n${describeFailure(r)}`).toEqual([]);
    });
  }
});
