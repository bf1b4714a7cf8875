// String operators (§3.4): StringEquals (exact, case-sensitive, `*` and `?` literal),
// StringEqualsIgnoreCase (ASCII case folding), StringLike (case-sensitive glob). Under
// 2012-10-17 the escapes `${*}`, `${?}`, `${$}` are the literal characters (values with other
// variables never get here: the whole condition is a free construct).

import { literalText, scanGlob } from "../../iam/glob.js";
import { foldCase } from "../../iam/pattern.js";
import type { EvalFamily } from "./family.js";
import { globRegex } from "./glob-regex.js";

export const stringFamily: EvalFamily<string> = {
  read: (v) => v,
  match(kind, v, p, env) {
    const tokens = scanGlob(p, env.variables);
    switch (kind) {
      case "equals":
        return v === literalText(tokens);
      case "equalsIgnoreCase":
        return foldCase(v) === foldCase(literalText(tokens));
      case "like":
        return globRegex(tokens).test(v);
      default:
        throw new Error(`\`${kind}\` is not a string match`);
    }
  },
};
