// Warnings about condition keys, from the catalogue (iam/condition-keys.ts); parser-independent.
// Contract: conditionKeyDiagnostics(policy) returns, in source order, located at the condition's
// key: INVALID_GLOBAL_CONDITION_KEY for an `aws:` key the catalogue does not know (modelled as
// any unknown key is: the family of its first operator); TYPE_MISMATCH for an operator whose
// family the key's catalogue type does not read as (a free construct, or our own reading where
// iam/condition.ts `comparison` models it: a String operator on a Bool key);
// FORALLVALUES_WITH_SINGLE_VALUED_KEY / FORANYVALUE_WITH_SINGLE_VALUED_KEY for a set operator on
// a key the catalogue says is single-valued (iam-semantics §4.2: on a missing key ForAllValues is
// true); MULTIVALUED_KEY_WITHOUT_SET_OPERATOR for a plain operator on a multi-valued key (§3.6).
// Null fits every key.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Condition, Policy } from "../iam/ast.js";
import { keyInfo } from "../iam/condition-keys.js";
import { keyFamilyOf, OPERATORS } from "../iam/operators.js";

function at(c: Condition, code: string, message: string): Diagnostic {
  const { line, column, offset, path } = c.loc;
  return { severity: "warning", code, message, line, column, offset, path };
}

export function conditionKeyDiagnostics(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of policy.statements) {
    for (const c of s.conditions) {
      const info = keyInfo(c.key);
      const key = `\`${c.key}\``;
      if (!info.known) {
        if (c.key.toLowerCase().startsWith("aws:")) {
          out.push(
            at(
              c,
              "INVALID_GLOBAL_CONDITION_KEY",
              `condition key ${key} is not a global condition key AWS documents; it is modelled as an unknown key`,
            ),
          );
        }
        continue;
      }
      const family = keyFamilyOf(OPERATORS[c.base].family);
      if (family !== undefined && info.families.length > 0 && !info.families.includes(family)) {
        out.push(
          at(c, "TYPE_MISMATCH", `operator \`${c.operator}\` compares ${family} values but condition key ${key} is of type ${info.type}`),
        );
      }
      if (c.qualifier && !info.multiValued) {
        const code = c.qualifier === "ForAllValues" ? "FORALLVALUES_WITH_SINGLE_VALUED_KEY" : "FORANYVALUE_WITH_SINGLE_VALUED_KEY";
        const hazard = c.qualifier === "ForAllValues" ? ", and the condition is true when the key is missing" : "";
        out.push(at(c, code, `operator \`${c.operator}\` is a set operator but condition key ${key} is single-valued${hazard}`));
      }
      if (!c.qualifier && info.multiValued && OPERATORS[c.base].family !== "null") {
        out.push(
          at(
            c,
            "MULTIVALUED_KEY_WITHOUT_SET_OPERATOR",
            `condition key ${key} is multi-valued but operator \`${c.operator}\` has no ForAllValues: or ForAnyValue: qualifier, which AWS requires`,
          ),
        );
      }
    }
  }
  return out;
}
