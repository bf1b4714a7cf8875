// Glob patterns compiled to one table of NFA positions, for the product construction.
// Contract: pattern i with n_i steps (a literal contributes one step per character) owns the
// global positions base_i .. base_i + n_i; position base_i + q means "the first q steps have
// consumed the input read so far", and base_i + n_i accepts. The closure of g is the set entered
// when g is reached: g plus the positions reachable by letting stars match the empty string
// (`closure[g]` for a star; any other position's closure is g alone, and is not stored).
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
  /** For LIT positions, the alphabet classes the step accepts (an empty list for the others). */
  litClasses: (readonly number[])[];
  /** For STAR positions, the closure (g and what its skipping reaches); any other g's closure is just g. */
  closure: (readonly number[] | undefined)[];
  /** The initial (closed) position set of every pattern, concatenated and sorted. */
  initial: number[];
}

const NONE: readonly number[] = [];

// Built for every product (thousands per check on large policies): typed arrays sized up front,
// shared empty lists, and closures only where a star makes them more than the position itself.
export function compilePositions(patterns: readonly Pattern[], alphabet: Alphabet): PositionTable {
  const folded = patterns.map((p) =>
    p.tokens.map((t) => (t.t === "lit" ? Array.from(p.caseInsensitive ? foldCase(t.s) : t.s) : undefined)),
  );
  let total = 0;
  for (let i = 0; i < patterns.length; i++) {
    const tokens = patterns[i].tokens;
    for (let k = 0; k < tokens.length; k++) total += folded[i][k]?.length ?? 1;
    total++; // the accepting position
  }
  const patOf = new Int32Array(total);
  const kind = new Uint8Array(total);
  const noColon = new Uint8Array(total);
  const litClasses: (readonly number[])[] = new Array(total);
  const starts: number[] = [];
  const classCache = new Map<string, readonly number[]>();
  let g = 0;
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    starts.push(g);
    for (let k = 0; k < p.tokens.length; k++) {
      const t = p.tokens[k];
      const chars = folded[i][k];
      if (chars) {
        for (const ch of chars) {
          patOf[g] = i;
          kind[g] = LIT;
          litClasses[g++] = literalClasses(ch, p.caseInsensitive, alphabet, classCache);
        }
      } else {
        patOf[g] = i;
        kind[g] = t.t === "star" ? STAR : ANY;
        noColon[g] = t.t !== "lit" && t.noColon ? 1 : 0;
        litClasses[g++] = NONE;
      }
    }
    patOf[g] = i;
    kind[g] = ACCEPT;
    litClasses[g++] = NONE;
  }
  const closure: (readonly number[] | undefined)[] = new Array(total);
  // Right to left, so a star's closure reuses its successor's.
  for (let h = total - 1; h >= 0; h--) if (kind[h] === STAR) closure[h] = [h, ...(closure[h + 1] ?? [h + 1])];
  const initial: number[] = [];
  for (const s of starts) {
    const c = closure[s];
    if (c) initial.push(...c);
    else initial.push(s);
  }
  return { patOf, kind, noColon, litClasses, closure, initial };
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
