// One condition as a formula; mirrors eval/condition.ts rule for rule (iam-semantics §3.1–§3.5):
//   pos = present ∧ OR_p m(p)     neg = ¬present ∨ AND_p ¬m(p)
//   X…IfExists = ¬present ∨ X     Null = OR_p (p = "true" ? ¬present : present)
// A set qualifier, a type mismatch or a policy variable makes the whole condition a free
// construct (narrow FALSE, wide TRUE). Request values are assumed single-valued and well-typed.

import { conditionFree } from "../iam/condition.js";
import { normaliseKey } from "../iam/key-types.js";
import { OPERATORS, presentVar } from "../iam/operators.js";
import { and, boolVar, FALSE, not, or, TRUE, type Formula } from "../logic/ir.js";
import type { Condition } from "../policy/ast.js";
import type { EncodeEnv } from "./env.js";
import { ENCODE_FAMILIES } from "./operators/index.js";
import { nullAtom } from "./operators/null.js";

export function encodeCondition(c: Condition, env: EncodeEnv): Formula {
  const spec = conditionFree(c, env.ctx.keyTypes, env.variables);
  if (spec) return env.free(spec, FALSE, TRUE);
  const info = OPERATORS[c.base];
  const key = normaliseKey(c.key);
  const present = boolVar(presentVar(key));
  if (info.family === "null") return or(...c.values.map((p) => nullAtom(key, p.value)));
  const family = ENCODE_FAMILIES[info.family];
  const ms = c.values.map((p) => family.match(info.match, key, p.value, env));
  const core = info.negated ? or(not(present), and(...ms.map(not))) : and(present, or(...ms));
  return c.ifExists ? or(not(present), core) : core;
}
