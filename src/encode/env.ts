// The encoder's per-policy environment: free constructs and the policy's language version.
// Contract: `free(spec, narrow, wide)` is `narrow ∨ (wide ∧ free:<id>)` and registers the
// construct in ctx.frees (the mirror of eval/env.ts); `choose(spec, first, second)` is
// `(¬free:<id> ∧ first) ∨ (free:<id> ∧ second)`; `matches(m, v)` is the formula "string
// variable v matches matcher m"; a guarded pattern (policy variables, iam/variables.ts) adds its
// guards — the key's presence, where a present `""` is absent when the key's one
// EMPTY_STRING_AS_ABSENT free says so (`present:<key> ∧ ¬(free ∧ s:<key> = "")`, or its
// negation), the reading the key's conditions use — and a colon count as a match of `s:<key>` against
// `[^:]*(:[^:]*){n}` (its last `*` crossing colons for "at least n").

import { emptyStringKeySpec, freeConstruct, freeId, type FreeSpec, type Matcher } from "../iam/ambiguity.js";
import { freeVar, presentVar, valueVar } from "../iam/operators.js";
import { concatPatterns, literalPattern, type Pattern, type Token } from "../logic/pattern.js";
import type { Guard, GuardedPattern } from "../iam/variables.js";
import { and, boolVar, FALSE, match, not, or, TRUE, type Formula } from "../logic/ir.js";
import type { EncodeContext } from "./types.js";

/** `v` matches `p`; a lone colon-crossing `*` matches every string, so it folds to TRUE. */
export function matchAtom(v: string, p: Pattern): Formula {
  if (p.tokens.length === 1 && p.tokens[0].t === "star" && !p.tokens[0].noColon) return TRUE;
  return match(v, p);
}

/** Any text with exactly `count` colons (at least `count`, when `atLeast`). */
function colonTokens(colons: NonNullable<Guard["colons"]>): Token[] {
  const tokens: Token[] = [{ t: "star", noColon: true }];
  for (let i = 0; i < colons.count; i++)
    tokens.push({ t: "lit", s: ":" }, { t: "star", noColon: !(colons.atLeast && i === colons.count - 1) });
  return tokens;
}

/**
 * A present `""` of the key read as absent (EMPTY_STRING_AS_ABSENT, §10.7): the key's one free —
 * the same its conditions choose with — and its value `""`.
 */
export function emptyReadAsAbsent(key: string, env: EncodeEnv): Formula {
  return and(env.free(emptyStringKeySpec(key), FALSE, TRUE), match(valueVar("string", key), literalPattern("")));
}

/**
 * A guard as a formula: the key's presence — a present `""` counts as absent when the key's
 * EMPTY_STRING_AS_ABSENT free says so — and a present value's colon count.
 */
export function guardFormula(g: Guard, env: EncodeEnv): Formula {
  const present = and(boolVar(presentVar(g.key)), not(emptyReadAsAbsent(g.key, env)));
  if (!g.present) return not(present);
  if (!g.colons) return present;
  return and(present, matchAtom(valueVar("string", g.key), { tokens: colonTokens(g.colons), caseInsensitive: false }));
}

/**
 * `v` matches a guarded pattern: its guards hold and `v` matches. With colon counts in the
 * guards, the match is also stated with each counted variable read as any text of its count
 * (and the others as `*`): implied, so exact, and free of var tokens, so the exact engine's
 * abstraction (solve/var-tokens.ts) sees where the ARN components fall.
 */
export function guardedAtom(v: string, p: GuardedPattern, env: EncodeEnv): Formula {
  if (!p.guards) return matchAtom(v, p);
  const atom = matchAtom(v, { tokens: p.tokens, caseInsensitive: p.caseInsensitive });
  const counted = new Map(p.guards.flatMap((g) => (g.colons ? [[valueVar("string", g.key), g.colons] as const] : [])));
  if (counted.size === 0) return and(...p.guards.map((g) => guardFormula(g, env)), atom);
  const shape = p.tokens.flatMap((t): Token[] =>
    t.t !== "var" ? [t] : counted.has(t.v) ? colonTokens(counted.get(t.v)!) : [{ t: "star", noColon: false }],
  );
  return and(
    ...p.guards.map((g) => guardFormula(g, env)),
    atom,
    matchAtom(v, concatPatterns([{ tokens: shape, caseInsensitive: p.caseInsensitive }], p.caseInsensitive)),
  );
}

export class EncodeEnv {
  constructor(
    readonly ctx: EncodeContext,
    /** Policy variables are recognised (Version 2012-10-17). */
    readonly variables: boolean,
  ) {}

  free(spec: FreeSpec, narrow: Formula, wide: Formula): Formula {
    const c = freeConstruct(spec);
    if (!this.ctx.frees.has(c.id)) this.ctx.frees.set(c.id, c);
    return or(narrow, and(wide, boolVar(freeVar(freeId(spec)))));
  }

  /** A construct whose wide reading is not modelled: registered, so that no PASS rests on it. */
  onlyNarrow(spec: FreeSpec): void {
    const c = freeConstruct(spec);
    if (!this.ctx.frees.has(c.id)) this.ctx.frees.set(c.id, { ...c, onlyNarrow: true });
  }

  /** A free construct with two unordered readings: `first` when free:<id> is false, else `second`. */
  choose(spec: FreeSpec, first: Formula, second: Formula): Formula {
    const f = this.free(spec, FALSE, TRUE);
    return or(and(not(f), first), and(f, second));
  }

  matches(m: Matcher, v: string): Formula {
    const any = (ps: Pattern[]) => or(...ps.map((p) => guardedAtom(v, p, this)));
    if (m.kind === "exact") return any(m.patterns);
    return this.free(m.spec, any(m.narrow), any(m.wide));
  }
}
