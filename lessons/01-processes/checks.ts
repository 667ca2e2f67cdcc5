/**
 * Lesson 01 — what running the code must show: the child's answer arrives in main, printed
 * as `fib(20): 6765`, and nothing crashes.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

export default defineChecks({
  exercise: true,
  schedulers: 1,
  timeoutMs: 5000,
  checks: [
    { name: "main receives the child's answer and prints fib(20): 6765", test: (run) => run.expectLine("fib(20): 6765") },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
