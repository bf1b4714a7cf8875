// Finds where a free construct sits in the policies, so its warning points at the policy text.
// Contract: a construct's id is `<CODE>|<its text>`; the first element whose text equals — or
// else occurs in — that text gives the location, searched in the order the policies are given;
// failing both, the document start. An element's texts are its value (action, resource,
// principal, condition key or value), a principal's `<type>:<value>`, and a condition's own
// construct texts (iam/condition.ts, and the per-key ones of eval/condition.ts), which place a
// condition-level construct at its key.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { FreeConstruct } from "../iam/ambiguity.js";
import { emptyStringKeySpec } from "../iam/ambiguity.js";
import { emptyStringSpec, illTypedSpec } from "../iam/condition.js";
import { conditionText, mismatchText2008 } from "../iam/condition.js";
import { scanGlob } from "../iam/glob.js";
import { foldCase } from "../logic/pattern.js";
import { foldsBeyondAscii, UNICODE_FOLDING_TEXT } from "../iam/unicode-fold.js";
import type { Loc, Policy } from "../iam/ast.js";

function* values(policy: Policy): Iterable<{ text: string; loc: Loc }> {
  for (const s of policy.statements) {
    for (const p of s.principal?.values ?? []) {
      yield { text: p.type === "*" ? "*" : p.value, loc: p.loc };
      if (p.type !== "*") yield { text: `${p.type}:${p.value}`, loc: p.loc };
    }
    for (const a of s.action.patterns) yield { text: a.value, loc: a.loc };
    // An action construct is named by its lower-cased text (iam/action.ts).
    for (const a of s.action.patterns) yield { text: foldCase(a.value), loc: a.loc };
    for (const r of s.resource?.patterns ?? []) {
      yield { text: r.value, loc: r.loc };
      yield* variableKeyTexts(r.value, r.loc);
    }
    for (const c of s.conditions) {
      yield { text: conditionText(c), loc: c.loc };
      yield { text: mismatchText2008(c), loc: c.loc };
      // Constructs shared by a key's conditions: the first condition that reads them this way.
      yield { text: illTypedSpec(c).text, loc: c.loc };
      yield { text: emptyStringSpec(c).text, loc: c.loc };
      yield { text: c.key, loc: c.loc };
      for (const v of c.values) yield { text: v.value, loc: v.loc };
      for (const v of c.values) yield* variableKeyTexts(v.value, v.loc);
      if (c.base.endsWith("IgnoreCase"))
        for (const v of c.values) if (foldsBeyondAscii(v.value)) yield { text: UNICODE_FOLDING_TEXT, loc: v.loc };
    }
  }
}

/** The per-key construct texts of the keys a value's policy variables read (after the conditions'). */
function* variableKeyTexts(value: string, loc: Loc): Iterable<{ text: string; loc: Loc }> {
  if (!value.includes("${")) return;
  for (const t of scanGlob(value, true)) if (t.t === "var") yield { text: emptyStringKeySpec(t.key).text, loc };
}

export function locateConstruct(
  c: FreeConstruct,
  policies: Policy[],
  names: string[],
): Pick<Diagnostic, "line" | "column" | "offset" | "path" | "document"> {
  const text = c.id.slice(c.id.indexOf("|") + 1);
  for (const exact of [true, false]) {
    for (const [i, policy] of policies.entries()) {
      for (const v of values(policy)) {
        if (exact ? v.text === text : v.text.length > 1 && text.includes(v.text)) {
          return { line: v.loc.line, column: v.loc.column, offset: v.loc.offset, path: v.loc.path, document: names[i] };
        }
      }
    }
  }
  return { line: 1, column: 1, offset: 0, path: "", document: names[0] };
}

/** The warning a FAIL carries when it holds only under one reading of an ambiguity. */
export function ambiguityWarning(c: FreeConstruct, policies: Policy[], names: string[]): Diagnostic {
  return {
    severity: "warning",
    code: c.code,
    message: `this FAIL holds only under one reading of a point AWS's documentation leaves open: ${c.message}`,
    ...locateConstruct(c, policies, names),
  };
}
