// The family of every condition key of a query.
// Contract: keyTypesOf(policies) maps every condition key (lower-cased) in the policies, in
// order, to the key family of the first operator other than Null used with it (String*/Arn* →
// string, Numeric* → numeric, Date* → date, IpAddress/NotIpAddress → ip, Bool → bool,
// BinaryEquals → binary); a key used only with Null is a string key. Conditions whose family
// then differs from their key's are free constructs (UNMODELLED_TYPE_MISMATCH).

import { normaliseKey, type KeyFamily, type KeyTypes } from "../iam/key-types.js";
import { keyFamilyOf, OPERATORS } from "../iam/operators.js";
import type { Policy } from "../policy/ast.js";

export function keyTypesOf(policies: Policy[]): KeyTypes {
  const conditions = policies.flatMap((p) => p.statements.flatMap((s) => s.conditions));
  const first = new Map<string, KeyFamily>();
  for (const c of conditions) {
    const key = normaliseKey(c.key);
    const family = keyFamilyOf(OPERATORS[c.base].family);
    if (family !== undefined && !first.has(key)) first.set(key, family);
  }
  // Map order = order of first mention, whatever the operator.
  const out: KeyTypes = new Map();
  for (const c of conditions) {
    const key = normaliseKey(c.key);
    if (!out.has(key)) out.set(key, first.get(key) ?? "string");
  }
  return out;
}
