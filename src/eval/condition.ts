// One condition (operator, key, values) against a request (iam-semantics §3.1–§3.6).
// Contract, with present = the key is in the request context:
//   pos = present ∧ OR_p m(v, p)          neg = ¬present ∨ AND_p ¬m(v, p)
//   X…IfExists = ¬present ∨ X             Null = OR_p (p = "true" ? ¬present : present)
// A set qualifier, a type mismatch or a policy variable makes the whole condition a free
// construct (iam/condition.ts). Deferred (§3.6): a multi-valued request value under a plain
// operator is "unknown". A present value that does not parse for the family makes pos and neg
// both false (the symbolic model assumes well-typed request values).

import { conditionFree } from "../iam/condition.js";
import { OPERATORS } from "../iam/operators.js";
import type { Condition } from "../policy/ast.js";
import type { EvalEnv } from "./env.js";
import { EVAL_FAMILIES } from "./operators/index.js";
import { nullMatch } from "./operators/null.js";
import type { Request } from "./request.js";
import { contextValue } from "./request.js";
import { triAnd, triNot, triOr } from "./tri.js";
import type { Tri } from "./types.js";

export function evaluateCondition(c: Condition, request: Request, env: EvalEnv): Tri {
  const spec = conditionFree(c, env.options.keyTypes, env.variables);
  if (spec) return env.free(spec, false, true);
  const info = OPERATORS[c.base];
  const raw = contextValue(request, c.key);
  // An empty list is an absent key (§4.1: "missing or empty").
  const value = Array.isArray(raw) && raw.length === 0 ? undefined : raw;
  const present = value !== undefined;
  if (info.family === "null") return c.values.some((p) => nullMatch(present, p.value));

  let core: Tri;
  if (!present) core = info.negated;
  else if (Array.isArray(value)) core = "unknown"; // §3.6, deferred
  else {
    const family = EVAL_FAMILIES[info.family];
    const v = family.read(value);
    if (v === undefined) core = false;
    else {
      const ms = c.values.map((p) => family.match(info.match, v, p.value, env));
      core = info.negated ? triAnd(ms.map(triNot)) : triOr(ms);
    }
  }
  return c.ifExists ? triOr([!present, core]) : core;
}
