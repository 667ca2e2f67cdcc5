/**
 * Lesson 04 — what running the code must show: with a CPU-bound hog on every scheduler, the
 * responder still answers every ping, quickly (preemption), and main kills the hogs so the
 * run ends.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

const SCHEDULERS = 2;

export default defineChecks({
  exercise: true,
  schedulers: SCHEDULERS,
  schedulersBecause: `they count one hog per scheduler and expect ${SCHEDULERS} of them, on ${SCHEDULERS} different schedulers`,
  timeoutMs: 4000,
  checks: [
    { name: `System.schedulersOnline() reports the ${SCHEDULERS} schedulers`, test: (run) => run.expectLine(`schedulers online: ${SCHEDULERS}`) },
    { name: "the responder answers all 20 pings while the hogs run", test: (run) => run.expectLine("pings answered while the hogs ran: 20 of 20") },
    {
      name: "no round trip takes long (under 100 ms), though a hog shares the responder's scheduler",
      test: (run) => {
        const ms = Number(run.expectMatch(/^max round trip: (\d+) ms$/, "max round trip: <n> ms")[1]);
        run.expect(ms < 100, `max round trip ${ms} ms: the hog kept the responder waiting`);
      },
    },
    {
      name: "main kills one hog per scheduler, each after burning reductions",
      test: (run) => {
        const kills = run.run.out.map((l) => l.match(/^killing hog #PID<0\.\d+\.(\d+)> after (\d+) reductions$/)).filter((m) => m !== null);
        run.expect(kills.length === SCHEDULERS, `expected ${SCHEDULERS} "killing hog …" lines, got ${kills.length}`);
        run.expect(new Set(kills.map((m) => m[1])).size === SCHEDULERS, "expected the hogs on different schedulers");
        run.expect(kills.every((m) => Number(m[2]) > 0), "expected every hog to have run (reductions > 0)");
      },
    },
    { name: "the run ends normally once the hogs are dead", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
