/**
 * Lesson 02 — what running the code must show: one after another takes about the sum of the
 * latencies; fanned out (with spawn + receive, and with Task.async + await) it takes about
 * the longest one. receive collects results in arrival order; Task.await in query order.
 */
import { defineChecks, type RunExpect } from "../../runtime/check/lesson-checks";

const SUM = 500;
const LONGEST = 150;

function elapsed(run: RunExpect, label: string): { ms: number; order: string } {
  const m = run.expectMatch(new RegExp(`^${label.replace(/[+.]/g, "\\$&")}: (\\d+) ms -> (.*)$`), `${label}: <n> ms -> <results>`);
  return { ms: Number(m[1]), order: m[2] };
}

function parallel(run: RunExpect, label: string): void {
  const { ms } = elapsed(run, label);
  run.expect(ms >= LONGEST - 5, `${label} took ${ms} ms: it cannot finish before its slowest query (${LONGEST} ms)`);
  run.expect(ms < SUM * 0.6, `${label} took ${ms} ms, close to the sum of latencies (${SUM} ms): the queries still run one after another`);
}

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 5000,
  checks: [
    {
      name: "sequential takes about the sum of the latencies",
      test: (run) => {
        const { ms } = elapsed(run, "sequential");
        run.expect(ms >= SUM - 5, `sequential took ${ms} ms, less than the sum of latencies (${SUM} ms)`);
      },
    },
    { name: "spawn + receive takes about the longest latency, not the sum", test: (run) => parallel(run, "spawn + receive") },
    {
      name: "spawn + receive collects results in the order they arrive (fastest first)",
      test: (run) => {
        const { order } = elapsed(run, "spawn + receive");
        run.expect(order === "products, users, stock, reviews, orders", `got ${order}`);
      },
    },
    { name: "Task.async + await takes about the longest latency, not the sum", test: (run) => parallel(run, "Task.async + await") },
    {
      name: "Task.await gives results in query order",
      test: (run) => {
        const { order } = elapsed(run, "Task.async + await");
        run.expect(order === "users, orders, products, reviews, stock", `got ${order}`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
