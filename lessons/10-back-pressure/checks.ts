/**
 * Lesson 10 — what running the code must show: sampled the same way, the plain pipeline's
 * republisher piles up far more than maxDemand (10) tweets, while with GenStage no sample
 * ever shows more than maxDemand tweets waiting at B or messages in its mailbox, and the
 * GenStage pipeline still reports at a comparable rate (B is the bottleneck either way).
 */
import { defineChecks, type RunExpect } from "../../runtime/check/lesson-checks";

const MAX_DEMAND = 10;
const LINE = /^(plain|genstage)\s+t=\d+ms {2}waiting at B: (\d+) {2}B's mailbox: (\d+) {2}reported: (\d+)$/;

function samples(run: RunExpect, label: string) {
  return run.run.out
    .map((l) => l.match(LINE))
    .filter((m): m is RegExpMatchArray => m !== null && m[1] === label)
    .map((m) => ({ waiting: Number(m[2]), mailbox: Number(m[3]), reported: Number(m[4]) }));
}

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 15_000,
  statsHz: 10,
  // Both pipelines' B on one chart from the start: its mailbox, and the GenStage B's buffer and demand.
  pin: ["plainRepublish", "Republish"],
  checks: [
    {
      name: "each pipeline is sampled 6 times, the same way",
      test: (run) => {
        run.expect(samples(run, "plain").length === 6, `expected 6 "plain" samples, got ${samples(run, "plain").length}`);
        run.expect(samples(run, "genstage").length === 6, `expected 6 "genstage" samples, got ${samples(run, "genstage").length}`);
      },
    },
    {
      name: "plain: tweets pile up at B, far beyond maxDemand",
      test: (run) => {
        const s = samples(run, "plain");
        const max = Math.max(0, ...s.map((x) => x.waiting));
        const mailbox = Math.max(0, ...s.map((x) => x.mailbox));
        run.expect(max > 5 * MAX_DEMAND && mailbox > MAX_DEMAND, `expected more than ${5 * MAX_DEMAND} tweets waiting at B, the most was ${max} (mailbox ${mailbox})`);
      },
    },
    {
      name: "GenStage: never more than maxDemand (10) tweets waiting at B, nor messages in its mailbox",
      test: (run) => {
        const s = samples(run, "genstage");
        const bad = s.find((x) => x.waiting > MAX_DEMAND || x.mailbox > MAX_DEMAND);
        run.expect(s.length > 0 && !bad, `expected every GenStage sample ≤ ${MAX_DEMAND}, got ${JSON.stringify(bad ?? s)}`);
      },
    },
    {
      name: "GenStage keeps up: it reports at least half as many tweets as the plain pipeline",
      test: (run) => {
        const plain = samples(run, "plain").at(-1)?.reported ?? 0;
        const stage = samples(run, "genstage").at(-1)?.reported ?? 0;
        run.expect(stage * 2 >= plain && stage > 0, `expected GenStage to report at least half of plain's ${plain}, it reported ${stage}`);
      },
    },
    {
      name: "the queue chart sees the plain republisher's mailbox pass 50",
      test: (run) => {
        const max = Math.max(0, ...run.run.frames.flatMap((f) => f.processes.map((p) => p.queue)));
        run.expect(max > 50, `expected some process's queue above 50 in the stats frames, the largest was ${max}`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
