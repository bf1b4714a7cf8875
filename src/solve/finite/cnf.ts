// Skeleton → CNF, by the polarity-aware Tseitin transformation (Plaisted–Greenbaum).
// Contract: `encodeSkeleton(f, sat, litOf)` adds clauses to `sat` that are satisfiable iff the
// propositional formula f is (its atoms are `bool` atoms; `litOf(name)` gives each one's SAT
// literal), and whose every model, read on the atoms, satisfies f. A subformula gets a fresh
// variable with only the implications its polarity needs (x → node where it occurs positively,
// node → x where negatively), so a DAG with shared nodes is encoded once per node.
// `polarities(f)` tells, per atom name, whether it occurs positively (1), negatively (2) or both
// (3): the class constraints in domains.ts use it the same way.

import type { Formula } from "../../logic/ir.js";
import type { SatSolver } from "./sat.js";

export const POS = 1;
export const NEG = 2;

/** Nodes of f, parents before children. */
function topoOrder(f: Formula): Formula[] {
  const post: Formula[] = [];
  const done = new Set<Formula>();
  const visit = (g: Formula): void => {
    if (done.has(g)) return;
    done.add(g);
    if (g.k === "not") visit(g.a);
    else if (g.k === "and" || g.k === "or") for (const a of g.args) visit(a);
    post.push(g);
  };
  visit(f);
  return post.reverse();
}

function nodePolarities(f: Formula): { order: Formula[]; pol: Map<Formula, number> } {
  const order = topoOrder(f);
  const pol = new Map<Formula, number>([[f, POS]]);
  for (const g of order) {
    const p = pol.get(g) ?? 0;
    const push = (c: Formula, q: number) => pol.set(c, (pol.get(c) ?? 0) | q);
    if (g.k === "not") push(g.a, ((p & POS) << 1) | ((p & NEG) >> 1));
    else if (g.k === "and" || g.k === "or") for (const a of g.args) push(a, p);
  }
  return { order, pol };
}

/** Atom name → polarity mask. */
export function polarities(f: Formula): Map<string, number> {
  const { pol } = nodePolarities(f);
  const out = new Map<string, number>();
  for (const [g, p] of pol) if (g.k === "bool") out.set(g.v, (out.get(g.v) ?? 0) | p);
  return out;
}

export function encodeSkeleton(f: Formula, sat: SatSolver, litOf: (name: string) => number): void {
  const { pol } = nodePolarities(f);
  const lits = new Map<Formula, number>();
  let trueLit = -1;
  const lit = (g: Formula): number => {
    const known = lits.get(g);
    if (known !== undefined) return known;
    let out: number;
    switch (g.k) {
      case "const":
        if (trueLit < 0) {
          trueLit = 2 * sat.newVar();
          sat.addClause([trueLit]);
        }
        out = g.v ? trueLit : trueLit ^ 1;
        break;
      case "bool":
        out = litOf(g.v);
        break;
      case "not":
        out = lit(g.a) ^ 1;
        break;
      case "and":
      case "or": {
        const args = g.args.map(lit);
        const x = 2 * sat.newVar();
        const p = pol.get(g) ?? POS | NEG;
        // For "or", x ↔ ∨args; for "and", x ↔ ∧args, i.e. ¬x ↔ ∨¬args.
        const [y, ys] = g.k === "or" ? [x, args] : [x ^ 1, args.map((a) => a ^ 1)];
        const yPol = g.k === "or" ? p : ((p & POS) << 1) | ((p & NEG) >> 1);
        if (yPol & POS) sat.addClause([y ^ 1, ...ys]); // y → ∨ys
        if (yPol & NEG) for (const a of ys) sat.addClause([y, a ^ 1]); // each → y
        out = x;
        break;
      }
      default:
        throw new Error(`skeleton atom of kind \`${g.k}\``);
    }
    lits.set(g, out);
    return out;
  };
  // The root: assert conjuncts and a top-level disjunction directly, without a fresh variable.
  const assert = (g: Formula): void => {
    if (g.k === "and") for (const a of g.args) assert(a);
    else if (g.k === "or") sat.addClause(g.args.map(lit));
    else sat.addClause([lit(g)]);
  };
  assert(f);
}

/**
 * At most one of `lits` holds: pairwise clauses for a few, else Sinz's sequential counter
 * (r_i ⟺ some literal among 0..i holds; one direction suffices), linear in size.
 */
export function atMostOne(lits: readonly number[], sat: SatSolver): void {
  if (lits.length <= 5) {
    for (let i = 0; i < lits.length; i++) for (let j = i + 1; j < lits.length; j++) sat.addClause([lits[i] ^ 1, lits[j] ^ 1]);
    return;
  }
  let prev = -1;
  for (let i = 0; i < lits.length - 1; i++) {
    const r = 2 * sat.newVar();
    sat.addClause([lits[i] ^ 1, r]);
    if (prev >= 0) {
      sat.addClause([prev ^ 1, r]);
      sat.addClause([prev ^ 1, lits[i] ^ 1]);
    }
    prev = r;
  }
  sat.addClause([prev ^ 1, lits[lits.length - 1] ^ 1]);
}
