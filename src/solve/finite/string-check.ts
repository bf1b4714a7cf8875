// Lazy membership check for one string variable: is there a string that matches these patterns
// and none of those?
// Contract: `findString(constraints, budget)` returns `{ witness }`, a shortest (then most
// readable) string w with matchPattern(p, w) === match for every constraint {p, match}, or
// `{ core }`, the indexes of a subset of the constraints that no string satisfies (a proof of
// unsatisfiability the engine turns into a learnt clause). The core is small but not always
// minimal: `minimiseCore` shrinks it by deletion.
// Method: the product automaton of the constraint patterns (product.ts), pruned as it goes: a
// pattern whose outcome is settled for every continuation leaves the state (a must-match one
// that reached its trailing free `*`, a must-not one with no live position), and a state where a
// constraint is already lost (a must-match pattern with no live position, a must-not one at its
// trailing free `*`) is cut, its loser recorded. Why the recorded losers form a core: every
// string either passes through a cut state (then it loses that state's constraint) or ends in an
// explored state that is not a witness (then it loses the constraint recorded there).
// Pruning is what makes this cheap where enumerating classes is not: must-not patterns never
// accumulate into the 2^n subsets of patterns a string can match at once.

import type { Pattern } from "../../iam/pattern.js";
import type { Budget } from "./budget.js";
import { IntSetTable } from "./int-set-table.js";
import { ACCEPT, STAR } from "./positions.js";
import { Product } from "./product.js";

export interface Constraint {
  p: Pattern;
  match: boolean;
}

export type CheckResult = { witness: string; core?: undefined } | { core: number[]; witness?: undefined };

export function findString(constraints: readonly Constraint[], budget: Budget): CheckResult {
  const product = new Product(
    constraints.map((c) => c.p),
    budget,
  );
  const { patOf, kind, noColon } = product.table;
  const n = constraints.length;
  const acceptAt = new Int32Array(n);
  const universalAt = new Int32Array(n).fill(-1);
  for (let g = 0; g < kind.length; g++) {
    if (kind[g] !== ACCEPT) continue;
    const i = patOf[g];
    acceptAt[i] = g;
    if (g > 0 && patOf[g - 1] === i && kind[g - 1] === STAR && !noColon[g - 1]) universalAt[i] = g - 1;
  }
  const must = constraints.map((c) => c.match);
  const core = new Set<number>();
  const lose = (candidates: number[]): void => {
    // Prefer a loser already in the core: the core stays small.
    for (const i of candidates) if (core.has(i)) return;
    core.add(candidates[0]);
  };

  // Settles patterns in a raw successor: returns the filtered state, or undefined when some
  // constraint is lost for every continuation. `alive` lists the patterns undecided before.
  const losers: number[] = [];
  const settle = (raw: number[], alive: readonly number[]): number[] | undefined => {
    losers.length = 0;
    const out: number[] = [];
    let j = 0;
    for (const i of alive) {
      const start = j;
      let universal = false;
      while (j < raw.length && patOf[raw[j]] === i) {
        if (raw[j] === universalAt[i]) universal = true;
        j++;
      }
      const empty = j === start;
      if (must[i] ? empty : universal) losers.push(i);
      else if (!(must[i] ? universal : empty)) for (let k = start; k < j; k++) out.push(raw[k]);
    }
    if (losers.length > 0) {
      lose(losers);
      return undefined;
    }
    return out;
  };
  const aliveOf = (set: readonly number[]): number[] => {
    const out: number[] = [];
    for (const g of set) if (out.length === 0 || out[out.length - 1] !== patOf[g]) out.push(patOf[g]);
    return out;
  };

  const states = new IntSetTable();
  const parent: number[] = [];
  const via: number[] = [];
  const all = Array.from({ length: n }, (_, i) => i);
  const root = settle(product.table.initial, all);
  if (!root) return { core: [...core] };
  states.intern(root);
  parent.push(-1);
  via.push(-1);

  for (let head = 0; head < states.size; head++) {
    const set = states.get(head);
    // A witness ends here if every undecided must-match pattern accepts and no must-not does.
    const failing: number[] = [];
    for (let j = 0; j < set.length; ) {
      const i = patOf[set[j]];
      let accepts = false;
      for (; j < set.length && patOf[set[j]] === i; j++) if (set[j] === acceptAt[i]) accepts = true;
      if (must[i] !== accepts) failing.push(i);
    }
    if (failing.length === 0) {
      const chars: string[] = [];
      for (let s = head; parent[s] >= 0; s = parent[s]) chars.push(product.alphabet.reps[via[s]]);
      return { witness: chars.reverse().join("") };
    }
    lose(failing);
    const alive = aliveOf(set);
    product.expand(set, (cls, raw) => {
      const next = settle(raw, alive);
      if (!next) return;
      states.intern(next);
      if (!states.isNew) return;
      parent.push(head);
      via.push(cls);
    });
  }
  return { core: [...core].sort((a, b) => a - b) };
}

/**
 * Shrinks an unsatisfiable core by deletion: drops each member whose removal keeps the rest
 * unsatisfiable (taking the smaller core the check returns). At most `maxChecks` checks.
 */
export function minimiseCore(
  constraints: readonly Constraint[],
  core: number[],
  budget: Budget,
  maxChecks = 16,
): number[] {
  let current = [...core];
  let checks = 0;
  for (let k = 0; k < current.length && current.length > 1 && checks < maxChecks; ) {
    const trial = current.filter((_, m) => m !== k);
    checks++;
    const r = findString(
      trial.map((i) => constraints[i]),
      budget,
    );
    if (r.core) current = r.core.map((m) => trial[m]);
    else k++;
  }
  return current;
}
