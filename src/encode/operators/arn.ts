// Arn operators on "s:<key>": one pattern whose wildcards in components 1–5 stop at colons
// (iam/arn.ts), which is the component-wise match eval/operators/arn.ts computes directly.

import { arnConditionMatcher } from "../../iam/arn.js";
import { valueVar } from "../../iam/operators.js";
import type { EncodeFamily } from "./family.js";

export const arnFamily: EncodeFamily = {
  match: (_kind, key, p, env) => env.matches(arnConditionMatcher(p, env.variables), valueVar("string", key)),
};
