// Bool on "b:<key>". A value with policy variables is BOOL_VARIABLE: narrow FALSE (the literal
// text is no Boolean), wide = the substituted text reads as b:<key> — per variant (guards ∧ the
// text is `true` ∧ b, or `false` ∧ ¬b; the text with its one variable is `true` iff the variable
// holds the middle of `true` between the literal text around it, ignoring case); with more than
// one variable, wide = TRUE. Mirrors eval/operators/bool.ts.

import { literalText, literalTokens, scanGlob } from "../../iam/glob.js";
import { valueVar } from "../../iam/operators.js";
import { foldCase, literalPattern } from "../../logic/pattern.js";
import { parseBool } from "../../iam/values.js";
import { boolVariableSpec, variants } from "../../iam/variables.js";
import { and, boolVar, FALSE, match, not, or, TRUE, type Formula } from "../../logic/ir.js";
import type { GlobToken } from "../../iam/glob.js";
import { guardFormula } from "../env.js";
import type { EncodeFamily } from "./family.js";

/** The text of tokens (at most one variable) equals `word` ignoring ASCII case. */
function textIs(tokens: GlobToken[], word: string): Formula {
  const ts = literalTokens(tokens);
  const at = ts.findIndex((t) => t.t === "var");
  if (at < 0) return foldCase(literalText(ts)) === word ? TRUE : FALSE;
  const before = foldCase(literalText(ts.slice(0, at)));
  const after = foldCase(literalText(ts.slice(at + 1)));
  if (before.length + after.length > word.length || !word.startsWith(before) || !word.endsWith(after)) return FALSE;
  const t = ts[at] as Extract<GlobToken, { t: "var" }>;
  return match(valueVar("string", t.key), literalPattern(word.slice(before.length, word.length - after.length), true));
}

export const boolFamily: EncodeFamily = {
  match(_kind, key, p, env) {
    const tokens = scanGlob(p, env.variables);
    const vars = tokens.filter((t) => t.t === "var").length;
    const b = parseBool(p);
    const literal = b === undefined ? FALSE : b ? boolVar(valueVar("bool", key)) : not(boolVar(valueVar("bool", key)));
    if (vars === 0) return literal;
    const v = boolVar(valueVar("bool", key));
    const wide =
      vars > 1
        ? TRUE
        : or(
            ...variants(tokens).map((x) =>
              and(
                ...x.guards.map((g) => guardFormula(g, env)),
                or(and(v, textIs(x.tokens, "true")), and(not(v), textIs(x.tokens, "false"))),
              ),
            ),
          );
    return env.free(boolVariableSpec(p), literal, or(literal, wide));
  },
};
