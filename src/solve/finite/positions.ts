// Glob patterns compiled to one table of NFA positions, for the product construction.
// Contract: pattern i with n_i steps (a literal contributes one step per character) owns the
// global positions base_i .. base_i + n_i; position base_i + q means "the first q steps have
// consumed the input read so far", and base_i + n_i accepts. `closure[g]` is the set entered
// when g is reached: g plus the positions reachable by letting stars match the empty string.
// The transition of g on an alphabet class follows matchPattern exactly: a literal step accepts
// the classes of its character (both ASCII cases when the pattern is case-insensitive), `?`
// accepts every class (but ':' when noColon), `*` loops on every class (but ':' when noColon).

import { foldCase, type Pattern } from "../../logic/pattern.js";
import type { Alphabet } from "./alphabet.js";

export const LIT = 0;
export const ANY = 1;
export const STAR = 2;
export const ACCEPT = 3;

export interface PositionTable {
  /** Pattern owning each global position. */
  patOf: Int32Array;
  /** Kind of the step leaving each position (ACCEPT for a pattern's final position). */
  kind: Uint8Array;
  noColon: Uint8Array;
  /** For LIT positions, the alphabet classes the step accepts. */
  litClasses: (readonly number[])[];
  closure: number[][];
  /** The initial (closed) position set of every pattern, concatenated and sorted. */
  initial: number[];
}

export function compilePositions(patterns: readonly Pattern[], alphabet: Alphabet): PositionTable {
  const patOf: number[] = [];
  const kind: number[] = [];
  const noColon: number[] = [];
  const litClasses: (readonly number[])[] = [];
  const starts: number[] = [];
  const classCache = new Map<string, readonly number[]>();
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    starts.push(patOf.length);
    for (const t of p.tokens) {
      if (t.t === "lit") {
        for (const ch of p.caseInsensitive ? foldCase(t.s) : t.s) {
          patOf.push(i);
          kind.push(LIT);
          noColon.push(0);
          litClasses.push(literalClasses(ch, p.caseInsensitive, alphabet, classCache));
        }
      } else {
        patOf.push(i);
        kind.push(t.t === "star" ? STAR : ANY);
        noColon.push(t.noColon ? 1 : 0);
        litClasses.push([]);
      }
    }
    patOf.push(i);
    kind.push(ACCEPT);
    noColon.push(0);
    litClasses.push([]);
  }
  const total = patOf.length;
  const closure: number[][] = new Array(total);
  // Right to left, so a star's closure reuses its successor's.
  for (let g = total - 1; g >= 0; g--) closure[g] = kind[g] === STAR ? [g, ...closure[g + 1]] : [g];
  const initial: number[] = [];
  for (const s of starts) initial.push(...closure[s]);
  return {
    patOf: Int32Array.from(patOf),
    kind: Uint8Array.from(kind),
    noColon: Uint8Array.from(noColon),
    litClasses,
    closure,
    initial,
  };
}

function literalClasses(
  ch: string,
  caseInsensitive: boolean,
  alphabet: Alphabet,
  cache: Map<string, readonly number[]>,
): readonly number[] {
  const key = (caseInsensitive ? "i" : "s") + ch;
  let out = cache.get(key);
  if (out) return out;
  const set = new Set<number>([alphabet.classOf(ch)]);
  if (caseInsensitive && /^[A-Za-z]$/.test(ch)) {
    set.add(alphabet.classOf(ch.toLowerCase()));
    set.add(alphabet.classOf(ch.toUpperCase()));
  }
  out = [...set].sort((a, b) => a - b);
  cache.set(key, out);
  return out;
}
