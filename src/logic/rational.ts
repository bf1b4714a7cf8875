// Exact rationals over bigint, for numeric, date and IP bounds. Always normalised: den > 0 and
// gcd(num, den) = 1, so structural equality is value equality.

export interface Rational {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new Error("rational with zero denominator");
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function rationalToString(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
}

/** Midpoint of two rationals (used to pick a witness strictly between bounds). */
export function midpoint(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, 2n * a.den * b.den);
}

export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** Decimal text of a rational, exact when the denominator divides a power of ten, else 6 places. */
export function rationalToDecimal(r: Rational): string {
  if (r.den === 1n) return r.num.toString();
  const neg = r.num < 0n;
  const n = neg ? -r.num : r.num;
  const whole = n / r.den;
  let rem = n % r.den;
  let digits = "";
  for (let i = 0; i < 12 && rem !== 0n; i++) {
    rem *= 10n;
    digits += (rem / r.den).toString();
    rem %= r.den;
  }
  return `${neg ? "-" : ""}${whole}.${digits}`;
}
