/**
 * Lesson 13 — what running the code must show: five visitors count five visits under every
 * one of 200 deterministic schedules (the starter loses a visit under a few of them).
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 10_000,
  explore: { runs: 200 },
  checks: [
    {
      name: "every one of the 5 visits is counted, under each of 200 schedules",
      test: (run) => {
        const [, visits] = run.expectMatch(/^5 visitors, (\d+) visits counted$/, "5 visitors, <n> visits counted");
        run.expect(visits === "5", `expected all 5 visits to be counted, but only ${visits} were: a visitor was preempted between its read and its write`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
