// Substitutes constants for variables and folds the result through the factory.
// `substituteBools` fixes free constructs to one reading (all narrow, all wide) when searching
// for a counterexample that holds under every reading; `substituteStrings` fixes the variables
// that policy variables read, which leaves a formula the exact engine can decide.

import { concatPatterns, hasVarTokens, matchPattern } from "../iam/pattern.js";
import { and, not, or, TRUE, FALSE, type Formula } from "./ir.js";

export function substituteBools(f: Formula, values: (name: string) => boolean | undefined): Formula {
  switch (f.k) {
    case "const":
    case "match":
    case "cmp":
      return f;
    case "bool": {
      const v = values(f.v);
      return v === undefined ? f : v ? TRUE : FALSE;
    }
    case "not":
      return not(substituteBools(f.a, values));
    case "and":
      return and(...f.args.map((a) => substituteBools(a, values)));
    case "or":
      return or(...f.args.map((a) => substituteBools(a, values)));
  }
}

/**
 * Fixes string variables to values: every atom on a fixed variable becomes its truth value, and
 * every var token reading one becomes literal text. What remains mentions no fixed variable.
 */
export function substituteStrings(f: Formula, values: ReadonlyMap<string, string>): Formula {
  switch (f.k) {
    case "const":
    case "cmp":
    case "bool":
      return f;
    case "not":
      return not(substituteStrings(f.a, values));
    case "and":
      return and(...f.args.map((a) => substituteStrings(a, values)));
    case "or":
      return or(...f.args.map((a) => substituteStrings(a, values)));
    case "match": {
      const tokens = f.p.tokens.map((t) => (t.t === "var" && values.has(t.v) ? { t: "lit" as const, s: values.get(t.v)! } : t));
      const p = concatPatterns([{ tokens, caseInsensitive: f.p.caseInsensitive }], f.p.caseInsensitive);
      const own = values.get(f.v);
      if (own !== undefined && !hasVarTokens(p)) return matchPattern(p, own) ? TRUE : FALSE;
      return { k: "match", v: f.v, p };
    }
  }
}
