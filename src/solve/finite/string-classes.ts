// Equivalence classes of one string variable, by product-automaton exploration.
// Contract: `stringClasses(patterns, budget)` returns every non-empty class of strings, where a
// class is a distinct acceptance vector (which of the patterns match), with a shortest witness.
// Why this is exact: the product state (the set of live NFA positions of all patterns, see
// positions.ts) after reading w determines which patterns accept w and every continuation of w;
// the alphabet classes (alphabet.ts) make the state graph finite-branching with no loss. So the
// acceptance vectors of the reachable states are exactly the non-empty classes. Breadth-first
// search over classes in readability order gives each vector its shortlex-least witness.
// Work is charged to the budget per position handled; a blow-up ends in BudgetExceeded. With
// `maxStates`, an exploration that outgrows it returns undefined: the number of classes can be
// exponential in the number of patterns (`a/*/x/*`, `a/*/y/*`, ... any subset can match), and
// the engine then decides that variable lazily instead (string-check.ts).

import type { Pattern } from "../../logic/pattern.js";
import type { Budget } from "./budget.js";
import { IntSetTable } from "./int-set-table.js";
import { ACCEPT } from "./positions.js";
import { Product } from "./product.js";

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

// The checks of one request ask many queries over the same patterns (the violation, then one
// per statement for pinpointing): the classes are computed once and remembered, bounded.
const memo = new Map<string, StringClassResult | undefined>();
const MEMO_ENTRIES = 256;

function memoKey(patterns: readonly Pattern[], maxStates: number): string {
  const token = (t: Pattern["tokens"][number]) =>
    t.t === "lit" ? "L" + JSON.stringify(t.s) : t.t === "var" ? "V" + t.v : (t.t === "char" ? "C" : "S") + (t.noColon ? "n" : "");
  return maxStates + "|" + patterns.map((p) => (p.caseInsensitive ? "i" : "s") + p.tokens.map(token).join("")).join("|");
}

export function stringClasses(patterns: readonly Pattern[], budget: Budget, maxStates = Infinity): StringClassResult | undefined {
  const key = memoKey(patterns, maxStates);
  if (memo.has(key)) return memo.get(key);
  const result = exploreClasses(patterns, budget, maxStates);
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(key, result);
  return result;
}

function exploreClasses(patterns: readonly Pattern[], budget: Budget, maxStates: number): StringClassResult | undefined {
  const product = new Product(patterns, budget);
  const { patOf, kind } = product.table;
  const reps = product.alphabet.reps;

  // States are interned in discovery order, which is the BFS queue.
  const states = new IntSetTable();
  const parent: number[] = [];
  const via: number[] = [];
  const vectors = new IntSetTable();
  const classes: StringClass[] = [];

  const witnessOf = (id: number): string => {
    const chars: string[] = [];
    for (let s = id; parent[s] >= 0; s = parent[s]) chars.push(reps[via[s]]);
    return chars.reverse().join("");
  };

  let head = -1;
  let sinkSeen = false; // the empty state, reached from most states: skip its lookups
  const discover = (cls: number, set: number[]): void => {
    if (set.length === 0) {
      if (sinkSeen) return;
      sinkSeen = true;
    }
    const id = states.intern(set);
    if (!states.isNew) return;
    parent.push(head);
    via.push(cls);
    // Positions ascend with pattern index, so `acc` is sorted.
    const acc: number[] = [];
    for (let j = 0; j < set.length; j++) if (kind[set[j]] === ACCEPT) acc.push(patOf[set[j]]);
    vectors.intern(acc);
    if (vectors.isNew) classes.push({ witness: witnessOf(id), accepts: acc });
  };

  discover(-1, product.table.initial);
  for (head = 0; head < states.size; head++) {
    if (states.size > maxStates) return undefined;
    product.expand(states.get(head), discover);
  }
  return { classes, states: states.size };
}
