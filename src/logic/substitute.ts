// Substitutes constants for variables and folds the result through the factory.
// `substituteBools` fixes free constructs to one reading (all narrow, all wide) when searching
// for a counterexample that holds under every reading; `substituteStrings` fixes the variables
// that policy variables read, which leaves a formula the exact engine can decide.

import { concatPatterns, hasVarTokens, matchPattern } from "./pattern.js";
import { mapAtoms, TRUE, FALSE, type Formula } from "./ir.js";

export function substituteBools(f: Formula, values: (name: string) => boolean | undefined): Formula {
  return mapAtoms(f, (atom) => {
    if (atom.k !== "bool") return atom;
    const v = values(atom.v);
    return v === undefined ? atom : v ? TRUE : FALSE;
  });
}

/**
 * Fixes string variables to values: every var token reading one becomes literal text, and every
 * atom on a fixed variable becomes its truth value — unless its pattern still reads a variable
 * that is not fixed: that atom stays as it is, on the fixed variable, so a caller must fix every
 * variable such an atom reads (or not rely on the fixed one's value).
 */
export function substituteStrings(f: Formula, values: ReadonlyMap<string, string>): Formula {
  return mapAtoms(f, (atom) => {
    if (atom.k !== "match") return atom;
    // A pattern none of whose tokens is fixed stays the same object (no copy; its caches still hit).
    const reads = atom.p.tokens.some((t) => t.t === "var" && values.has(t.v));
    const tokens = reads
      ? atom.p.tokens.map((t) => (t.t === "var" && values.has(t.v) ? { t: "lit" as const, s: values.get(t.v)! } : t))
      : atom.p.tokens;
    const p = reads ? concatPatterns([{ tokens, caseInsensitive: atom.p.caseInsensitive }], atom.p.caseInsensitive) : atom.p;
    const own = values.get(atom.v);
    if (own !== undefined && !hasVarTokens(p)) return matchPattern(p, own) ? TRUE : FALSE;
    return reads ? { k: "match", v: atom.v, p } : atom;
  });
}
