// The encoder's per-policy environment: free constructs and the policy's language version.
// Contract: `free(spec, narrow, wide)` is `narrow ∨ (wide ∧ free:<id>)` and registers the
// construct in ctx.frees (the mirror of eval/env.ts); `matches(m, v)` is the formula "string
// variable v matches matcher m"; a guarded pattern (policy variables, iam/variables.ts) adds its
// guards `present:<key>` / `¬present:<key>`.

import { freeConstruct, freeId, type FreeSpec, type Matcher } from "../iam/ambiguity.js";
import { freeVar, presentVar } from "../iam/operators.js";
import type { Pattern } from "../iam/pattern.js";
import type { GuardedPattern } from "../iam/variables.js";
import { and, boolVar, match, not, or, TRUE, type Formula } from "../logic/ir.js";
import type { EncodeContext } from "./types.js";

/** `v` matches `p`; a lone colon-crossing `*` matches every string, so it folds to TRUE. */
export function matchAtom(v: string, p: Pattern): Formula {
  if (p.tokens.length === 1 && p.tokens[0].t === "star" && !p.tokens[0].noColon) return TRUE;
  return match(v, p);
}

/** `v` matches a guarded pattern: its guards hold and `v` matches. */
export function guardedAtom(v: string, p: GuardedPattern): Formula {
  if (!p.guards) return matchAtom(v, p);
  const guards = p.guards.map((g) => (g.present ? boolVar(presentVar(g.key)) : not(boolVar(presentVar(g.key)))));
  return and(...guards, matchAtom(v, { tokens: p.tokens, caseInsensitive: p.caseInsensitive }));
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

  matches(m: Matcher, v: string): Formula {
    const any = (ps: Pattern[]) => or(...ps.map((p) => guardedAtom(v, p)));
    if (m.kind === "exact") return any(m.patterns);
    return this.free(m.spec, any(m.narrow), any(m.wide));
  }
}
