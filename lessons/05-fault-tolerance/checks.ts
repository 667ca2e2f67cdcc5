/**
 * Lesson 05 — what running the code must show: each worker's crash is reported and ends only
 * that worker; main hears of it by a DOWN message (monitor) and by an EXIT message (link,
 * trapped); a normal exit arrives as EXIT with reason normal; main survives to the end.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 1,
  timeoutMs: 5000,
  checks: [
    { name: "a worker's crash is reported with its error", test: (run) => run.expectCrash("bad input: forty-two") },
    {
      name: "the crashed worker is dead and main carries on",
      test: (run) => run.expectLine("isolation: worker alive? false; main carries on"),
    },
    { name: "a monitor delivers DOWN with the crash's reason", test: (run) => run.expectLine("monitor: DOWN, reason error: bad input: forty-two") },
    {
      name: "a trapped link delivers EXIT with the crash's reason, and main survives",
      test: (run) => {
        run.expectLine("link + trap_exit: EXIT, reason error: bad input: forty-two");
        run.expectLine("main survived its linked worker's crash");
      },
    },
    { name: "a normal exit arrives as EXIT with reason normal", test: (run) => run.expectLine("normal exit: EXIT, reason normal") },
    { name: "main itself ends normally", test: (run) => run.expectNormalEnd() },
  ],
});
