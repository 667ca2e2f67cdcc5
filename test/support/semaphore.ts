/**
 * A counting semaphore for test support (internal): `slot(fn)` runs `fn` once fewer than
 * `limit` others are running, so concurrent tests can start external programs a few at a time.
 *
 *     const slot = semaphore(4);
 *     await Promise.all(files.map((f) => slot(() => runElixir(f))));   // at most 4 at once
 */
export function semaphore(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    // A finishing run hands its slot straight to the next waiter, so `running` never passes `limit`.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
