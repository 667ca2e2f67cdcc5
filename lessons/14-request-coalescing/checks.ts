/**
 * Lesson 14 — what running the code must show: 100 concurrent requests for one missing key
 * cause 100 computations in the naive cache, exactly 1 in the coalescing cache (and 0 once
 * cached), and every caller gets the same value.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 10_000,
  checks: [
    {
      name: "without coalescing, every one of the 100 callers computes",
      test: (run) => void run.expectMatch(/^without coalescing: 100 requests, computed 100 times, \d+ ms, all got 60: true$/, "without coalescing: 100 requests, computed 100 times, <n> ms, all got 60: true"),
    },
    {
      name: "with coalescing, 100 concurrent requests cause 1 computation and all 100 get the value",
      test: (run) => void run.expectMatch(/^with coalescing: 100 requests, computed 1 time, \d+ ms, all got 60: true$/, "with coalescing: 100 requests, computed 1 time, <n> ms, all got 60: true"),
    },
    {
      name: "once cached, nothing is computed",
      test: (run) => void run.expectMatch(/^once cached: 100 requests, computed 0 times, \d+ ms, all got 60: true$/, "once cached: 100 requests, computed 0 times, <n> ms, all got 60: true"),
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
