// One condition (operator, key, values) against a request (iam-semantics §3.1–§3.6, §4).
// Contract, with V = the request's values of the key (a string is one value, a list a set of
// values; missing, null or [] is the empty set, §4.1 "missing or empty"), present = V ≠ ∅ and
// M(v) = OR_p m(v, p):
//   single-valued key, plain operator (§3.3):
//     pos = present ∧ M(v)        neg = ¬present ∨ ¬M(v)        X…IfExists = ¬present ∨ X
//   set operators (§4.1), on every key:
//     ForAllValues:pos = ¬∃v∈V ¬M(v)     ForAnyValue:pos = ∃v∈V M(v)
//     ForAllValues:neg = ¬∃v∈V M(v)      ForAnyValue:neg = ∃v∈V ¬M(v)
//     ForAllValues:X…IfExists = ForAllValues:X (true on a missing key anyway);
//     ForAnyValue:X…IfExists on a missing key: FORANYVALUE_IFEXISTS_MISSING_KEY (§3.5, §10.5:
//     narrow false, wide true); on a present key ForAnyValue:X
//   plain operator on a multi-valued key (§3.6, §10.6; a single-valued key given several values
//     reads the same): PLAIN_OPERATOR_ON_MULTIVALUED_KEY, narrow false, wide pos = ∃v∈V M(v),
//     neg = ¬∃v∈V M(v), and IfExists = ¬present ∨ wide
//   Null = OR_p (p = "true" ? ¬present : present); under a set qualifier SET_OPERATOR_NULL
//     (ForAllValues: narrow plain Null, wide true; ForAnyValue: narrow false, wide plain Null)
// EMPTY_STRING_AS_ABSENT (§10.7): where it can matter (emptyStringMatters), the condition is
// read twice — with a present "" as a value, and with every "" left out of V — and the free
// chooses (EvalEnv.choose).
// The comparison is the operator family's, or a modelled type mismatch's (a String operator on a
// Bool key, iam/condition.ts `comparison`); any other type mismatch, or a variable reading a key
// that prints undocumented text, makes M itself free (iam/condition.ts comparisonFree: narrow
// false, wide true, whatever the value), under the same presence and qualifier rules. A value
// that does not parse for the comparison answers no question: a single value makes pos and neg
// both false, an element of a set is ignored (the symbolic model assumes well-typed request
// values) — except for a loose key (keyTypes.loose), whose M is then free (ILL_TYPED_VALUE).

import { messages } from "../iam/ambiguity.js";
import { comparison, comparisonFree, conditionSpec, emptyStringSpec, illTypedSpec, keyFamily, perCondition } from "../iam/condition.js";
import { scanGlob } from "../iam/glob.js";
import { UNICODE_FOLDING_SPEC, unicodeVariableSpec } from "../iam/unicode-fold.js";
import { isLoose, keySet, type KeyTypes } from "../iam/key-types.js";
import { OPERATORS } from "../iam/operators.js";
import type { Condition } from "../iam/ast.js";
import { EvalEnv } from "./env.js";
import { EVAL_FAMILIES } from "./operators/index.js";
import { nullMatch } from "./operators/null.js";
import type { Request } from "../iam/request.js";
import { contextValue } from "../iam/request.js";
import { triAnd, triNot, triOr } from "./tri.js";
import type { Tri } from "./types.js";

/**
 * M(v) = OR_p m(v, p) for one value of the key in `request`; undefined when v does not parse for
 * the family.
 */
export function valueMatches(c: Condition, value: string, request: Request, env: EvalEnv): Tri | undefined {
  void request; // policy values do not read the request yet
  const free = comparisonFree(c, env.options.keyTypes, env.variables);
  if (free) return env.free(free, false, true);
  const info = OPERATORS[c.base];
  const family = EVAL_FAMILIES[comparison(c, env.options.keyTypes, env.variables)!];
  const v = family.read(value);
  if (v === undefined) return isLoose(env.options.keyTypes, c.key) ? env.free(illTypedSpec(c), false, true) : undefined;
  const cmp = comparison(c, env.options.keyTypes, env.variables);
  return triOr(
    c.values.map((p) => {
      const m = family.match(info.match, v, p.value, env);
      // An IgnoreCase value with a variable on a single-valued key: m ∨ (UNICODE_CASE_FOLDING ∧
      // its own free), as encode/condition.ts; on a multi-valued key the ASCII reading alone.
      const spec = unicodeVariableSpec(c, p.value, cmp, env.variables);
      if (!spec || m !== false || keySet(env.options.keyTypes, c.key) !== undefined) return m;
      return triAnd([env.free(UNICODE_FOLDING_SPEC, false, true), env.free(spec, false, true)]);
    }),
  );
}

/** The request's values of the key, as a list (duplicates are harmless to ∃ and ∀). */
export function requestValues(request: Request, key: string): string[] {
  const raw = contextValue(request, key);
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

export function evaluateCondition(c: Condition, request: Request, env: EvalEnv): Tri {
  const values = requestValues(request, c.key);
  const multi = keySet(env.options.keyTypes, c.key) !== undefined || new Set(values).size > 1;
  const asValue = evaluateOn(c, values, multi, request, env);
  if (!values.includes("") || !emptyStringMatters(c, env.options.keyTypes, env.variables)) return asValue;
  const asAbsent = evaluateOn(
    c,
    values.filter((v) => v !== ""),
    multi,
    request,
    env,
  );
  return env.choose(emptyStringSpec(c), asValue, asAbsent);
}

/**
 * Whether reading a present empty string as absent can change the condition's truth (§10.7): only
 * for a string key, and only when the condition answers differently for the value `""` alone than
 * for no value — or cannot say without the request (a value that is only policy variables and
 * wildcards, a free comparison). Shared with the encoder, which adds the construct exactly where
 * this holds.
 */
export const emptyStringMatters = perCondition((c: Condition, keyTypes: KeyTypes, variables: boolean): boolean => {
  // Keys read only with Null are string keys (encode/key-types.ts).
  if ((keyFamily(c, keyTypes) ?? "string") !== "string") return false;
  // A value with a variable but no literal character may substitute to "" and match it; with
  // one, no substitution matches "", as without the request below.
  if (variables && c.values.some((v) => scanGlob(v.value, true).every((t) => t.t !== "lit" || t.s === ""))) return true;
  const env = new EvalEnv({ keyTypes }, variables, { action: "", resource: "", context: {} });
  const multi = keySet(keyTypes, c.key) !== undefined;
  const empty = evaluateOn(c, [""], multi, env.request!, env);
  const none = evaluateOn(c, [], multi, env.request!, env);
  return empty === "unknown" || none === "unknown" || empty !== none;
});

/** The condition on the request values `values` of its key (the rules above). */
function evaluateOn(c: Condition, values: string[], multi: boolean, request: Request, env: EvalEnv): Tri {
  const info = OPERATORS[c.base];
  const present = values.length > 0;

  if (info.family === "null") {
    const plain = c.values.some((p) => nullMatch(present, p.value));
    if (!c.qualifier) return plain;
    const forAll = c.qualifier === "ForAllValues";
    const s = conditionSpec("SET_OPERATOR_NULL", c, (t) => messages.setOperatorNull(t, forAll));
    return forAll ? env.free(s, plain, true) : env.free(s, false, plain);
  }

  /** ∃v∈V: M(v) (positive) or ¬M(v); values that do not parse answer neither. */
  const exists = (positive: boolean): Tri =>
    triOr(
      values.map((v) => {
        const m = valueMatches(c, v, request, env);
        return m === undefined ? false : positive ? m : triNot(m);
      }),
    );

  if (c.qualifier === "ForAllValues") return triNot(exists(info.negated));
  if (c.qualifier === "ForAnyValue") {
    const core = exists(!info.negated);
    if (!c.ifExists || present) return core;
    return env.free(conditionSpec("FORANYVALUE_IFEXISTS_MISSING_KEY", c, messages.forAnyValueIfExists), false, true);
  }
  if (multi) {
    const wide = info.negated ? triNot(exists(true)) : exists(true);
    const s = conditionSpec("PLAIN_OPERATOR_ON_MULTIVALUED_KEY", c, messages.plainOnMultiValued);
    const w = c.ifExists ? triOr([!present, wide]) : wide;
    // The narrow reading is false; a Tri wide reading (a free construct inside) stays unknown.
    if (w === "unknown") return triAnd([env.free(s, false, true), "unknown"]);
    return env.free(s, false, w);
  }

  let core: Tri;
  if (!present) core = info.negated;
  else {
    const m = valueMatches(c, values[0], request, env);
    core = m === undefined ? false : info.negated ? triNot(m) : m;
  }
  return c.ifExists ? triOr([!present, core]) : core;
}
