/**
 * Between two decisions of a deterministic run: let every pending promise reaction run, as a
 * real macrotask would, before the simulation picks the next lane.
 *
 *     await settle();   // setImmediate on Node, one shared MessageChannel in a worker
 *
 * Internal to the simulation.
 */

/** Let every pending promise reaction run: one host macrotask (setImmediate on Node, a MessageChannel elsewhere). */
export const settle: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const setImmediate = g.setImmediate;
    return () => new Promise<void>((r) => void setImmediate(r));
  }
  let waiting: Array<() => void> = [];
  let channel: MessageChannel | null = null;
  return () =>
    new Promise<void>((r) => {
      if (channel === null) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const now = waiting;
          waiting = [];
          for (const w of now) w();
        };
      }
      waiting.push(r);
      channel.port2.postMessage(0);
    });
})();
