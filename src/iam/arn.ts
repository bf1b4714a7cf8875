// ARN-shaped patterns: the Resource element (iam-semantics §2.2) and the Arn condition
// operators (§3.4). Both split a pattern at its first five colons into six components:
// arn, partition, service, region, account, and the resource part (which keeps its colons).
// Contract:
//  - Resource: `*` alone matches everything (also the literal resource `*`). An `arn:` pattern
//    with at least five colons: wildcards in components 1–5 stop at colons, a `*` ending one of
//    them too (the one reading: docs/semantics.md "Resources"); a wildcard in the service
//    component (3) is RESOURCE_SERVICE_WILDCARD (narrow: the service read literally; wide: a
//    glob), which AWS forbids yet Access Analyzer treats as effective (§2.2, §10.3); the
//    resource part is one glob. A wildcard in the resource-type prefix is
//    RESOURCE_TYPE_WILDCARD (narrow: the prefix's wildcards read literally; wide: a glob; when
//    it applies: typeWildcard),
//    which AWS forbids and the reference reads literally for Deny (§2.2.4). An
//    `arn:` pattern with fewer colons is
//    SHORT_ARN_PATTERN (narrow: nothing; wide: a plain glob). Anything else is a plain glob.
//    Policy variables (2012-10-17 only, §5) are read in the resource part of an ARN pattern with
//    six components: each becomes a var token on `s:<key>`, in guarded variants by which keys are
//    present (iam/variables.ts: an absent key reads its default, or the pattern matches nothing).
//    A variable elsewhere (components 1–5, a non-ARN pattern) is RESOURCE_VARIABLE_POSITION, in
//    a short ARN pattern SHORT_ARN_PATTERN, and one reading a key the model cannot read
//    UNSUPPORTED_VARIABLE_KEY — all narrow: nothing; wide: the plain glob with each variable as
//    `*`. Case-sensitive throughout.
//  - Arn conditions: at least five colons: every wildcard in components 1–5 stops at colons,
//    component 6 is a free glob; fewer colons and a wildcard: ARN_CONDITION_SHORT_PATTERN
//    (narrow: every wildcard stops at colons; wide: plain glob). Variables are var tokens in
//    guarded variants, read literally in place; where a colon in a variable's value could move
//    a wildcard between components 1–5 and the resource part (iam/variables.ts
//    arnVariableSplits), the variants are split further by the variables' colon counts, which
//    makes the match exactly the evaluator's substitute-then-split. Keys the model cannot read
//    make the comparison free (the caller, iam/condition.ts comparisonFree).

import { exact, messages, type FreeSpec, type Matcher } from "./ambiguity.js";
import { countColons, hasVariable, hasWildcard, literalTokens, scanGlob, splitComponents, toPattern, type GlobToken } from "./glob.js";
import type { KeyTypes } from "./key-types.js";
import { concatPatterns, globPattern, literalPattern, type Pattern } from "../logic/pattern.js";
import { typedService } from "./resource-types.js";
import { arnVariableSplits, firstKeyProblem, variants, type Guard, type GuardedPattern } from "./variables.js";

const COLON = literalPattern(":");

function startsWithArn(tokens: GlobToken[]): boolean {
  return tokens[0]?.t === "lit" && tokens[0].s.startsWith("arn:");
}

/**
 * Six components → one pattern. Components 1–5 get colon-bounded wildcards, a segment-final `*`
 * included; the resource part's wildcards cross colons.
 */
function componentsPattern(comps: GlobToken[][]): Pattern {
  const parts: Pattern[] = [];
  comps.forEach((comp, i) => {
    if (i > 0) parts.push(COLON);
    parts.push(toPattern(comp, false, () => i < comps.length - 1, true));
  });
  return concatPatterns(parts, false);
}

/** One guarded pattern per variant of the tokens (iam/variables.ts). */
function guarded(tokens: GlobToken[], build: (ts: GlobToken[]) => Pattern): GuardedPattern[] {
  return variants(tokens).map((v) => (v.guards.length ? { ...build(v.tokens), guards: v.guards } : build(v.tokens)));
}

/** `keyTypes` says which keys a variable cannot read (non-string ones); absent keys are strings. */
// Matchers are immutable and asked for the same texts over and over: one per (key types,
// variables, text), kept while the key types object lives and there are not too many.
const cache = new WeakMap<KeyTypes, Map<string, Matcher>>();
const CACHE_LIMIT = 100_000;

export function resourceMatcher(text: string, variables: boolean, keyTypes: KeyTypes = new Map()): Matcher {
  let forTypes = cache.get(keyTypes);
  if (!forTypes) cache.set(keyTypes, (forTypes = new Map()));
  const key = (variables ? "v" : "-") + text;
  let m = forTypes.get(key);
  if (m) return m;
  if (forTypes.size >= CACHE_LIMIT) forTypes.clear();
  m = buildResourceMatcher(text, variables, keyTypes);
  forTypes.set(key, m);
  return m;
}

function buildResourceMatcher(text: string, variables: boolean, keyTypes: KeyTypes): Matcher {
  const tokens = scanGlob(text, variables);
  if (hasVariable(tokens)) {
    const wide = [toPattern(tokens)];
    const inResourcePart = startsWithArn(tokens) && countColons(tokens) >= 5 && !splitComponents(tokens, 5).slice(0, 5).some(hasVariable);
    if (!startsWithArn(tokens) || (countColons(tokens) >= 5 && !inResourcePart)) {
      return {
        kind: "free",
        spec: { code: "RESOURCE_VARIABLE_POSITION", text, message: messages.resourceVariablePosition(text) },
        narrow: [],
        wide,
      };
    }
    const kp = firstKeyProblem(tokens, keyTypes);
    if (kp) {
      return {
        kind: "free",
        spec: { code: "UNSUPPORTED_VARIABLE_KEY", text, message: messages.resourceVariableKey(text, kp.key, kp.problem) },
        narrow: [],
        wide,
      };
    }
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
  // Variables sit in the resource part only: splitting a variant (default text included) at its
  // first five colons splits it where it splits the tokens.
  const read = guarded(tokens, (ts) => componentsPattern(splitComponents(ts, 5)));
  if (hasWildcard(splitComponents(tokens, 5)[2])) {
    // The narrow reading takes the service's wildcards literally, the wide one as a glob.
    const literalService = (ts: GlobToken[]) => {
      const comps = splitComponents(ts, 5);
      comps[2] = literalTokens(comps[2]);
      return componentsPattern(comps);
    };
    return {
      kind: "free",
      spec: { code: "RESOURCE_SERVICE_WILDCARD", text, message: messages.resourceServiceWildcard(text) },
      narrow: guarded(tokens, literalService),
      wide: read,
    };
  }
  if (typeWildcard(tokens)) {
    return {
      kind: "free",
      spec: { code: "RESOURCE_TYPE_WILDCARD", text, message: messages.resourceTypeWildcard(text) },
      narrow: guarded(tokens, (ts) => componentsPattern(literalType(splitComponents(ts, 5)))),
      wide: read,
    };
  }
  return exact(...read);
}

/**
 * RESOURCE_TYPE_WILDCARD applies (iam-semantics §2.2.4): the service component is a service
 * whose ARNs always start their resource part with a literal type (iam/resource-types.ts), the
 * pattern's type segment (its resource part up to the first `/` or `:`, or all of it) holds a
 * wildcard, and the resource part is not exactly `*` (the whole-resource wildcard,
 * `arn:aws:iam::1:*`, which AWS's own examples use, stays exact).
 */
function typeWildcard(tokens: GlobToken[]): boolean {
  const comps = splitComponents(tokens, 5);
  const [service, resource] = [comps[2], comps[5]];
  if (resource.length === 1 && resource[0].t === "star") return false;
  if (!hasWildcard(splitType(resource)[0])) return false;
  // Last: the first look at the formats reads every file of the package.
  return service.length === 1 && service[0].t === "lit" && typedService(service[0].s);
}

/** A resource part → [its type segment, the rest from the first literal `/` or `:` on]. */
function splitType(resource: GlobToken[]): [GlobToken[], GlobToken[]] {
  for (let i = 0; i < resource.length; i++) {
    const t = resource[i];
    const at = t.t === "lit" ? t.s.search(/[/:]/) : -1;
    if (t.t !== "lit" || at < 0) continue;
    const head: GlobToken[] = at > 0 ? [...resource.slice(0, i), { t: "lit", s: t.s.slice(0, at) }] : resource.slice(0, i);
    return [head, [{ t: "lit", s: t.s.slice(at) }, ...resource.slice(i + 1)]];
  }
  return [resource, []];
}

/** Six components with the wildcards in the resource part's type segment as literal characters. */
function literalType(comps: GlobToken[][]): GlobToken[][] {
  const [type, rest] = splitType(comps[5]);
  return [...comps.slice(0, 5), [...literalTokens(type), ...rest]];
}

/**
 * An Arn-operator condition value. Variables become var tokens in guarded variants; a value
 * whose variables could move its components (iam/variables.ts arnVariableSplits) is split
 * further by their colon counts (splitVariants).
 */
export function arnConditionMatcher(text: string, variables: boolean): Matcher {
  const tokens = scanGlob(text, variables);
  if (arnVariableSplits(tokens)) return splitMatcher(text, tokens);
  if (countColons(tokens) >= 5) return exact(...guarded(tokens, (ts) => componentsPattern(splitComponents(ts, 5))));
  const allBounded = toPattern(tokens, false, () => true);
  if (!hasWildcard(tokens)) return exact(...guarded(tokens, (ts) => toPattern(ts, false, () => true, true)));
  return { kind: "free", spec: shortArnConditionSpec(text), narrow: [allBounded], wide: [toPattern(tokens)] };
}

export function shortArnConditionSpec(text: string): FreeSpec {
  return { code: "ARN_CONDITION_SHORT_PATTERN", text, message: messages.arnConditionShortPattern(text) };
}

/** A variant of an Arn value with its variables' colon counts fixed: where its colons fall. */
interface SplitVariant {
  guards: Guard[];
  tokens: GlobToken[];
  /** Colons of the substituted text before each token. */
  before: number[];
  /** Colons of the substituted text in all (5 when a variable has at least enough). */
  total: number;
}

/**
 * The variants (iam/variables.ts) of an Arn value, each split by how many colons the value of
 * each variable read before the fifth colon holds: exactly 0 … 4 − c, or at least 5 − c, where
 * c colons come before it. In each, the substituted text's first five colons sit at known places,
 * so the component-wise match (substitute, then split) is one pattern over the value with the
 * variables read in place: wildcards before the fifth colon stop at colons, later ones cross.
 * The guards' colon counts are mutually exclusive and cover every value.
 */
function splitVariants(tokens: GlobToken[]): SplitVariant[] {
  const out: SplitVariant[] = [];
  for (const v of variants(tokens)) {
    const walk = (i: number, seen: number, counts: Map<string, Guard["colons"]>, before: number[]): void => {
      if (i === v.tokens.length) {
        const guards = v.guards.map((g) => (counts.has(g.key) ? { ...g, colons: counts.get(g.key) } : g));
        out.push({ guards, tokens: v.tokens, before, total: seen });
        return;
      }
      const t = v.tokens[i];
      const at = [...before, seen];
      if (t.t === "lit") return walk(i + 1, seen + countColons([t]), counts, at);
      if (t.t !== "var" || seen >= 5) return walk(i + 1, seen, counts, at);
      const known = counts.get(t.key);
      if (known) return walk(i + 1, seen + known.count, counts, at);
      for (let k = 0; k < 5 - seen; k++) walk(i + 1, seen + k, new Map(counts).set(t.key, { count: k, atLeast: false }), at);
      walk(i + 1, 5, new Map(counts).set(t.key, { count: 5 - seen, atLeast: true }), at);
    };
    walk(0, 0, new Map(), []);
  }
  return out;
}

/**
 * An Arn value whose variables could move its components: exact, except that a variant with
 * fewer than five colons and a wildcard is ARN_CONDITION_SHORT_PATTERN as for a value without
 * variables (narrow: every wildcard stops at colons; wide: a plain glob).
 */
function splitMatcher(text: string, tokens: GlobToken[]): Matcher {
  const narrow: GuardedPattern[] = [];
  const wide: GuardedPattern[] = [];
  let short = false;
  for (const v of splitVariants(tokens)) {
    const withGuards = (p: Pattern): GuardedPattern => (v.guards.length ? { ...p, guards: v.guards } : p);
    if (v.total >= 5 || !hasWildcard(v.tokens)) {
      const p = withGuards(toPattern(v.tokens, false, (i) => v.before[i] < 5, true));
      narrow.push(p);
      wide.push(p);
    } else {
      short = true;
      narrow.push(withGuards(toPattern(v.tokens, false, () => true, true)));
      wide.push(withGuards(toPattern(v.tokens, false, () => false, true)));
    }
  }
  return short ? { kind: "free", spec: shortArnConditionSpec(text), narrow, wide } : exact(...narrow);
}
