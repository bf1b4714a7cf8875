// ARN-shaped patterns: the Resource element (iam-semantics §2.2) and the Arn condition
// operators (§3.4). Both split a pattern at its first five colons into six components:
// arn, partition, service, region, account, and the resource part (which keeps its colons).
// Contract:
//  - Resource: `*` alone matches everything (also the literal resource `*`). An `arn:` pattern
//    with at least five colons: wildcards in components 1–5 stop at colons, except that a `*`
//    ending one of those components is RESOURCE_SEGMENT_WILDCARD (narrow: stops at colons; wide:
//    crosses them); the resource part is one glob. An `arn:` pattern with fewer colons is
//    SHORT_ARN_PATTERN (narrow: nothing; wide: a plain glob). Anything else is a plain glob.
//    A policy variable (2012-10-17 only) is UNMODELLED_POLICY_VARIABLE (narrow: nothing; wide:
//    the plain glob with each variable as `*`). Case-sensitive throughout.
//  - Arn conditions: at least five colons: every wildcard in components 1–5 stops at colons,
//    component 6 is a free glob; fewer colons and a wildcard: ARN_CONDITION_SHORT_PATTERN
//    (narrow: every wildcard stops at colons; wide: plain glob). Variables are handled by the
//    caller (the whole condition is free).

import { exact, messages, type Matcher } from "./ambiguity.js";
import { countColons, hasVariable, hasWildcard, scanGlob, splitComponents, toPattern, type GlobToken } from "./glob.js";
import { concatPatterns, globPattern, literalPattern, type Pattern } from "./pattern.js";

const COLON = literalPattern(":");

function startsWithArn(tokens: GlobToken[]): boolean {
  return tokens[0]?.t === "lit" && tokens[0].s.startsWith("arn:");
}

function endsWithStar(comp: GlobToken[]): boolean {
  return comp[comp.length - 1]?.t === "star";
}

/**
 * Six components → one pattern. Components 1–5 get colon-bounded wildcards, except a final `*`
 * when `finalStarCrosses`; the resource part's wildcards cross colons.
 */
function componentsPattern(comps: GlobToken[][], finalStarCrosses: boolean): Pattern {
  const parts: Pattern[] = [];
  comps.forEach((comp, i) => {
    if (i > 0) parts.push(COLON);
    if (i === comps.length - 1) parts.push(toPattern(comp));
    else parts.push(toPattern(comp, false, (j) => !(finalStarCrosses && j === comp.length - 1 && comp[j].t === "star")));
  });
  return concatPatterns(parts, false);
}

export function resourceMatcher(text: string, variables: boolean): Matcher {
  const tokens = scanGlob(text, variables);
  if (hasVariable(tokens)) {
    return {
      kind: "free",
      spec: { code: "UNMODELLED_POLICY_VARIABLE", text, message: messages.resourceVariable(text) },
      narrow: [],
      wide: [toPattern(tokens)],
    };
  }
  if (tokens.length === 1 && tokens[0].t === "star") return exact(globPattern("*"));
  if (!startsWithArn(tokens)) return exact(toPattern(tokens));
  if (countColons(tokens) < 5) {
    return {
      kind: "free",
      spec: { code: "SHORT_ARN_PATTERN", text, message: messages.shortArnPattern(text) },
      narrow: [],
      wide: [toPattern(tokens)],
    };
  }
  const comps = splitComponents(tokens, 5);
  const narrow = componentsPattern(comps, false);
  if (!comps.slice(0, 5).some(endsWithStar)) return exact(narrow);
  return {
    kind: "free",
    spec: { code: "RESOURCE_SEGMENT_WILDCARD", text, message: messages.resourceSegmentWildcard(text) },
    narrow: [narrow],
    wide: [componentsPattern(comps, true)],
  };
}

/** An Arn-operator condition value without policy variables (the caller checks for them). */
export function arnConditionMatcher(text: string, variables: boolean): Matcher {
  const tokens = scanGlob(text, variables);
  if (countColons(tokens) >= 5) return exact(componentsPattern(splitComponents(tokens, 5), false));
  const allBounded = toPattern(tokens, false, () => true);
  if (!hasWildcard(tokens)) return exact(allBounded);
  return {
    kind: "free",
    spec: { code: "ARN_CONDITION_SHORT_PATTERN", text, message: messages.arnConditionShortPattern(text) },
    narrow: [allBounded],
    wide: [toPattern(tokens)],
  };
}
