// Null on the key's presence (present:<key>, or OR_i in:<key>#i for a multi-valued key):
// `"true"` → ¬present, `"false"` → present, anything else FALSE. Mirrors eval/operators/null.ts.

import { parseBool } from "../../iam/values.js";
import { FALSE, not, type Formula } from "../../logic/ir.js";

export function nullAtom(present: Formula, policyValue: string): Formula {
  const b = parseBool(policyValue);
  return b === undefined ? FALSE : b ? not(present) : present;
}
