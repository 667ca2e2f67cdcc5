/**
 * Lesson 06 — what running the code must show: each strategy restarts exactly the children
 * it promises; the fourth restart within 5 s makes the supervisor give up; a transient
 * one-off job runs once and leaves its supervisor up; a crashed fire-and-forget task under
 * Task.Supervisor is not restarted and does not touch main.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 1,
  timeoutMs: 5000,
  checks: [
    { name: "one_for_one restarts only the child that died", test: (run) => run.expectLine("one_for_one: killed mailer -> restarted mailer") },
    { name: "one_for_all restarts every child", test: (run) => run.expectLine("one_for_all: killed mailer -> restarted cache, mailer, stats") },
    {
      name: "rest_for_one restarts the child and those started after it",
      test: (run) => run.expectLine("rest_for_one: killed mailer -> restarted mailer, stats"),
    },
    {
      name: "with maxRestarts 3, three kills are restarted and the fourth makes the supervisor give up with shutdown",
      test: (run) => {
        for (const k of [1, 2, 3]) run.expectLine(`kill ${k}: mailer restarted`);
        run.expectLine("kill 4: the supervisor gave up, reason shutdown");
      },
    },
    {
      name: "a transient job that finishes normally runs once and its supervisor stays up",
      test: (run) => {
        const n = run.run.out.filter((l) => l === "migrate: done").length;
        run.expect(n === 1, `"migrate: done" printed ${n} times: the job was restarted after finishing normally`);
        run.expectLine("after migrate: supervisor alive? true");
      },
    },
    {
      name: "fire-and-forget tasks run under Task.Supervisor; the one that crashed is not restarted",
      test: (run) => {
        run.expectLine("email sent to ana");
        run.expectLine("email sent to bo");
        run.expectCrash("no address: ?");
        run.expectLine("fire-and-forget: tasks still running 0; main carries on");
      },
    },
    { name: "the run ends normally", test: (run) => run.expectNormalEnd() },
  ],
});
