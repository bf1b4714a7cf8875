// IP operators on "ip:<key>" (an ordered integer in [0, IP_MAX]): lo ≤ v ≤ hi of the CIDR.
// Mirrors eval/operators/ip.ts.

import { valueVar } from "../../iam/operators.js";
import { parseCidr } from "../../iam/values.js";
import { and, cmp, FALSE } from "../../logic/ir.js";
import { rational } from "../../logic/rational.js";
import type { EncodeFamily } from "./family.js";

export const ipFamily: EncodeFamily = {
  match(_kind, key, p) {
    const r = parseCidr(p);
    if (r === undefined) return FALSE;
    const v = valueVar("ip", key);
    return and(cmp(v, "ge", rational(r.lo)), cmp(v, "le", rational(r.hi)));
  },
};
