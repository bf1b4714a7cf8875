// Condition-level classification shared by the evaluator and the encoder. Contract:
// `comparisonFree` says whether a condition's comparison M(v) of a present value is a free
// construct (narrow: no value matches; wide: every value does), and which — the request's presence
// and the qualifiers still apply as documented, so on a request without the key the missing-key
// rules (§3.1, §3.5, §4.1) decide. The construct's text is `conditionText` (the condition as JSON,
// key lower-cased, since key names are case-insensitive, values sorted and without repeats), so one
// condition gets one id everywhere, in any order of its values. Order: a family that differs from
// the key's and has no exact `comparison` (CONDITION_TYPE_MISMATCH; never for Null), then the
// policy-variable construct of iam/variables.ts conditionVariableFree (2012-10-17 only).
// `comparison` says which comparison (eval/operators/, encode/operators/) a condition runs on its
// key's values: its operator's family, or "stringOnBool" — a String operator on a Bool key compares
// the request's Boolean as the text `true` / `false` (docs/semantics.md, "Key families"), unless a
// value holds a policy variable. The mismatch's text is the condition's, with
// `"Version":"2008-10-17"` in front when a value holds `${` and the policy does not read variables:
// two conditions share a free only when their truth agrees on every request under every reading
// (same operator, key up to case, values and reading of `${`, in one query's key types). Set
// qualifiers are modelled (eval/condition.ts, encode/condition.ts); `setQuestion` says which
// question ∃v∈V: ±M(v) a condition asks of a value set (M(v) = OR_p m(v, p), §4.1).
// `illTypedSpec` and `emptyStringSpec` are the ILL_TYPED_VALUE and EMPTY_STRING_AS_ABSENT
// constructs of a condition, as both sides (and the checks that locate them) name them.

import type { Condition } from "./ast.js";
import { emptyStringKeySpec, messages, type FreeCode, type FreeSpec } from "./ambiguity.js";
import { normaliseKey, type KeyFamily, type KeyTypes } from "./key-types.js";
import { hasVariable, scanGlob } from "./glob.js";
import { keyFamilyOf, OPERATORS, type OperatorFamily } from "./operators.js";
import { conditionVariableFree } from "./variables.js";

/** The comparison a modelled condition runs: its operator's family, or an exact cross-family one. */
export type Comparison = Exclude<OperatorFamily, "null"> | "stringOnBool";

export function conditionText(c: Condition): string {
  return JSON.stringify({ [c.operator]: { [normaliseKey(c.key)]: valueSet(c) } });
}

/** A condition's values, sorted and without repeats: its truth is an OR over them (§3.3). */
function valueSet(c: Condition): string[] {
  return [...new Set(c.values.map((v) => v.value))].sort();
}

/** A free construct whose text is the whole condition. */
export function conditionSpec(code: FreeCode, c: Condition, message: (text: string) => string): FreeSpec {
  const text = conditionText(c);
  return { code, text, message: message(text) };
}

/** The family a condition's key has in this query (its operator's own when keyTypes lacks it). */
export function keyFamily(c: Condition, keyTypes: KeyTypes): KeyFamily | undefined {
  const own = keyFamilyOf(OPERATORS[c.base].family);
  return keyTypes.get(normaliseKey(c.key)) ?? own;
}

/**
 * The comparison a non-Null condition runs on its key's values; undefined for a type mismatch
 * whose comparison is undocumented (then CONDITION_TYPE_MISMATCH).
 */
export function comparison(c: Condition, keyTypes: KeyTypes, variables: boolean): Comparison | undefined {
  const family = OPERATORS[c.base].family;
  if (family === "null") throw new Error("Null compares no value");
  const key = keyFamily(c, keyTypes)!;
  if (key === keyFamilyOf(family)) return family;
  if (family === "string" && key === "bool" && !(variables && c.values.some((v) => hasVariable(scanGlob(v.value, true))))) {
    return "stringOnBool";
  }
  return undefined;
}

/**
 * `compute` remembered per (key types, condition, variables): the classifiers of a condition are
 * asked about it at every evaluation of a replay, and all three are fixed for a check.
 */
export function perCondition<T>(compute: (c: Condition, keyTypes: KeyTypes, variables: boolean) => T) {
  const cache = new WeakMap<KeyTypes, WeakMap<Condition, Map<boolean, T>>>();
  return (c: Condition, keyTypes: KeyTypes, variables: boolean): T => {
    let forTypes = cache.get(keyTypes);
    if (!forTypes) cache.set(keyTypes, (forTypes = new WeakMap()));
    let entry = forTypes.get(c);
    if (!entry) forTypes.set(c, (entry = new Map()));
    if (!entry.has(variables)) entry.set(variables, compute(c, keyTypes, variables));
    return entry.get(variables)!;
  };
}

export const comparisonFree = perCondition(computeConditionFree);

function computeConditionFree(c: Condition, keyTypes: KeyTypes, variables: boolean): FreeSpec | undefined {
  const text = conditionText(c);
  const info = OPERATORS[c.base];
  const own = keyFamilyOf(info.family);
  if (own === undefined) return undefined; // Null reads presence only
  const how = comparison(c, keyTypes, variables);
  if (how === undefined) {
    const t = !variables && c.values.some((v) => v.value.includes("${")) ? mismatchText2008(c) : text;
    return { code: "CONDITION_TYPE_MISMATCH", text: t, message: messages.typeMismatch(t, own, keyFamily(c, keyTypes)!) };
  }
  return variables ? conditionVariableFree(c, keyTypes, text) : undefined;
}

/** A mismatch's text in a policy that reads `${…}` literally (2008-10-17 or no Version). */
export function mismatchText2008(c: Condition): string {
  return JSON.stringify({ Version: "2008-10-17", [c.operator]: { [normaliseKey(c.key)]: valueSet(c) } });
}

/**
 * The question a non-Null condition asks of a value set: ∃v∈V M(v) (true) or ∃v∈V ¬M(v) (false).
 *   ForAnyValue:pos = ∃M        ForAllValues:pos = ¬∃¬M
 *   ForAnyValue:neg = ∃¬M       ForAllValues:neg = ¬∃M
 *   plain (a multi-valued key's wide reading, §3.6): pos = ∃M, neg = ¬∃M
 */
export function setQuestion(c: Condition): boolean {
  const negated = OPERATORS[c.base].negated;
  if (c.qualifier === "ForAllValues") return negated;
  if (c.qualifier === "ForAnyValue") return !negated;
  return true;
}

/** Identifies M(v) of a condition, with the question's polarity (for counting distinct questions). */
export function questionId(c: Condition, variables: boolean, positive: boolean): string {
  return JSON.stringify([OPERATORS[c.base].family, OPERATORS[c.base].match, variables, positive, c.values.map((v) => v.value)]);
}

/**
 * ILL_TYPED_VALUE for a condition on a loose key (§3.4 "Type coercion"): one reading per
 * operator and key, since how an operator treats text it cannot read does not depend on the
 * policy's values (so `NumericLessThan 5` still implies `NumericLessThan 10`).
 */
export function illTypedSpec(c: Condition): FreeSpec {
  const text = JSON.stringify({ [c.base]: normaliseKey(c.key) });
  return { code: "ILL_TYPED_VALUE", text, message: messages.illTypedValue(c.base, c.key) };
}

/**
 * EMPTY_STRING_AS_ABSENT for a condition (§10.7): one reading per key, the same for every
 * operator. One AWS engine builds one request context, and a key's "" is either in it as a value
 * or not; AWS's words (a set operator's "null dataset", the empty value called "null") describe
 * one value, not one per operator, so reading it one way under Null and the other under
 * StringLike is no engine's behaviour, and a FAIL must not rest on such a mix.
 */
export function emptyStringSpec(c: Condition): FreeSpec {
  return emptyStringKeySpec(c.key);
}
