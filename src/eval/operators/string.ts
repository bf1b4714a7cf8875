// String operators (§3.4): StringEquals (exact, case-sensitive, `*` and `?` literal),
// StringEqualsIgnoreCase (ASCII case folding, or Unicode simple case folding: UNICODE_CASE_FOLDING), StringLike (case-sensitive glob). Under
// 2012-10-17 the escapes `${*}`, `${?}`, `${$}` are the literal characters, and each policy
// variable is substituted (§5) — its value, or its default when the key is absent, as literal
// text; a variable with neither makes the value match nothing; a key holding "" is read as the
// empty text and as absent, chosen by its EMPTY_STRING_AS_ABSENT free (EvalEnv.withEmptyReadings).
// A key holding a list is "unknown".

import { hasVariable, literalText, scanGlob, type GlobToken } from "../../iam/glob.js";
import type { MatchKind } from "../../iam/operators.js";
import { foldsBeyondAscii, UNICODE_FOLDING_SPEC, unicodeEqualsIgnoreCase } from "../../iam/unicode-fold.js";
import { foldCase } from "../../logic/pattern.js";
import { substitute, variableKeys } from "../../iam/variables.js";
import { variableValue, type EvalEnv } from "../env.js";
import type { EvalFamily } from "./family.js";
import type { Tri } from "../types.js";
import { globMatch } from "./glob-match.js";

/**
 * The value's tokens with its variables substituted from the request, the keys in `absent` read
 * as absent (EvalEnv.withEmptyReadings); "unknown" for a list.
 */
export function substituted(p: string, env: EvalEnv, absent: ReadonlySet<string>): ReturnType<typeof substitute> | "unknown" {
  const tokens = scanGlob(p, env.variables);
  let list = false;
  const out = substitute(tokens, (key) => {
    if (absent.has(key)) return undefined;
    const v = variableValue(env.request, key);
    if (typeof v !== "object") return v;
    list = true;
    return "";
  });
  return list ? "unknown" : out;
}

/** `f` of the value substituted, under each reading of `""` the variables' keys call for. */
export function onSubstituted(p: string, env: EvalEnv, f: (tokens: GlobToken[] | undefined) => Tri): Tri {
  return env.withEmptyReadings(variableKeys(scanGlob(p, env.variables)), (absent) => {
    const tokens = substituted(p, env, absent);
    return tokens === "unknown" ? "unknown" : f(tokens);
  });
}

export const stringFamily: EvalFamily<string> = {
  read: (v) => v,
  match(kind, v, p, env) {
    return onSubstituted(p, env, (tokens) => (tokens === undefined ? false : matchTokens(kind, v, p, tokens, env)));
  },
};

function matchTokens(kind: MatchKind, v: string, p: string, tokens: GlobToken[], env: EvalEnv): Tri {
  switch (kind) {
    case "equals":
      return v === literalText(tokens);
    case "equalsIgnoreCase": {
      const text = literalText(tokens);
      const narrow = foldCase(v) === foldCase(text);
      // Policy variables: ASCII folding only (docs/semantics.md, Known limits).
      if (hasVariable(scanGlob(p, env.variables)) || !foldsBeyondAscii(text)) return narrow;
      return env.free(UNICODE_FOLDING_SPEC, narrow, unicodeEqualsIgnoreCase(v, text));
    }
    case "like":
      return globMatch(tokens, v);
    default:
      throw new Error(`\`${kind}\` is not a string match`);
  }
}
