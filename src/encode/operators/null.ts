// Null on "present:<key>": `"true"` → ¬present, `"false"` → present, anything else FALSE.
// Mirrors eval/operators/null.ts.

import { presentVar } from "../../iam/operators.js";
import { parseBool } from "../../iam/values.js";
import { boolVar, FALSE, not, type Formula } from "../../logic/ir.js";

export function nullAtom(key: string, policyValue: string): Formula {
  const b = parseBool(policyValue);
  const present = boolVar(presentVar(key));
  return b === undefined ? FALSE : b ? not(present) : present;
}
