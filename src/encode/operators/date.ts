// Date operators on "d:<key>" (an ordered rational, epoch seconds). Mirrors eval/operators/date.ts.

import { valueVar } from "../../iam/operators.js";
import { parseDate } from "../../iam/values.js";
import type { EncodeFamily } from "./family.js";
import { compareAtom } from "./ordered.js";

export const dateFamily: EncodeFamily = {
  match: (kind, key, p) => compareAtom(kind, valueVar("date", key), parseDate(p)),
};
