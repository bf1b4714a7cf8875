// Equivalence classes of one string variable, by product-automaton exploration.
// Contract: `stringClasses(patterns, budget)` returns every non-empty class of strings, where a
// class is a distinct acceptance vector (which of the patterns match), with a shortest witness.
// Why this is exact: the product state (the set of live NFA positions of all patterns, see
// positions.ts) after reading w determines which patterns accept w and every continuation of w;
// the alphabet classes (alphabet.ts) make the state graph finite-branching with no loss. So the
// acceptance vectors of the reachable states are exactly the non-empty classes. Breadth-first
// search over classes in readability order gives each vector its shortlex-least witness.
// Work is charged to the budget per position handled; a blow-up ends in BudgetExceeded.

import type { Pattern } from "../../iam/pattern.js";
import { buildAlphabet } from "./alphabet.js";
import type { Budget } from "./budget.js";
import { IntSetTable, sortInts } from "./int-set-table.js";
import { ACCEPT, ANY, compilePositions, LIT, STAR } from "./positions.js";

export interface StringClass {
  witness: string;
  /** Indexes (into the patterns given) of the patterns that match the class, ascending. */
  accepts: number[];
}

export interface StringClassResult {
  classes: StringClass[];
  /** Reachable product states explored (for benchmarks). */
  states: number;
}

export function stringClasses(patterns: readonly Pattern[], budget: Budget): StringClassResult {
  const alphabet = buildAlphabet(patterns);
  const table = compilePositions(patterns, alphabet);
  const { patOf, kind, noColon, litClasses, closure } = table;
  const A = alphabet.size;
  const colon = alphabet.colon;

  // States are plain sorted arrays of positions (typed arrays cost an off-heap allocation each,
  // and most successor sets are tiny), interned in discovery order, which is the BFS queue.
  const states = new IntSetTable();
  const parent: number[] = [];
  const via: number[] = [];
  const vectors = new IntSetTable();
  const classes: StringClass[] = [];

  // Scratch: `stamp` dedupes positions while building a successor set.
  const stamp = new Int32Array(patOf.length);
  let stampGen = 0;
  const buf: number[] = [];

  let sinkSeen = false;
  const discover = (set: number[], from: number, cls: number): void => {
    if (set.length === 0) {
      if (sinkSeen) return;
      sinkSeen = true;
    }
    const id = states.intern(set);
    if (!states.isNew) return;
    parent.push(from);
    via.push(cls);
    // Positions ascend with pattern index, so `acc` is sorted.
    const acc: number[] = [];
    for (let j = 0; j < set.length; j++) if (kind[set[j]] === ACCEPT) acc.push(patOf[set[j]]);
    vectors.intern(acc);
    if (vectors.isNew) classes.push({ witness: witnessOf(id), accepts: acc });
  };

  const witnessOf = (id: number): string => {
    const chars: string[] = [];
    for (let s = id; parent[s] >= 0; s = parent[s]) chars.push(alphabet.reps[via[s]]);
    return chars.reverse().join("");
  };

  // The closed, sorted successor set of the step targets in up to three lists (each a prefix
  // of an array; targets are positions before closure).
  const successor = (a: number[], na: number, b: number[], nb: number, c: number[], nc: number): number[] => {
    if (na + nb + nc === 0) return EMPTY;
    stampGen++;
    buf.length = 0;
    add(a, na);
    add(b, nb);
    add(c, nc);
    budget.charge(buf.length + 1);
    const out = buf.slice();
    sortInts(out);
    return out;
  };
  const add = (list: number[], n: number): void => {
    for (let j = 0; j < n; j++) {
      const cl = closure[list[j]];
      for (let k = 0; k < cl.length; k++) {
        const g = cl[k];
        if (stamp[g] !== stampGen) {
          stamp[g] = stampGen;
          buf.push(g);
        }
      }
    }
  };

  discover(table.initial, -1, -1);
  // Per class, the targets of literal steps that accept it (specLen[c] of them are live).
  const specific: number[][] = Array.from({ length: A }, () => []);
  const specLen = new Int32Array(A);
  const wildFree: number[] = [];
  const wildNoColon: number[] = [];
  for (let head = 0; head < states.size; head++) {
    const set = states.get(head);
    budget.charge(set.length + A);
    let nFree = 0;
    let nNoColon = 0;
    for (let j = 0; j < set.length; j++) {
      const g = set[j];
      switch (kind[g]) {
        case LIT: {
          const cs = litClasses[g];
          for (let k = 0; k < cs.length; k++) specific[cs[k]][specLen[cs[k]]++] = g + 1;
          break;
        }
        case ANY:
          if (noColon[g]) wildNoColon[nNoColon++] = g + 1;
          else wildFree[nFree++] = g + 1;
          break;
        case STAR:
          if (noColon[g]) wildNoColon[nNoColon++] = g;
          else wildFree[nFree++] = g;
          break;
      }
    }
    // Classes with no literal step behave alike (but ':' against noColon wildcards): compute
    // their common successor once.
    let defaultDone = false;
    let colonDefaultDone = false;
    for (let c = 0; c < A; c++) {
      const n = specLen[c];
      if (n === 0) {
        if (c === colon) {
          if (colonDefaultDone) continue;
          colonDefaultDone = true;
          discover(successor(wildFree, nFree, EMPTY, 0, EMPTY, 0), head, c);
        } else {
          if (defaultDone) continue;
          defaultDone = true;
          discover(successor(wildFree, nFree, wildNoColon, c === colon ? 0 : nNoColon, EMPTY, 0), head, c);
        }
      } else {
        discover(successor(specific[c], n, wildFree, nFree, wildNoColon, c === colon ? 0 : nNoColon), head, c);
        specLen[c] = 0;
      }
    }
  }
  return { classes, states: states.size };
}

const EMPTY: number[] = [];
