// The concrete evaluator's result shapes.
// Contract: `Tri` is Kleene three-valued truth; "unknown" arises only from free constructs
// (see encode/types.ts) whose readings differ on the
// request at hand, and `touched` names them. When `frees` is given, every free construct takes
// that value instead and the result is two-valued: this mirrors a solver model exactly.

import type { KeyTypes } from "../iam/key-types.js";

export type Tri = true | false | "unknown";

export interface EvalOptions {
  keyTypes: KeyTypes;
  /** Values for free constructs, by id (as in a solver model's `free:<id>` variables). */
  frees?: ReadonlyMap<string, boolean>;
}

export interface PolicyEvaluation {
  decision: "Allow" | "ExplicitDeny" | "ImplicitDeny" | "Unknown";
  /** Some Allow statement matches and no Deny statement matches. */
  allowed: Tri;
  /** Does statement i apply to the request (principal, action, resource, conditions)? */
  statements: Tri[];
  /** Ids of free constructs whose readings differ on this request. */
  touched: Set<string>;
}
