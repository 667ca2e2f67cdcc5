/**
 * Lesson 12 — what running the code must show: 50 concurrent readers get through 15,000
 * reads faster from ETS than from an Agent (whose reads queue in one mailbox), and while the
 * cache's owner is busy for 200 ms, an Agent read waits for it and an ETS read does not.
 */
import { defineChecks } from "../../runtime/check/lesson-checks";

const AGENT = /^agent: 15000 reads by 50 readers in (\d+) ms$/;
const ETS = /^ets: {3}15000 reads by 50 readers in (\d+) ms$/;
const BUSY = /^while the owner is busy: agent read took (\d+) ms, ets read took (\d+) ms$/;
const AGENT_LIKE = "agent: 15000 reads by 50 readers in <n> ms";
const ETS_LIKE = "ets:   15000 reads by 50 readers in <n> ms";
const BUSY_LIKE = "while the owner is busy: agent read took <n> ms, ets read took <n> ms";

export default defineChecks({
  exercise: true,
  schedulers: 2,
  timeoutMs: 15_000,
  checks: [
    { name: "every one of the 15,000 reads finds its price, both ways", test: (run) => (run.expectMatch(AGENT, AGENT_LIKE), void run.expectMatch(ETS, ETS_LIKE)) },
    {
      name: "ETS reads are at least twice as fast as Agent reads",
      test: (run) => {
        const agent = Number(run.expectMatch(AGENT, AGENT_LIKE)[1]);
        const ets = Number(run.expectMatch(ETS, ETS_LIKE)[1]);
        run.expect(ets * 2 < agent, `expected ETS (${ets} ms) to take less than half of the Agent's time (${agent} ms)`);
      },
    },
    {
      name: "while the owner is busy, an Agent read waits behind it and an ETS read does not",
      test: (run) => {
        const [, agent, ets] = run.expectMatch(BUSY, BUSY_LIKE).map(Number);
        run.expect(agent >= 150, `expected the Agent read to wait for the busy owner (~190 ms), it took ${agent} ms`);
        run.expect(ets < 50, `expected the ETS read not to wait (a few ms at most), it took ${ets} ms`);
      },
    },
    { name: "nothing crashes and the run ends normally", test: (run) => (run.expectNoCrash(), run.expectNormalEnd()) },
  ],
});
