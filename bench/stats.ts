// Summary statistics for timings.
// Contract: pure functions over plain number arrays; an empty input yields NaN, never throws.
// Percentiles use the nearest-rank method on a sorted copy (p99 of 100 values is the 99th).

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = xs.slice().sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Least-squares slope of log(y) against log(x), over the points with x, y > 0. */
export function logLogSlope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const ps = points.filter((p) => p.x > 0 && p.y > 0).map((p) => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (ps.length < 2) return NaN;
  const mx = sum(ps.map((p) => p.x)) / ps.length;
  const my = sum(ps.map((p) => p.y)) / ps.length;
  const sxy = sum(ps.map((p) => (p.x - mx) * (p.y - my)));
  const sxx = sum(ps.map((p) => (p.x - mx) ** 2));
  return sxx === 0 ? NaN : sxy / sxx;
}
