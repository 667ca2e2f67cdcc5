/**
 * A seeded pseudo-random generator: the only source of chance in a deterministic run.
 *
 *     const rng = seeded(42);
 *     rng();            // 0.6011..., the same on every machine and every engine
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counter, from PractRand), seeded through
 * splitmix32 so that neighbouring seeds (1, 2, 3 ...) start far apart. 32-bit integer
 * arithmetic only (`Math.imul`, `>>>`), so Node and every browser draw the same numbers.
 *
 * Mirrors the role of Erlang's `:rand.seed(:exsss, seed)`: a reproducible stream.
 */

/** A stream of numbers in [0, 1) drawn from `seed` (an integer; other numbers are truncated). */
export function seeded(seed: number): () => number {
  let s = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** An integer in [0, n) from `rng`. */
export function below(rng: () => number, n: number): number {
  return n <= 1 ? 0 : Math.floor(rng() * n);
}
