// One condition as a formula; mirrors eval/condition.ts rule for rule (iam-semantics §3.1–§3.6,
// §4). A single-valued key k has present:k and one value variable (s:k, n:k, …); a multi-valued
// key (keyTypes.sets) has n elements, in:k#i and the value variable of k#i, V = {x_i | in_i},
// present = OR_i in_i. ∃v∈V φ(v) is OR_i (in_i ∧ φ(x_i)); for a single-valued key it is
// present:k ∧ φ(s:k) (V has at most one element). With M(v) = OR_p m(v, p):
//   plain, single-valued:  pos = present ∧ M     neg = ¬present ∨ ¬M    X…IfExists = ¬present ∨ X
//   ForAllValues:pos = ¬∃¬M   ForAnyValue:pos = ∃M   ForAllValues:neg = ¬∃M   ForAnyValue:neg = ∃¬M
//   ForAnyValue:X…IfExists = ∃… ∨ (¬present ∧ free FORANYVALUE_IFEXISTS_MISSING_KEY)
//   plain, multi-valued: free PLAIN_OPERATOR_ON_MULTIVALUED_KEY, narrow FALSE, wide ∃M (pos) or
//     ¬∃M (neg), under IfExists ¬present ∨ wide
//   Null = OR_p (p = "true" ? ¬present : present); with a qualifier SET_OPERATOR_NULL
// The comparison is the operator family's, or a modelled type mismatch's (a String operator on a
// Bool key, iam/condition.ts `comparison`); any other type mismatch, or a variable reading a key
// that prints undocumented text, makes M itself a free construct (iam/condition.ts
// comparisonFree: narrow FALSE, wide TRUE, one Boolean for every value of the request), under the
// same presence and qualifier rules. Request values are assumed well-typed. Where reading a
// present empty string as absent can change the truth (eval/condition.ts emptyStringMatters,
// §10.7), the condition is EMPTY_STRING_AS_ABSENT: the free chooses between the rules above and
// the same rules with every element whose value is "" left out of V. A loose key's value (or
// element) may be ill-typed (illtyped:k): then M is free (ILL_TYPED_VALUE, per operator and key).

import { messages } from "../iam/ambiguity.js";
import { UNICODE_FOLDING_SPEC, unicodeVariableSpec } from "../iam/unicode-fold.js";
import { comparison, comparisonFree, conditionSpec, emptyStringSpec, illTypedSpec } from "../iam/condition.js";
import { isLoose, keySet, normaliseKey } from "../iam/key-types.js";
import { elementKey, elementVar, illTypedVar, OPERATORS, presentVar, valueVar } from "../iam/operators.js";
import { literalPattern } from "../logic/pattern.js";
import { and, boolVar, FALSE, match, not, or, TRUE, type Formula } from "../logic/ir.js";
import type { Condition } from "../iam/ast.js";
import { emptyStringMatters } from "../eval/condition.js";
import type { EncodeEnv } from "./env.js";
import { ENCODE_FAMILIES } from "./operators/index.js";
import { nullAtom } from "./operators/null.js";

/**
 * The key's elements: (in the value set, key name of its value variable). With `emptyIsAbsent`,
 * an element whose (string) value is empty is not in the set (EMPTY_STRING_AS_ABSENT).
 */
function elements(key: string, env: EncodeEnv, emptyIsAbsent: boolean): { present: Formula; key: string }[] {
  const set = keySet(env.ctx.keyTypes, key);
  const all = set
    ? Array.from({ length: set.elements }, (_, j) => ({ present: boolVar(elementVar(key, j + 1)), key: elementKey(key, j + 1) }))
    : [{ present: boolVar(presentVar(key)), key }];
  if (!emptyIsAbsent) return all;
  return all.map((e) => ({ ...e, present: and(e.present, not(match(valueVar("string", e.key), literalPattern("")))) }));
}

export function encodeCondition(c: Condition, env: EncodeEnv): Formula {
  const asValue = encodeOn(c, env, false);
  if (!emptyStringMatters(c, env.ctx.keyTypes, env.variables)) return asValue;
  return env.choose(emptyStringSpec(c), asValue, encodeOn(c, env, true));
}

/** The condition, reading a present empty string as a value or (`emptyIsAbsent`) as absent. */
function encodeOn(c: Condition, env: EncodeEnv, emptyIsAbsent: boolean): Formula {
  const info = OPERATORS[c.base];
  const key = normaliseKey(c.key);
  const elems = elements(key, env, emptyIsAbsent);
  const present = or(...elems.map((e) => e.present));

  if (info.family === "null") {
    const plain = or(...c.values.map((p) => nullAtom(present, p.value)));
    if (!c.qualifier) return plain;
    const forAll = c.qualifier === "ForAllValues";
    const s = conditionSpec("SET_OPERATOR_NULL", c, (t) => messages.setOperatorNull(t, forAll));
    return forAll ? env.free(s, plain, TRUE) : env.free(s, FALSE, plain);
  }

  const free = comparisonFree(c, env.ctx.keyTypes, env.variables);
  const typedM = (k: string) => {
    const cmp = comparison(c, env.ctx.keyTypes, env.variables)!;
    const family = ENCODE_FAMILIES[cmp];
    return or(
      ...c.values.map((p) => {
        const m = family.match(info.match, k, p.value, env);
        // An IgnoreCase value with a variable: m ∨ (UNICODE_CASE_FOLDING ∧ its own free).
        const spec = unicodeVariableSpec(c, p.value, cmp, env.variables);
        if (!spec) return m;
        if (elems[0].key !== key) {
          env.onlyNarrow(spec);
          return m;
        }
        return env.free(UNICODE_FOLDING_SPEC, m, env.free(spec, m, TRUE));
      }),
    );
  };
  // A loose key's value may be text of another type, whose comparison AWS does not document.
  const loose = (k: string) => {
    const ill = boolVar(illTypedVar(k));
    return or(and(not(ill), typedM(k)), and(ill, env.free(illTypedSpec(c), FALSE, TRUE)));
  };
  const m = free ? () => env.free(free, FALSE, TRUE) : isLoose(env.ctx.keyTypes, key) ? loose : typedM;
  const exists = (positive: boolean) => or(...elems.map((e) => and(e.present, positive ? m(e.key) : not(m(e.key)))));

  if (c.qualifier === "ForAllValues") return not(exists(info.negated));
  if (c.qualifier === "ForAnyValue") {
    const core = exists(!info.negated);
    if (!c.ifExists) return core;
    return or(
      core,
      and(not(present), env.free(conditionSpec("FORANYVALUE_IFEXISTS_MISSING_KEY", c, messages.forAnyValueIfExists), FALSE, TRUE)),
    );
  }
  if (elems[0].key !== key) {
    const wide = info.negated ? not(exists(true)) : exists(true);
    const s = conditionSpec("PLAIN_OPERATOR_ON_MULTIVALUED_KEY", c, messages.plainOnMultiValued);
    return env.free(s, FALSE, c.ifExists ? or(not(present), wide) : wide);
  }
  const mk = m(key);
  const core = info.negated ? or(not(present), not(mk)) : and(present, mk);
  return c.ifExists ? or(not(present), core) : core;
}
