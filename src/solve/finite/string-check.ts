// Lazy membership check for one string variable: is there a string that matches these patterns
// and none of those?
// Contract: `findString(constraints, budget)` returns `{ witness }`, a string w with
// matchPattern(p, w) === match for every constraint {p, match} (short and readable: the search
// is breadth-first over readability-ordered characters between settled must-match patterns),
// or `{ core }`, the indexes of a subset of the constraints that no string satisfies (a proof of
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

import { foldCase, matchPattern, patternsIntersect, patternWithin, type Pattern } from "../../logic/pattern.js";
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
  // Literal prefixes settle most constraints without an automaton: two must-match patterns with
  // clashing prefixes are a core by themselves, and a must-not pattern whose prefix clashes with
  // a must-match one can never match a witness, so it is left out (it is never in a core).
  // The same holds for whole patterns, at a higher price paid only for pairs that survive the
  // prefixes: two must-match patterns sharing no value are a core; a must-match pattern whose
  // every value a must-not one matches is a core with it; a must-not pattern sharing no value
  // with a must-match one is left out.
  const prefixes = constraints.map((c) => literalPrefix(c.p));
  const kept: number[] = [];
  for (let i = 0; i < constraints.length; i++) {
    if (constraints[i].match) {
      for (const j of kept) if (constraints[j].match && clash(prefixes[i], prefixes[j])) return { core: [j, i] };
      kept.push(i);
    }
  }
  // Pairwise tests cost up to |p| × |q| each and are not charged as steps: the clock is read.
  for (const i of kept) {
    budget.checkClock();
    for (const j of kept) if (j < i && !patternsIntersect(constraints[j].p, constraints[i].p)) return { core: [j, i] };
  }
  const musts = [...kept];
  for (let i = 0; i < constraints.length; i++) {
    if (constraints[i].match) continue;
    const q = constraints[i].p;
    budget.checkClock();
    if (musts.some((m) => clash(prefixes[m], prefixes[i]) || !patternsIntersect(constraints[m].p, q))) continue;
    const within = musts.find((m) => patternWithin(constraints[m].p, q));
    if (within !== undefined) return { core: within < i ? [within, i] : [i, within] };
    kept.push(i);
  }
  kept.sort((a, b) => a - b);
  budget.charge(constraints.length);
  const guess = guessWitness(kept.map((i) => constraints[i]));
  if (guess !== undefined) return { witness: guess };
  const r = search(
    kept.map((i) => constraints[i]),
    budget,
  );
  return r.core ? { core: r.core.map((k) => kept[k]) } : r;
}

/**
 * A cheap try before the product search, which many star-heavy must-not patterns make slow:
 * instances of the must-match patterns (or plain strings when there are none), each wildcard
 * filled the same way, checked against every constraint.
 */
function guessWitness(constraints: readonly Constraint[]): string | undefined {
  const musts = constraints.filter((c) => c.match).map((c) => c.p);
  const candidates = musts.length === 0 ? ["", ...FILLERS] : musts.flatMap((p) => FILLERS.map((f) => instance(p, f)));
  return candidates.find((w) => constraints.every((c) => matchPattern(c.p, w) === c.match));
}

// Shortest first, as the search would prefer them.
const FILLERS = ["", "a", "x", "example", "x1/y", "a:b"];

function instance(p: Pattern, filler: string): string {
  const text = (s: string) => (p.caseInsensitive ? foldCase(s) : s);
  return p.tokens
    .map((t) => (t.t === "lit" ? text(t.s) : t.t === "char" ? "a" : t.t === "star" ? (t.noColon ? filler.replace(/:/g, "") : filler) : ""))
    .join("");
}

/** Per character of the pattern's leading literal: the character, folded if case-insensitive. */
function literalPrefix(p: Pattern): { chars: string[]; ci: boolean } {
  const chars: string[] = [];
  for (const t of p.tokens) {
    if (t.t !== "lit") break;
    for (const ch of p.caseInsensitive ? foldCase(t.s) : t.s) chars.push(ch);
  }
  return { chars, ci: p.caseInsensitive };
}

/** Can no string start with both prefixes? */
function clash(a: { chars: string[]; ci: boolean }, b: { chars: string[]; ci: boolean }): boolean {
  const n = Math.min(a.chars.length, b.chars.length);
  for (let i = 0; i < n; i++) {
    const x = a.chars[i];
    const y = b.chars[i];
    // A case-insensitive character stands for both ASCII cases of its folded form.
    const same = a.ci || b.ci ? foldCase(x) === foldCase(y) : x === y;
    if (!same) return true;
  }
  return false;
}

function search(constraints: readonly Constraint[], budget: Budget): CheckResult {
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
  // Best-first: states with fewer must-match patterns still open go first (first in, first out
  // among equals, so breadth-first while no progress is made). Plain breadth-first would wander
  // through every subset of the must-match patterns a prefix has already satisfied.
  const buckets: number[][] = Array.from({ length: n + 1 }, () => []);
  const heads = new Int32Array(n + 1);
  const openMusts = (set: readonly number[]): number => {
    let k = 0;
    for (let j = 0; j < set.length; j++) if ((j === 0 || patOf[set[j - 1]] !== patOf[set[j]]) && must[patOf[set[j]]]) k++;
    return k;
  };
  const push = (set: number[], from: number, cls: number): void => {
    const id = states.intern(set);
    if (!states.isNew) return;
    parent.push(from);
    via.push(cls);
    buckets[openMusts(set)].push(id);
  };
  const root = settle(
    product.table.initial,
    Array.from({ length: n }, (_, i) => i),
  );
  if (!root) return { core: [...core] };
  push(root, -1, -1);

  for (;;) {
    let b = 0;
    while (b <= n && heads[b] === buckets[b].length) b++;
    if (b > n) break;
    const head = buckets[b][heads[b]++];
    const set = states.get(head);
    // A witness ends here if every undecided must-match pattern accepts and no must-not does.
    const failing: number[] = [];
    for (let j = 0; j < set.length;) {
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
      if (next) push(next, head, cls);
    });
  }
  return { core: [...core].sort((a, b) => a - b) };
}

/**
 * Shrinks an unsatisfiable core by deletion: drops each member whose removal keeps the rest
 * unsatisfiable (taking the smaller core the check returns). At most `maxChecks` checks.
 */
export function minimiseCore(constraints: readonly Constraint[], core: number[], budget: Budget, maxChecks = 16): number[] {
  let current = [...core];
  let checks = 0;
  for (let k = 0; k < current.length && current.length > 1 && checks < maxChecks;) {
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
