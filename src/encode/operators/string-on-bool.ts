// A String operator on a Bool key, on "b:<key>" (docs/semantics.md, "Key families"): the key's
// Boolean is compared in its string form, so the match is the disjunction over the two Booleans
// (b ∧ the value's pattern matches `true`) ∨ (¬b ∧ it matches `false`), each pattern match decided
// now by logic/pattern.ts matchPattern on the String operator's pattern (string.ts) — for an
// IgnoreCase value beyond ASCII folding, under both foldings (UNICODE_CASE_FOLDING). Values with
// policy variables never get here (CONDITION_TYPE_MISMATCH, iam/condition.ts `comparison`).
// Mirrors eval/operators/string-on-bool.ts.

import { hasVariable, literalText, scanGlob } from "../../iam/glob.js";
import { foldsBeyondAscii, UNICODE_FOLDING_SPEC, unicodeEqualsIgnoreCase } from "../../iam/unicode-fold.js";
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
    const ascii = (word: string) => (matchPattern(pattern, word) ? TRUE : FALSE);
    // IgnoreCase with a character beyond ASCII folding (`falſe`): UNICODE_CASE_FOLDING, narrow
    // the ASCII match, wide the Unicode simple folding one (eval/operators/string.ts).
    const text = literalText(tokens);
    const unicode = kind === "equalsIgnoreCase" && foldsBeyondAscii(text);
    const is = (word: string) =>
      unicode ? env.free(UNICODE_FOLDING_SPEC, ascii(word), unicodeEqualsIgnoreCase(word, text) ? TRUE : FALSE) : ascii(word);
    const b = boolVar(valueVar("bool", key));
    return or(and(b, is("true")), and(not(b), is("false")));
  },
};
