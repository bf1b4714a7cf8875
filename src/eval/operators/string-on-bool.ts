// A String operator on a Bool key (docs/semantics.md, "Key families"): the request value is read
// as a Bool key's value is (`true` / `false`, case-insensitive, bool.ts) and the String operator
// (string.ts) compares its string form, `true` or `false`. A request value that is no Boolean
// answers no question (family.ts). Values with policy variables never get here (they stay
// CONDITION_TYPE_MISMATCH, iam/condition.ts `comparison`). Mirrored by
// encode/operators/string-on-bool.ts.

import { parseBool } from "../../iam/values.js";
import type { EvalFamily } from "./family.js";
import { stringFamily } from "./string.js";

export const stringOnBoolFamily: EvalFamily<string> = {
  read(value) {
    const b = parseBool(value);
    return b === undefined ? undefined : String(b);
  },
  match: (kind, v, p, env) => stringFamily.match(kind, v, p, env),
};
