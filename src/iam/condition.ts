// Condition-level classification shared by the evaluator and the encoder.
// Contract: `conditionFree` says whether a whole (operator, key, values) condition is a free
// construct, and which; the construct's text is `conditionText` (the condition as JSON, key
// lower-cased, since key names are case-insensitive), so one condition gets one id everywhere.
// Order: a family that differs from the key's (UNMODELLED_TYPE_MISMATCH; never for Null), then
// the policy-variable constructs of iam/variables.ts conditionVariableFree (2012-10-17 only). Set
// qualifiers are modelled (eval/condition.ts, encode/condition.ts); `setQuestion` says which
// question ∃v∈V: ±M(v) a condition asks of a value set (M(v) = OR_p m(v, p), §4.1).

import type { Condition } from "../policy/ast.js";
import { messages, type FreeCode, type FreeSpec } from "./ambiguity.js";
import { normaliseKey, type KeyFamily, type KeyTypes } from "./key-types.js";
import { keyFamilyOf, OPERATORS } from "./operators.js";
import { conditionVariableFree } from "./variables.js";

export function conditionText(c: Condition): string {
  return JSON.stringify({ [c.operator]: { [normaliseKey(c.key)]: c.values.map((v) => v.value) } });
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

export function conditionFree(c: Condition, keyTypes: KeyTypes, variables: boolean): FreeSpec | undefined {
  const text = conditionText(c);
  const info = OPERATORS[c.base];
  const own = keyFamilyOf(info.family);
  if (own === undefined) return undefined; // Null reads presence only
  const key = keyFamily(c, keyTypes)!;
  if (key !== own) {
    return { code: "UNMODELLED_TYPE_MISMATCH", text, message: messages.typeMismatch(text, own, key) };
  }
  return variables ? conditionVariableFree(c, keyTypes, text) : undefined;
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
