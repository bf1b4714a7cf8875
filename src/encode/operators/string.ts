// String operators on "s:<key>": StringEquals as a literal pattern (`*` literal),
// StringEqualsIgnoreCase as a case-insensitive literal, StringLike as a glob. Mirrors
// eval/operators/string.ts.

import { literalText, scanGlob, toPattern } from "../../iam/glob.js";
import { valueVar } from "../../iam/operators.js";
import { literalPattern } from "../../iam/pattern.js";
import { matchAtom } from "../env.js";
import type { EncodeFamily } from "./family.js";

export const stringFamily: EncodeFamily = {
  match(kind, key, p, env) {
    const v = valueVar("string", key);
    const tokens = scanGlob(p, env.variables);
    switch (kind) {
      case "equals":
        return matchAtom(v, literalPattern(literalText(tokens)));
      case "equalsIgnoreCase":
        return matchAtom(v, literalPattern(literalText(tokens), true));
      case "like":
        return matchAtom(v, toPattern(tokens));
      default:
        throw new Error(`\`${kind}\` is not a string match`);
    }
  },
};
