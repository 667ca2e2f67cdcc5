/**
 * Lesson 09 — what running the code must show: while the casts continue, every sample of the
 * server's message_queue_len is larger than the one before (the mailbox only grows), the
 * observer's stats frames see the same climb, and a call made behind the backlog times out.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

/** The `{:message_queue_len, n}` samples printed before the flood ended. */
function samplesDuringFlood(out: string[]): number[] {
  const end = out.findIndex((l) => l.startsWith("flood over"));
  return out
    .slice(0, end === -1 ? out.length : end)
    .map((l) => l.match(/^\{:message_queue_len, (\d+)\}$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => Number(m[1]));
}

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 10_000,
  statsHz: 10,
  checks: [
    {
      name: "the flooder prints the server's queue length every 10 casts (5 samples)",
      test: (run) => {
        const s = samplesDuringFlood(run.run.out);
        run.expect(s.length >= 5, `expected 5 lines like {:message_queue_len, 12} before "flood over", got ${s.length}`);
      },
    },
    {
      name: "while the casts continue, the queue length only climbs",
      test: (run) => {
        const s = samplesDuringFlood(run.run.out);
        const drop = s.findIndex((n, i) => i > 0 && n <= s[i - 1]);
        run.expect(s.length >= 2 && drop === -1, `expected strictly increasing samples, got [${s.join(", ")}]`);
        run.expect(s[s.length - 1] >= 15, `expected the queue to reach 15 or more, got [${s.join(", ")}]`);
      },
    },
    {
      name: "the stats frames (the queue chart) see a mailbox of 15 or more",
      test: (run) => {
        const max = Math.max(0, ...run.run.frames.flatMap((f) => f.processes.map((p) => p.queue)));
        run.expect(max >= 15, `expected some process's queue to reach 15 in the stats frames, the largest was ${max}`);
      },
    },
    {
      name: "a call made behind the backlog times out",
      test: (run) => void run.expectMatch(/^ping timed out after 1000 ms: \d+ casts were ahead of it$/, "ping timed out after 1000 ms: <n> casts were ahead of it"),
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
