// Numeric operators on "n:<key>" (an ordered rational). Mirrors eval/operators/numeric.ts.

import { valueVar } from "../../iam/operators.js";
import { parseNumber } from "../../iam/values.js";
import type { EncodeFamily } from "./family.js";
import { compareAtom } from "./ordered.js";

export const numericFamily: EncodeFamily = {
  match: (kind, key, p) => compareAtom(kind, valueVar("numeric", key), parseNumber(p)),
};
