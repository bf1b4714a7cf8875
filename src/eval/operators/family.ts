// The shape of one condition-operator family in the evaluator (one file per family beside this).
// Contract: `read` turns a request value into the family's domain (undefined: it does not parse,
// and then the condition is false whatever its polarity, §3.4 "type coercion"); `match` is the
// positive match m_op(v, p) of one policy value — negation, presence and IfExists are applied by
// eval/condition.ts. A policy value that does not parse matches nothing (the parser rejects it).

import type { MatchKind } from "../../iam/operators.js";
import type { EvalEnv } from "../env.js";
import type { Tri } from "../types.js";
import { compareRational, type Rational } from "../../logic/rational.js";

export interface EvalFamily<T> {
  read(value: string): T | undefined;
  match(kind: MatchKind, v: T, policyValue: string, env: EvalEnv): Tri;
}

/** Ordered comparison v <op> bound for the numeric and date families. */
export function compareWith(kind: MatchKind, v: Rational, bound: Rational | undefined): boolean {
  if (bound === undefined) return false;
  const c = compareRational(v, bound);
  switch (kind) {
    case "eq":
      return c === 0;
    case "lt":
      return c < 0;
    case "le":
      return c <= 0;
    case "gt":
      return c > 0;
    case "ge":
      return c >= 0;
    default:
      throw new Error(`\`${kind}\` is not an ordered comparison`);
  }
}
