// The literal case split: a variable that a top-level conjunct pins to a few literal values
// (check-access-not-granted's list of actions) is decided one value at a time.
// Contract: `literalSplit(f, proveUnsat)` returns a variable x and values c₁…cₙ only when the
// split is proved exact: some top-level conjunct c of f is a disjunction of literal matches on x,
// and `c ∧ ¬(x = c₁ ∨ … ∨ x = cₙ)` (every cᵢ compared case-sensitively) is proved unsatisfiable
// by `proveUnsat`. Then f ≡ ∨ᵢ (x = cᵢ ∧ f[x := cᵢ]), since f implies c; so "unsat in every
// case" is a proof for f. A case-insensitive literal matches more spellings than its text, so
// its disjunction fails the proof and is never split (a split that kept only its lower-cased
// text once gave a wrong PASS). When the side condition is not proved, there is no split.

import { literalPattern } from "../logic/pattern.js";
import { and, match, not, or, type Formula, type Vars } from "../logic/ir.js";

export interface LiteralSplit {
  v: string;
  values: string[];
}

/** More values than this copy the question too often: no split. */
const MAX_LITERAL_CASES = 100;

/** The split's candidates: the conjuncts that are disjunctions of literal matches on one variable. */
function* literalCandidates(f: Formula): Generator<LiteralSplit & { conjunct: Formula }> {
  for (const c of f.k === "and" ? f.args : [f]) {
    const atoms = c.k === "or" ? c.args : [c];
    const first = atoms[0];
    if (first?.k !== "match" || atoms.length > MAX_LITERAL_CASES) continue;
    const literal = (a: Formula) => a.k === "match" && a.v === first.v && a.p.tokens.every((t) => t.t === "lit");
    if (!atoms.every(literal)) continue;
    // The literal's own text, never its folded form: the side condition decides whether the
    // texts are all the values the conjunct allows.
    const values = atoms.map((a) => (a as Extract<Formula, { k: "match" }>).p.tokens.map((t) => (t.t === "lit" ? t.s : "")).join(""));
    yield { v: first.v, values: [...new Set(values)].sort(), conjunct: c };
  }
}

/** The side condition of a split: the conjunct allows no value of v outside `values`. */
function exhaustivenessQuery(split: LiteralSplit & { conjunct: Formula }): { formula: Formula; vars: Vars } {
  const outside = not(or(...split.values.map((value) => match(split.v, literalPattern(value)))));
  return { formula: and(split.conjunct, outside), vars: new Map([[split.v, { sort: "string" }]]) };
}

/**
 * The split of f, if one is proved exhaustive. `proveUnsat` answers whether a token-free formula
 * is unsatisfiable (true only on a proof: "unknown" is false).
 */
export async function literalSplit(
  f: Formula,
  proveUnsat: (g: Formula, vars: Vars) => Promise<boolean>,
): Promise<LiteralSplit | undefined> {
  for (const candidate of literalCandidates(f)) {
    const side = exhaustivenessQuery(candidate);
    if (await proveUnsat(side.formula, side.vars)) return { v: candidate.v, values: candidate.values };
  }
  return undefined;
}
