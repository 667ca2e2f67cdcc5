/**
 * Lesson 15 — what running the code must show: sending 5 events to 10,000 receivers one by
 * one takes 50,000 sends from main, 25,000 of them to the other scheduler; grouped by
 * scheduler it takes 10 sends (5 remote), every receiver still gets every event, and main
 * is done sending in a fraction of the time.
 *
 * When everything is delivered depends on how busy the machine is (on a loaded CI box the
 * relays' parallelism can vanish), so the checks hold the counts and the sender's time to
 * account, and the prose reports the delivery times as measured.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

const PLAIN = /^plain send: 50000 sends from main, 25000 remote; main done sending in (\d+) ms, all delivered in \d+ ms$/;
const GROUPED = /^grouped send: 10 sends from main, 5 remote; main done sending in (\d+) ms, all delivered in \d+ ms$/;
const PLAIN_LIKE = "plain send: 50000 sends from main, 25000 remote; main done sending in <n> ms, all delivered in <n> ms";
const GROUPED_LIKE = "grouped send: 10 sends from main, 5 remote; main done sending in <n> ms, all delivered in <n> ms";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  schedulersBecause: "they count the sends that cross to the other scheduler: half of 10,000 receivers, with 2",
  timeoutMs: 20_000,
  checks: [
    { name: "plain: one send per receiver per event, half of them remote", test: (run) => void run.expectMatch(PLAIN, PLAIN_LIKE) },
    { name: "grouped: one send per scheduler per event, and all 10,000 receivers get all 5", test: (run) => void run.expectMatch(GROUPED, GROUPED_LIKE) },
    {
      name: "grouped, main is done sending at least 5 times sooner",
      test: (run) => {
        const plain = Number(run.expectMatch(PLAIN, PLAIN_LIKE)[1]);
        const grouped = Number(run.expectMatch(GROUPED, GROUPED_LIKE)[1]);
        run.expect(grouped * 5 < plain, `expected main to finish sending grouped (${grouped} ms) 5× sooner than plain (${plain} ms)`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
