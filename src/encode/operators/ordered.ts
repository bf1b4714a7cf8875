// Shared by the numeric and date encoders: v <op> bound on an ordered variable.

import type { MatchKind } from "../../iam/operators.js";
import { cmp, FALSE, type CmpOp, type Formula } from "../../logic/ir.js";
import type { Rational } from "../../logic/rational.js";

export function compareAtom(kind: MatchKind, v: string, bound: Rational | undefined): Formula {
  if (bound === undefined) return FALSE;
  if (kind === "eq" || kind === "lt" || kind === "le" || kind === "gt" || kind === "ge") return cmp(v, kind as CmpOp, bound);
  throw new Error(`\`${kind}\` is not an ordered comparison`);
}
