// The shape of one condition-operator family in the encoder, mirroring eval/operators/ file by
// file. Contract: `match` is the positive match m_op(v, p) of one policy value as a formula over
// the key's value variable; negation, presence and IfExists are applied by encode/condition.ts.
// A policy value that does not parse matches nothing (FALSE), as in the evaluator.

import type { MatchKind } from "../../iam/operators.js";
import type { Formula } from "../../logic/ir.js";
import type { EncodeEnv } from "../env.js";

export interface EncodeFamily {
  match(kind: MatchKind, key: string, policyValue: string, env: EncodeEnv): Formula;
}
