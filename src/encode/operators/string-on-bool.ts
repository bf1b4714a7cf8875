// A String operator on a Bool key, on "b:<key>" (docs/semantics.md, "Key families"): the key's
// Boolean is compared in its string form, so the match is the disjunction over the two Booleans
// (b ∧ the value's pattern matches `true`) ∨ (¬b ∧ it matches `false`), each pattern match decided
// now by logic/pattern.ts matchPattern on the String operator's pattern (string.ts). Values with
// policy variables never get here (CONDITION_TYPE_MISMATCH, iam/condition.ts `comparison`).
// Mirrors eval/operators/string-on-bool.ts.

import { hasVariable, scanGlob } from "../../iam/glob.js";
import { valueVar } from "../../iam/operators.js";
import { matchPattern } from "../../logic/pattern.js";
import { and, boolVar, FALSE, not, or, TRUE } from "../../logic/ir.js";
import type { EncodeFamily } from "./family.js";
import { stringPattern } from "./string.js";

export const stringOnBoolFamily: EncodeFamily = {
  match(kind, key, p, env) {
    const tokens = scanGlob(p, env.variables);
    if (hasVariable(tokens)) throw new Error(`a String value with a policy variable on a Bool key is a free construct: \`${p}\``);
    const pattern = stringPattern(kind, tokens);
    const is = (text: string) => (matchPattern(pattern, text) ? TRUE : FALSE);
    const b = boolVar(valueVar("bool", key));
    return or(and(b, is("true")), and(not(b), is("false")));
  },
};
