// An independent glob matcher for the evaluator: `*` any sequence, `?` one code point, text
// literal (a var token, which substitution has already removed, reads as `*`). The encoder uses
// logic/pattern.ts instead, so the differential test also cross-checks the two implementations.
// Contract: `globMatch(tokens, value)` runs in O(|value| × |pattern|) at worst — the two-pointer
// scan that, on a mismatch, retries from the last star with one more character eaten by it —
// never a backtracking RegExp built from policy text (issue 11: `a*a*…` hung every check).

import type { GlobToken } from "../../iam/glob.js";

const STAR = -1;
const ANY = -2;

/** Pattern tokens → code points, with STAR and ANY for the wildcards. */
function codes(tokens: GlobToken[]): number[] {
  const out: number[] = [];
  for (const t of tokens) {
    if (t.t === "lit") for (const ch of t.s) out.push(ch.codePointAt(0)!);
    else if (t.t === "char") out.push(ANY);
    else if (out[out.length - 1] !== STAR) out.push(STAR);
  }
  return out;
}

export function globMatch(tokens: GlobToken[], value: string): boolean {
  const p = codes(tokens);
  const v = Array.from(value, (ch) => ch.codePointAt(0)!);
  let i = 0; // in v
  let j = 0; // in p
  let star = -1; // index in p of the last star seen
  let resume = 0; // where in v that star's match ends, the next retry starts one further
  while (i < v.length) {
    if (j < p.length && (p[j] === ANY || p[j] === v[i])) {
      i++;
      j++;
    } else if (j < p.length && p[j] === STAR) {
      star = j++;
      resume = i;
    } else if (star >= 0) {
      // Only the last star needs retrying: anything an earlier star could eat, it can too.
      j = star + 1;
      i = ++resume;
    } else return false;
  }
  while (j < p.length && p[j] === STAR) j++;
  return j === p.length;
}
