/**
 * Lesson 14 — what running the code must show: sending 5 events to 10,000 receivers one by
 * one takes 50,000 sends, 25,000 of them to the other scheduler; grouped by scheduler it
 * takes 10 sends (5 remote), and every receiver still gets every event, sooner.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

const PLAIN = /^plain send: 50000 sends from main, 25000 remote, all delivered in (\d+) ms$/;
const GROUPED = /^grouped send: 10 sends from main, 5 remote, all delivered in (\d+) ms$/;

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 20_000,
  checks: [
    { name: "plain: one send per receiver per event, half of them remote", test: (run) => void run.expectMatch(PLAIN) },
    { name: "grouped: one send per scheduler per event, and all 10,000 receivers get all 5", test: (run) => void run.expectMatch(GROUPED) },
    {
      name: "grouped delivery finishes sooner than plain",
      test: (run) => {
        const plain = Number(run.expectMatch(PLAIN)[1]);
        const grouped = Number(run.expectMatch(GROUPED)[1]);
        run.expect(grouped < plain, `expected grouped (${grouped} ms) to beat plain (${plain} ms)`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
