// The family of every condition key of a query, and its multi-valued keys.
// Contract: keyTypesOf(policies) maps every condition key (lower-cased) in the policies, in
// order of first mention, to its family: a key the catalogue knows (iam/condition-keys.ts) has
// the catalogue's family — or another its non-Null operators use when the catalogue allows that
// one too (`aws:EpochTime` with Numeric operators); an unknown key has a family its operators
// other than Null use (String*/Arn* → string, Numeric* → numeric, Date* → date,
// IpAddress/NotIpAddress → ip, Bool → bool, BinaryEquals → binary), or string if it has none.
// Of several, the first of numeric, date, ip, bool, binary, string: never the order of the
// statements, which does not change a policy's meaning.
// Conditions whose family then differs from their key's are free constructs
// (CONDITION_TYPE_MISMATCH) unless iam/condition.ts `comparison` models them (a String operator
// on a Bool key); those ask their questions of a multi-valued key like any modelled condition.
// `sets` lists the multi-valued keys (§4.1): those the catalogue types ArrayOf…, and unknown keys
// some condition of the query reads with ForAllValues:/ForAnyValue: (reading an unknown key as
// multi-valued only widens the request universe). For each, the distinct questions ∃v∈V ±M(v)
// its modelled non-Null conditions ask (iam/condition.ts setQuestion), over every policy of the
// query, and elements = max(1, #questions): one witness per true question represents every real
// V exactly, and a present key whose values answer no question needs one element.

import { comparisonFree, questionId, setQuestion } from "../iam/condition.js";
import { emptyStringMatters } from "../eval/condition.js";
import { keyInfo } from "../iam/condition-keys.js";
import { normaliseKey, type KeyFamily, type KeySet, type KeyTypes, type SetQuestion } from "../iam/key-types.js";
import { keyFamilyOf, OPERATORS } from "../iam/operators.js";
import { policyVariableKeys } from "../iam/variables.js";
import { variablesEnabled, type Condition, type Policy } from "../iam/ast.js";

/** Which operator family types a key read with several (typed families first). */
const FAMILY_PRECEDENCE: KeyFamily[] = ["numeric", "date", "ip", "bool", "binary", "string"];

export function keyTypesOf(policies: Policy[]): KeyTypes {
  const conditions: { c: Condition; variables: boolean }[] = policies.flatMap((p) =>
    p.statements.flatMap((s) => s.conditions.map((c) => ({ c, variables: variablesEnabled(p) }))),
  );
  // The families each key's non-Null operators read it as.
  const used = new Map<string, Set<KeyFamily>>();
  for (const { c } of conditions) {
    const key = normaliseKey(c.key);
    const family = keyFamilyOf(OPERATORS[c.base].family);
    if (family !== undefined) used.set(key, (used.get(key) ?? new Set()).add(family));
  }
  // Map order = order of first mention, whatever the operator.
  const out: KeyTypes = new Map();
  for (const { c } of conditions) {
    const key = normaliseKey(c.key);
    if (out.has(key)) continue;
    const info = keyInfo(key);
    // Of the families the operators use (and the catalogue allows), the first in a fixed order,
    // so that neither statement order nor which policy says it first changes the key's type.
    const fits = (f: KeyFamily) => used.get(key)?.has(f) && (info.family === undefined || info.families.includes(f));
    const own = FAMILY_PRECEDENCE.find(fits);
    out.set(key, own ?? info.family ?? "string");
  }
  // Keys read only by policy variables are string keys (iam/variables.ts).
  for (const key of policyVariableKeys(policies)) if (!out.has(key)) out.set(key, "string");

  const multi = new Set<string>();
  for (const { c } of conditions) {
    const key = normaliseKey(c.key);
    const info = keyInfo(key);
    if (info.known ? info.multiValued : c.qualifier !== undefined) multi.add(key);
  }
  const sets = new Map<string, KeySet>();
  const seen = new Map<string, Set<string>>();
  for (const key of multi) {
    sets.set(key, { elements: 1, questions: [] });
    seen.set(key, new Set());
  }
  for (const { c, variables } of conditions) {
    const key = normaliseKey(c.key);
    const set = sets.get(key);
    // A free comparison reads no value (M is one Boolean per request), so it asks no question.
    if (!set || OPERATORS[c.base].family === "null" || comparisonFree(c, out, variables)) continue;
    const positive = setQuestion(c);
    const id = questionId(c, variables, positive);
    if (seen.get(key)!.has(id)) continue;
    seen.get(key)!.add(id);
    const q: SetQuestion = { condition: c, variables, positive };
    set.questions.push(q);
    set.elements = Math.max(1, set.questions.length);
  }
  out.sets = sets;
  // Binary values are any text already (undecodable base64 is kept as is); strings are text.
  const typedFamilies = new Set<KeyFamily>(["numeric", "date", "ip", "bool"]);
  out.loose = new Set([...out].filter(([key, family]) => typedFamilies.has(family) && !keyInfo(key).known).map(([key]) => key));
  // A condition that may read "" as absent (EMPTY_STRING_AS_ABSENT) asks its questions of V
  // without "" too, and whether that is empty: one more element, for a value that is not "".
  for (const { c, variables } of conditions) {
    const set = sets.get(normaliseKey(c.key));
    if (set && !set.spare && emptyStringMatters(c, out, variables)) {
      set.spare = true;
      set.elements += 1;
    }
  }
  return out;
}
