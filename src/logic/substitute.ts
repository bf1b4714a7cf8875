// Substitutes constants for Boolean variables and folds the result through the factory.
// Used to fix free constructs to one reading (all narrow, all wide) when searching for a
// counterexample that holds under every reading.

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
