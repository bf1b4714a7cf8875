// String operators on "s:<key>": StringEquals as a literal pattern (`*` literal),
// StringEqualsIgnoreCase as a case-insensitive literal (with a character beyond ASCII folding,
// UNICODE_CASE_FOLDING: narrow that literal, wide iam/unicode-fold.ts unicodeFoldingWide), StringLike as a glob. Policy variables
// (§5) are var tokens in guarded variants (iam/variables.ts): present keys are read literally,
// absent ones read their default or make the variant match nothing; under IgnoreCase a variable's
// value is folded with the rest (logic/pattern.ts), ASCII only: the Unicode reading of such a
// value is encode/condition.ts's (iam/unicode-fold.ts unicodeVariableSpec).
// Mirrors eval/operators/string.ts.

import { hasVariable, literalText, literalTokens, scanGlob, toPattern, type GlobToken } from "../../iam/glob.js";
import { foldsBeyondAscii, UNICODE_FOLDING_SPEC, unicodeFoldingWide } from "../../iam/unicode-fold.js";
import { valueVar, type MatchKind } from "../../iam/operators.js";
import type { Pattern } from "../../logic/pattern.js";
import { variants } from "../../iam/variables.js";
import { or } from "../../logic/ir.js";
import { guardedAtom } from "../env.js";
import type { EncodeFamily } from "./family.js";

const NO_COLON_BOUND = () => false;

/** The pattern a String operator's value (its tokens, one variant) puts on the key's value. */
export function stringPattern(kind: MatchKind, tokens: GlobToken[]): Pattern {
  switch (kind) {
    case "equals":
      return toPattern(literalTokens(tokens), false, NO_COLON_BOUND, true);
    case "equalsIgnoreCase":
      return toPattern(literalTokens(tokens), true, NO_COLON_BOUND, true);
    case "like":
      return toPattern(tokens, false, NO_COLON_BOUND, true);
    default:
      throw new Error(`\`${kind}\` is not a string match`);
  }
}

export const stringFamily: EncodeFamily = {
  match(kind, key, p, env) {
    const v = valueVar("string", key);
    const tokens = scanGlob(p, env.variables);
    const narrow = or(...variants(tokens).map((x) => guardedAtom(v, { ...stringPattern(kind, x.tokens), guards: x.guards }, env)));
    // With a variable, Unicode folding is the caller's (encode/condition.ts, unicodeVariableSpec).
    if (kind !== "equalsIgnoreCase" || hasVariable(tokens)) return narrow;
    const text = literalText(tokens);
    return foldsBeyondAscii(text) ? env.free(UNICODE_FOLDING_SPEC, narrow, unicodeFoldingWide(v, text)) : narrow;
  },
};
