// Bool on "b:<key>". Mirrors eval/operators/bool.ts.

import { valueVar } from "../../iam/operators.js";
import { parseBool } from "../../iam/values.js";
import { boolVar, FALSE, not } from "../../logic/ir.js";
import type { EncodeFamily } from "./family.js";

export const boolFamily: EncodeFamily = {
  match(_kind, key, p) {
    const b = parseBool(p);
    if (b === undefined) return FALSE;
    const v = boolVar(valueVar("bool", key));
    return b ? v : not(v);
  },
};
