// Date operators (§3.4): instants compared as exact epoch seconds. A date-only value means
// 00:00 UTC of that day (AWS does not say; see docs/semantics.md).

import { parseDate } from "../../iam/values.js";
import type { Rational } from "../../logic/rational.js";
import { compareWith, type EvalFamily } from "./family.js";

export const dateFamily: EvalFamily<Rational> = {
  read: parseDate,
  match: (kind, v, p) => compareWith(kind, v, parseDate(p)),
};
