// IP operators (§3.4): the request address lies in the policy CIDR block (host bits ignored; a
// bare address is /32 or /128). IPv4 and IPv6 are disjoint ranges of one ordered domain.

import { parseCidr, parseIp } from "../../iam/values.js";
import type { EvalFamily } from "./family.js";

export const ipFamily: EvalFamily<bigint> = {
  read: parseIp,
  match(_kind, v, p) {
    const r = parseCidr(p);
    return r !== undefined && r.lo <= v && v <= r.hi;
  },
};
