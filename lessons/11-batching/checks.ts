/**
 * Lesson 11 — what running the code must show: 100 rows cost 100 writes one by one and 4
 * through the buffered writer, which is several times faster; and a trickle too small to
 * fill a batch still reaches the database, flushed by the timeout.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 10_000,
  checks: [
    { name: "one by one: 100 rows take 100 writes", test: (run) => void run.expectMatch(/^one by one: 100 rows in 100 writes, \d+ ms$/, "one by one: 100 rows in 100 writes, <n> ms") },
    { name: "batched: the same 100 rows take 4 writes of 25", test: (run) => void run.expectMatch(/^batched: 100 rows in 4 writes, \d+ ms$/, "batched: 100 rows in 4 writes, <n> ms") },
    {
      name: "batching is at least 5 times faster",
      test: (run) => {
        const one = Number(run.expectMatch(/^one by one: .* (\d+) ms$/, "one by one: … <n> ms")[1]);
        const batched = Number(run.expectMatch(/^batched: .* (\d+) ms$/, "batched: … <n> ms")[1]);
        run.expect(batched * 5 < one, `expected batched (${batched} ms) to be 5× faster than one by one (${one} ms)`);
      },
    },
    {
      name: "a trickle of 3 rows is flushed by the timeout, without a flush call",
      test: (run) => (run.expectLine("flush: 3 rows (timeout)"), run.expectLine("after a trickle of 3: 103 rows in 5 writes")),
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
