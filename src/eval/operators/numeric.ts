// Numeric operators (§3.4): exact rational comparison of the request value against the policy
// value; `NumericLessThan {k: 10}` means v < 10.

import { parseNumber } from "../../iam/values.js";
import type { Rational } from "../../logic/rational.js";
import { compareWith, type EvalFamily } from "./family.js";

export const numericFamily: EvalFamily<Rational> = {
  read: parseNumber,
  match: (kind, v, p) => compareWith(kind, v, parseNumber(p)),
};
