/**
 * Lesson 07 — what running the code must show: the hand-written await tells a reply, a dead
 * job and a slow job apart; Task.asyncStream runs at most maxConcurrency tasks at once (six
 * 50 ms uploads: ≈ 300 ms one at a time, ≈ 150 ms two at a time, ≈ 50 ms all at once), gives
 * results in input order unless ordered: false; a task under Task.Supervisor.asyncNolink
 * crashes without taking main down.
 */
import { defineChecks, type RunExpect } from "../../runtime/check/lesson-checks";

function uploads(run: RunExpect, max: number): number {
  return Number(run.expectMatch(new RegExp(`^6 uploads of 50 ms, maxConcurrency ${max}: (\\d+) ms$`), `6 uploads of 50 ms, maxConcurrency ${max}: <n> ms`)[1]);
}

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 5000,
  checks: [
    { name: "your own await returns {:ok, 42} from a job that answers", test: (run) => run.expectLine("a finished job: {:ok, 42}") },
    { name: "your own await returns {:error, :noproc} for a dead job (the monitor's DOWN)", test: (run) => run.expectLine("a dead job: {:error, :noproc}") },
    { name: "your own await returns {:error, :timeout} for a job slower than the timeout", test: (run) => run.expectLine("a slow job: {:error, :timeout}") },
    {
      name: "maxConcurrency bounds the tasks running at once (≈ 300, 150, 50 ms for 1, 2, 6)",
      test: (run) => {
        const [one, two, six] = [uploads(run, 1), uploads(run, 2), uploads(run, 6)];
        run.expect(one >= 295, `maxConcurrency 1 took ${one} ms: six 50 ms uploads one at a time take at least 300 ms`);
        // Lower bounds are physics (the sleeps); the speed-ups are judged relative to each other,
        // so a machine that is slow across the board (a loaded CI box) still shows the claim.
        run.expect(two >= 145 && two < one * 0.75, `maxConcurrency 2 took ${two} ms (1 took ${one}), expected ≈ half: three rounds of two`);
        run.expect(six >= 45 && six < two * 0.75, `maxConcurrency 6 took ${six} ms (2 took ${two}), expected ≈ a third: all at once`);
      },
    },
    {
      name: "results come in input order by default, in completion order with ordered: false",
      test: (run) => {
        run.expectLine("ordered: true  -> a, b, c, d");
        run.expectLine("ordered: false -> b, c, d, a");
      },
    },
    {
      name: "a task started with asyncNolink crashes, the caller gets {:exit, reason} from Task.yield and carries on",
      test: (run) => {
        run.expectCrash("bad input: forty-two");
        run.expectLine("asyncNolink + Task.yield -> exit: bad input: forty-two");
        run.expectLine("main carries on");
      },
    },
    { name: "main ends normally", test: (run) => run.expectNormalEnd() },
  ],
});
