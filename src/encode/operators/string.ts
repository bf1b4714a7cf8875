// String operators on "s:<key>": StringEquals as a literal pattern (`*` literal),
// StringEqualsIgnoreCase as a case-insensitive literal, StringLike as a glob. Policy variables
// (§5) are var tokens in guarded variants (iam/variables.ts): present keys are read literally,
// absent ones read their default or make the variant match nothing. IgnoreCase values with
// variables never get here (UNMODELLED_CASE_INSENSITIVE_VARIABLE). Mirrors eval/operators/string.ts.

import { literalText, literalTokens, scanGlob, toPattern, type GlobToken } from "../../iam/glob.js";
import { valueVar } from "../../iam/operators.js";
import { literalPattern, type Pattern } from "../../iam/pattern.js";
import { variants } from "../../iam/variables.js";
import { or } from "../../logic/ir.js";
import { guardedAtom } from "../env.js";
import type { EncodeFamily } from "./family.js";

const NO_COLON_BOUND = () => false;

export const stringFamily: EncodeFamily = {
  match(kind, key, p, env) {
    const v = valueVar("string", key);
    let build: (ts: GlobToken[]) => Pattern;
    switch (kind) {
      case "equals":
        build = (ts) => toPattern(literalTokens(ts), false, NO_COLON_BOUND, true);
        break;
      case "equalsIgnoreCase":
        build = (ts) => literalPattern(literalText(ts), true);
        break;
      case "like":
        build = (ts) => toPattern(ts, false, NO_COLON_BOUND, true);
        break;
      default:
        throw new Error(`\`${kind}\` is not a string match`);
    }
    const tokens = scanGlob(p, env.variables);
    return or(...variants(tokens).map((x) => guardedAtom(v, { ...build(x.tokens), guards: x.guards })));
  },
};
