/**
 * Lesson 03 — what running the code must show: 100,000 processes are alive at once, and the
 * memory each costs is reported as a plausible figure (more than nothing, less than 20 KB:
 * the BEAM's is ≈ 2.6 KB, an OS thread's stack alone is hundreds of KB).
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 20_000,
  checks: [
    { name: "100,000 new processes are alive at once", test: (run) => run.expectLine("new processes alive: 100000") },
    {
      name: "the memory per process is reported, and is plausible (0 < bytes < 20 KB)",
      test: (run) => {
        const bytes = Number(run.expectMatch(/^per process: (-?\d+) bytes$/, "per process: <n> bytes")[1]);
        run.expect(bytes > 0 && bytes < 20_000, `per process: ${bytes} bytes is not a plausible cost for a process that exists`);
      },
    },
    { name: "every sleeper is stopped and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
