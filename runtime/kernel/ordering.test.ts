/**
 * Properties over random message sequences: per-sender order is kept (locally and across
 * schedulers), and a selective receive always takes the oldest matching message.
 */
import { describe, expect, it } from "vitest";
import { Process, receive, self, send, spawnOpt } from "./api";
import { cluster } from "../../test/support/cluster";
import type { Pid } from "./term";

function rng(seed: number) {
  return (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
}

/** A sender: sends `count` messages `[me, tag, i]` with tags chosen by `seed`. */
export async function sender(to: Pid, count: number, seed: number): Promise<void> {
  const r = rng(seed);
  const me = self();
  for (let i = 0; i < count; i++) {
    send(to, [me, r(3) === 0 ? "urgent" : "normal", i]);
    if (r(10) === 0) await Process.sleep(0);
  }
}

describe("message ordering properties", () => {
  for (const schedulers of [1, 2, 3]) {
    it(`keeps each sender's order and takes the oldest match first (${schedulers} scheduler(s), 20 random runs)`, async () => {
      for (let run = 0; run < 20; run++) {
        const c = cluster(schedulers);
        for (const s of c.schedulers) s.setProgram({ sender });
        const received: unknown[][] = [];
        const r = rng(run + 1);
        const senders = 2 + r(4);
        const count = 50 + r(100);
        c.spawn(0, async () => {
          const me = self();
          for (let k = 0; k < senders; k++) spawnOpt(sender, [me, count, run * 31 + k], { scheduler: k % schedulers });
          // Alternate selective receives (urgent only) and plain ones.
          for (let n = 0; n < senders * count; n++) {
            const urgent = (m: unknown) => (m as unknown[])[1] === "urgent";
            const m = r(2) === 0 ? await receive(urgent, { after: 0 }) : await receive();
            received.push((typeof m === "symbol" ? await receive() : m) as unknown[]);
          }
        });
        await c.drain();
        await c.advance(2000, 10);
        expect(received.length).toBe(senders * count);
        // Per sender and per tag, indices increase: no reordering between a pair of processes.
        const last = new Map<string, number>();
        for (const [from, tag, i] of received as Array<[string, string, number]>) {
          const key = `${from}/${tag}`;
          expect(i).toBeGreaterThan(last.get(key) ?? -1);
          last.set(key, i);
        }
        // Every message arrived exactly once.
        const seen = new Set(received.map(([from, , i]) => `${from}/${i}`));
        expect(seen.size).toBe(senders * count);
      }
    });
  }
});
