// Bool (§3.4): `true` / `false`, case-insensitive on both sides. A value with policy variables
// is BOOL_VARIABLE (§10.2: the operator page supports variables in Bool, the variables page and
// Access Analyzer do not): narrow = the text read literally (which is no Boolean, so it matches
// nothing), wide = the variables substituted (string.ts `substituted`), then read as a Boolean;
// with more than one variable in the value the wide reading matches anything (encode/operators/bool.ts).

import { literalText } from "../../iam/glob.js";
import { parseBool } from "../../iam/values.js";
import { boolVariableSpec } from "../../iam/variables.js";
import type { EvalFamily } from "./family.js";
import { onSubstituted } from "./string.js";
import { scanGlob } from "../../iam/glob.js";

export const boolFamily: EvalFamily<boolean> = {
  read: parseBool,
  match(_kind, v, p, env) {
    const tokens = scanGlob(p, env.variables);
    const vars = tokens.filter((t) => t.t === "var").length;
    if (vars === 0) return parseBool(p) === v;
    const narrow = parseBool(p) === v;
    if (vars > 1) return env.free(boolVariableSpec(p), narrow, true);
    return onSubstituted(p, env, (sub) => {
      const wide = sub !== undefined && parseBool(literalText(sub)) === v;
      return env.free(boolVariableSpec(p), narrow, narrow || wide);
    });
  },
};
