// Rationals as decimal text for decoded requests (parseNumber reads it back).
// Contract: exact whenever the denominator divides a power of ten (every midpoint of decimal
// bounds does); otherwise rounded toward zero at 30 places, which can differ from the model only
// if a policy bound lies within 1e-30 of the value.

import type { Rational } from "../logic/rational.js";

export function decimalText(r: Rational): string {
  let den = r.den;
  let twos = 0,
    fives = 0;
  while (den % 2n === 0n) ((den /= 2n), twos++);
  while (den % 5n === 0n) ((den /= 5n), fives++);
  const places = den === 1n ? Math.max(twos, fives) : 30;
  const neg = r.num < 0n;
  const scaled = ((neg ? -r.num : r.num) * 10n ** BigInt(places)) / r.den;
  if (places === 0) return (neg ? "-" : "") + scaled.toString();
  const digits = scaled.toString().padStart(places + 1, "0");
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/\.?0+$/, "");
  return (neg && text !== "0" ? "-" : "") + text;
}
