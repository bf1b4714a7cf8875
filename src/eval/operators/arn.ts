// Arn operators (§3.4): ArnEquals ≡ ArnLike, component-wise and case-sensitive. Implemented here
// directly from AWS's definition — split both sides into six colon-delimited components and glob
// each — while the encoder uses colon-bounded wildcards (iam/arn.ts); the differential test holds
// the two together. A pattern with fewer than five colons is ARN_CONDITION_SHORT_PATTERN: narrow
// = the same component-wise match with as many components as the pattern has, wide = plain glob.
// A value with policy variables is substituted first (string.ts `substituted`) and then split
// at its first five colons, as AWS would read the text it substitutes (§5); a substituted text
// with fewer than five colons and a wildcard is ARN_CONDITION_SHORT_PATTERN like any other. The
// encoder reads the variables in place, split by their colon counts (iam/arn.ts).

import { arnConditionMatcher, shortArnConditionSpec } from "../../iam/arn.js";
import { countColons, hasVariable, hasWildcard, scanGlob, splitComponents, type GlobToken } from "../../iam/glob.js";
import type { EvalFamily } from "./family.js";
import { globMatch } from "./glob-match.js";
import { onSubstituted } from "./string.js";

/** Splits a value at its first `max` colons; undefined when it has fewer. */
function splitValue(v: string, max: number): string[] | undefined {
  const parts: string[] = [];
  let rest = v;
  for (let i = 0; i < max; i++) {
    const at = rest.indexOf(":");
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function componentwise(tokens: GlobToken[], v: string): boolean {
  const colons = countColons(tokens);
  const comps = splitComponents(tokens, Math.min(colons, 5));
  let values: string[] | undefined;
  if (colons >= 5) values = splitValue(v, 5);
  else {
    values = v.split(":");
    if (values.length !== comps.length) return false;
  }
  return values !== undefined && comps.every((c, i) => globMatch(c, values[i]));
}

export const arnFamily: EvalFamily<string> = {
  read: (v) => v,
  match(_kind, v, p, env) {
    const tokens = scanGlob(p, env.variables);
    if (hasVariable(tokens)) {
      return onSubstituted(p, env, (sub) => {
        if (sub === undefined) return false;
        if (countColons(sub) >= 5 || !hasWildcard(sub)) return componentwise(sub, v);
        return env.free(shortArnConditionSpec(p), componentwise(sub, v), globMatch(sub, v));
      });
    }
    const m = arnConditionMatcher(p, env.variables);
    if (m.kind === "exact") return componentwise(tokens, v);
    return env.free(m.spec, componentwise(tokens, v), globMatch(tokens, v));
  },
};
