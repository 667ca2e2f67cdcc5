/**
 * Lesson 16 — what running the code must show: events flow through every stage; after the
 * parser is killed mid-run, the supervisor starts a new one under the same name, and the
 * counts of parsed, applied, notified and stored events keep rising; every parsed event
 * ends up stored.
 */
import { defineChecks, type RunExpect } from "../../runtime/check/lesson-checks";

function countsOf(run: RunExpect, when: "before" | "after") {
  const counts = new RegExp(`^${when} the kill: (\\d+) parsed, (\\d+) applied, (\\d+) notifications, (\\d+) stored$`);
  const m = run.expectMatch(counts, `${when} the kill: <n> parsed, <n> applied, <n> notifications, <n> stored`);
  const [parsed, applied, notified, stored] = m.slice(1).map(Number);
  return { parsed, applied, notified, stored };
}

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 10_000,
  checks: [
    {
      name: "before the kill, events flow through every stage (3 users notified of each)",
      test: (run) => {
        const b = countsOf(run, "before");
        run.expect(b.parsed >= 20 && b.applied === b.parsed && b.notified === 3 * b.applied && b.stored > 0, `unexpected counts ${JSON.stringify(b)}`);
      },
    },
    { name: "the supervisor restarts the killed parser under the same name", test: (run) => run.expectLine("the supervisor restarted it: true") },
    {
      name: "after the kill, events keep flowing: every count keeps rising",
      test: (run) => {
        const b = countsOf(run, "before");
        const a = countsOf(run, "after");
        run.expect(a.parsed >= b.parsed + 20, `expected at least 20 more events parsed after the kill, got ${b.parsed} → ${a.parsed}`);
        run.expect(a.notified > b.notified && a.stored > b.stored, `expected notifications and stored rows to keep rising: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
        run.expectLine("events kept flowing: true");
      },
    },
    { name: "once the feed stops, every parsed event is stored", test: (run) => void run.expectMatch(/^lost in the crash: \d+ of \d+ events; all parsed events stored: true$/, "lost in the crash: <n> of <n> events; all parsed events stored: true") },
    { name: "no process crashes (the parser is killed, not crashed) and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
