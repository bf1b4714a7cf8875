// Equivalence classes of one ordered (numeric, date, IP) variable.
// Contract: `orderedClasses(sort, bounds)` cuts the variable's domain at the distinct bounds its
// atoms compare against (and at the domain's min/max) into points and open intervals, keeps the
// non-empty ones (an integer domain has no point at 1/2 and no integer in (1, 2)), in increasing
// order, each with a witness value inside it. Every `cmp` atom on the variable is constant on a
// class, and its true classes are a contiguous run (a prefix, a suffix, or one point).
// Witnesses prefer 0, then integers next to a bound, then short decimals.

import type { Sort } from "../../logic/ir.js";
import { compareRational, midpoint, rational, type Rational } from "../../logic/rational.js";

export interface OrderedClass {
  /** A point class (the witness is the point) or an open interval between cut points. */
  point: boolean;
  witness: Rational;
}

type OrderedSort = Extract<Sort, { sort: "ordered" }>;

export function floorRational(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

function isInteger(r: Rational): boolean {
  return r.den === 1n;
}

/** Classes in increasing order; empty when the declared domain itself is empty. */
export function orderedClasses(sort: OrderedSort, bounds: readonly Rational[]): OrderedClass[] {
  const cuts = [...bounds];
  if (sort.min) cuts.push(sort.min);
  if (sort.max) cuts.push(sort.max);
  cuts.sort(compareRational);
  const pts: Rational[] = [];
  for (const c of cuts) if (pts.length === 0 || compareRational(pts[pts.length - 1], c) !== 0) pts.push(c);

  const inDomain = (lo: Rational | undefined, hi: Rational | undefined): boolean =>
    (!sort.min || (lo !== undefined && compareRational(lo, sort.min) >= 0)) &&
    (!sort.max || (hi !== undefined && compareRational(hi, sort.max) <= 0));

  const out: OrderedClass[] = [];
  const interval = (lo: Rational | undefined, hi: Rational | undefined): void => {
    if (!inDomain(lo, hi)) return;
    const w = intervalWitness(lo, hi, sort.integer);
    if (w) out.push({ point: false, witness: w });
  };
  for (let i = 0; i < pts.length; i++) {
    interval(i === 0 ? undefined : pts[i - 1], pts[i]);
    const p = pts[i];
    if (inDomain(p, p) && (!sort.integer || isInteger(p))) out.push({ point: true, witness: p });
  }
  interval(pts.length ? pts[pts.length - 1] : undefined, undefined);
  return out;
}

const ZERO = rational(0n);

/** A "nice" value strictly inside (lo, hi) (either end may be unbounded), or undefined if none. */
function intervalWitness(lo: Rational | undefined, hi: Rational | undefined, integer: boolean): Rational | undefined {
  const inside = (x: Rational) => (lo === undefined || compareRational(lo, x) < 0) && (hi === undefined || compareRational(x, hi) < 0);
  if (inside(ZERO)) return ZERO;
  // The integer just above lo (or just below hi when lo is unbounded).
  const n = lo !== undefined ? floorRational(lo) + 1n : -floorRational(rational(-hi!.num, hi!.den)) - 1n;
  if (inside(rational(n))) return rational(n);
  if (integer) return undefined;
  // Both bounds finite and no integer between: the shortest decimal inside, then the midpoint.
  let d = 10n;
  for (let i = 0; i < 40; i++, d *= 10n) {
    const x = rational(floorRational(rational(lo!.num * d, lo!.den)) + 1n, d);
    if (inside(x)) return x;
  }
  return midpoint(lo!, hi!);
}
