// String operators (§3.4): StringEquals (exact, case-sensitive, `*` and `?` literal),
// StringEqualsIgnoreCase (ASCII case folding, or Unicode simple case folding: UNICODE_CASE_FOLDING), StringLike (case-sensitive glob). Under
// 2012-10-17 the escapes `${*}`, `${?}`, `${$}` are the literal characters, and each policy
// variable is substituted (§5) — its value, or its default when the key is absent, as literal
// text; a variable with neither makes the value match nothing. A key holding a list is "unknown".

import { hasVariable, literalText, scanGlob } from "../../iam/glob.js";
import { foldsBeyondAscii, UNICODE_FOLDING_SPEC, unicodeEqualsIgnoreCase } from "../../iam/unicode-fold.js";
import { foldCase } from "../../logic/pattern.js";
import { substitute } from "../../iam/variables.js";
import { variableValue, type EvalEnv } from "../env.js";
import type { EvalFamily } from "./family.js";
import { globMatch } from "./glob-match.js";

/** The value's tokens with its variables substituted from the request; "unknown" for a list. */
export function substituted(p: string, env: EvalEnv): ReturnType<typeof substitute> | "unknown" {
  const tokens = scanGlob(p, env.variables);
  let list = false;
  const out = substitute(tokens, (key) => {
    const v = variableValue(env.request, key);
    if (typeof v !== "object") return v;
    list = true;
    return "";
  });
  return list ? "unknown" : out;
}

export const stringFamily: EvalFamily<string> = {
  read: (v) => v,
  match(kind, v, p, env) {
    const tokens = substituted(p, env);
    if (tokens === "unknown") return "unknown";
    if (tokens === undefined) return false;
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
  },
};
