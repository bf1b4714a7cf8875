// Class constraints: each variable is in exactly one class, and each atom is true exactly on its
// true classes.
// Contract: `encodeDomain(info, atoms, sat, litOf, polarity)` adds those clauses for one string
// or ordered variable and returns a decoder from a SAT model to the chosen class index.
// Only the direction an atom's polarity needs is encoded (as in cnf.ts): an atom that occurs
// only positively needs "atom → its class is a true class", only negatively "its class is a
// true class → atom". Flipping such an atom to its class's value keeps the skeleton true, and
// the model is rebuilt from the classes alone, so nothing is lost.
// - String variables: one selector per class, exactly one selected (a sequential counter for
//   at-most-one); an atom links to the selectors of its true classes, or of its false ones when
//   those are fewer.
// - Ordered variables: classes are ordered on the line and every atom's true classes are
//   contiguous, so the order encoding y_j ⟺ "class ≤ j" (y_j → y_{j+1}) is linear in size, and
//   an atom is (class ≥ lo) ∧ (class ≤ hi).

import type { AtomInfo, OrderedVarInfo, StringVarInfo } from "./abstraction.js";
import { atMostOne, NEG, POS } from "./cnf.js";
import type { SatSolver } from "./sat.js";

export type Decoder = (sat: SatSolver) => number;

export function encodeDomain(
  info: StringVarInfo | OrderedVarInfo,
  atoms: readonly AtomInfo[],
  sat: SatSolver,
  litOf: (name: string) => number,
  polarity: (name: string) => number,
): Decoder {
  return info.kind === "string"
    ? encodeString(info.classes.length, atoms, sat, litOf, polarity)
    : encodeOrdered(info.classes.length, atoms, sat, litOf, polarity);
}

function encodeString(
  n: number,
  atoms: readonly AtomInfo[],
  sat: SatSolver,
  litOf: (name: string) => number,
  polarity: (name: string) => number,
): Decoder {
  const sel = Array.from({ length: n }, () => 2 * sat.newVar());
  // Deciding a selector true picks a whole class at once (the at-most-one propagates the rest);
  // deciding selectors false would rule classes out one at a time, and a conflict would then
  // learn a clause with a literal per ruled-out class.
  for (const s of sel) sat.preferTrue(s >> 1);
  sat.addClause(sel);
  atMostOne(sel, sat);
  for (const atom of atoms) {
    const a = litOf(atom.name);
    const p = polarity(atom.name);
    const on = atom.trueClasses.map((c) => sel[c]);
    const few = on.length <= n - on.length;
    const off = few ? [] : complement(atom.trueClasses, n).map((c) => sel[c]);
    if (p & POS) {
      // a → selected class is on: one clause over the on-selectors, or a ban per off-selector.
      if (few) sat.addClause([a ^ 1, ...on]);
      else for (const s of off) sat.addClause([a ^ 1, s ^ 1]);
    }
    if (p & NEG) {
      // selected class is on → a.
      if (few) for (const s of on) sat.addClause([s ^ 1, a]);
      else sat.addClause([a, ...off]);
    }
  }
  return (s) => {
    for (let c = 0; c < n; c++) if (s.value(sel[c] >> 1)) return c;
    throw new Error("no class selected");
  };
}

/** The indexes in 0..n-1 missing from an ascending list. */
function complement(sorted: readonly number[], n: number): number[] {
  const out: number[] = [];
  let k = 0;
  for (let c = 0; c < n; c++) {
    if (k < sorted.length && sorted[k] === c) k++;
    else out.push(c);
  }
  return out;
}

function encodeOrdered(
  n: number,
  atoms: readonly AtomInfo[],
  sat: SatSolver,
  litOf: (name: string) => number,
  polarity: (name: string) => number,
): Decoder {
  // y[j] ⟺ class ≤ j, for j < n - 1 (class ≤ n - 1 always holds).
  const y = Array.from({ length: n - 1 }, () => 2 * sat.newVar());
  for (let j = 0; j + 1 < y.length; j++) sat.addClause([y[j] ^ 1, y[j + 1]]);
  for (const atom of atoms) {
    const on = atom.trueClasses;
    const lo = on[0];
    const hi = on[on.length - 1];
    // INVARIANT: a cmp atom's true classes are contiguous (ordered-classes.ts).
    if (hi - lo + 1 !== on.length) throw new Error(`atom on \`${atom.varName}\` is true on non-contiguous classes`);
    const conds: number[] = []; // literals whose conjunction is the atom
    if (lo > 0) conds.push(y[lo - 1] ^ 1);
    if (hi < n - 1) conds.push(y[hi]);
    const a = litOf(atom.name);
    const p = polarity(atom.name);
    if (p & POS) for (const c of conds) sat.addClause([a ^ 1, c]);
    if (p & NEG) sat.addClause([a, ...conds.map((c) => c ^ 1)]);
  }
  return (s) => {
    for (let j = 0; j < y.length; j++) if (s.value(y[j] >> 1)) return j;
    return n - 1;
  };
}
