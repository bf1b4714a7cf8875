// A small seeded pseudo-random generator (mulberry32) for the benchmark's generator and samples.
// Contract: the same seed yields the same sequence on every platform and Node version; nothing
// here reads Math.random, the clock or the environment.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T;
  /** k distinct elements (all of them if k ≥ length), in the order drawn. */
  sample<T>(xs: readonly T[], k: number): T[];
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (xs) => {
      if (xs.length === 0) throw new Error("pick from an empty array");
      return xs[int(xs.length)];
    },
    sample: (xs, k) => {
      const pool = xs.slice();
      const out = [];
      for (let i = 0; i < Math.min(k, pool.length); i++) {
        const j = i + int(pool.length - i);
        [pool[i], pool[j]] = [pool[j], pool[i]];
        out.push(pool[i]);
      }
      return out;
    },
  };
}

/** Derives an independent seed from a base seed and labels (FNV-1a over the text). */
export function deriveSeed(base: number, ...labels: Array<string | number>): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  for (const ch of labels.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
