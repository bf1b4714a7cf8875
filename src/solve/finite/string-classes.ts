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

  const ids = new Map<string, number>();
  const queue: Int32Array[] = [];
  const parent: number[] = [];
  const via: number[] = [];
  const vectors = new Map<string, number>();
  const classes: StringClass[] = [];

  // Scratch: `stamp` dedupes positions while building a successor set.
  const stamp = new Int32Array(patOf.length);
  let stampGen = 0;
  const buf: number[] = [];

  const discover = (set: Int32Array, from: number, cls: number): void => {
    const key = keyOf(set);
    if (ids.has(key)) return;
    const id = queue.length;
    ids.set(key, id);
    queue.push(set);
    parent.push(from);
    via.push(cls);
    const acc: number[] = [];
    for (let j = 0; j < set.length; j++) if (kind[set[j]] === ACCEPT) acc.push(patOf[set[j]]);
    const vkey = acc.join(",");
    if (!vectors.has(vkey)) {
      vectors.set(vkey, classes.length);
      classes.push({ witness: witnessOf(id), accepts: acc });
    }
  };

  const witnessOf = (id: number): string => {
    const chars: string[] = [];
    for (let s = id; parent[s] >= 0; s = parent[s]) chars.push(alphabet.reps[via[s]]);
    return chars.reverse().join("");
  };

  // The closed, sorted successor set of the given step targets (pre-closure positions).
  const successor = (lists: readonly (readonly number[])[]): Int32Array => {
    stampGen++;
    buf.length = 0;
    for (const list of lists) {
      for (let j = 0; j < list.length; j++) {
        const c = closure[list[j]];
        for (let k = 0; k < c.length; k++) {
          const g = c[k];
          if (stamp[g] !== stampGen) {
            stamp[g] = stampGen;
            buf.push(g);
          }
        }
      }
    }
    budget.charge(buf.length + 1);
    const out = Int32Array.from(buf);
    out.sort();
    return out;
  };

  discover(table.initial, -1, -1);
  const specific: number[][] = Array.from({ length: A }, () => []);
  const wildFree: number[] = [];
  const wildNoColon: number[] = [];
  for (let head = 0; head < queue.length; head++) {
    const set = queue[head];
    queue[head] = EMPTY; // expanded: only its key is needed from now on
    budget.charge(set.length + A);
    wildFree.length = 0;
    wildNoColon.length = 0;
    for (let j = 0; j < set.length; j++) {
      const g = set[j];
      switch (kind[g]) {
        case LIT:
          for (const c of litClasses[g]) specific[c].push(g + 1);
          break;
        case ANY:
          (noColon[g] ? wildNoColon : wildFree).push(g + 1);
          break;
        case STAR:
          (noColon[g] ? wildNoColon : wildFree).push(g);
          break;
      }
    }
    // Classes with no literal step behave alike (but ':' against noColon wildcards): compute
    // their common successor once.
    let defaultDone = false;
    let colonDefaultDone = false;
    for (let c = 0; c < A; c++) {
      const spec = specific[c];
      if (spec.length === 0) {
        if (c === colon) {
          if (colonDefaultDone) continue;
          colonDefaultDone = true;
          discover(successor([wildFree]), head, c);
        } else {
          if (defaultDone) continue;
          defaultDone = true;
          discover(successor([wildFree, wildNoColon]), head, c);
        }
      } else {
        discover(successor(c === colon ? [spec, wildFree] : [spec, wildFree, wildNoColon]), head, c);
        spec.length = 0;
      }
    }
  }
  return { classes, states: queue.length };
}

const EMPTY = new Int32Array(0);

// Two UTF-16 units per position: a compact, collision-free map key.
function keyOf(set: Int32Array): string {
  let s = "";
  for (let i = 0; i < set.length; i += 4096) {
    const chunk: number[] = [];
    for (let j = i; j < Math.min(set.length, i + 4096); j++) chunk.push(set[j] >>> 16, set[j] & 0xffff);
    s += String.fromCharCode(...chunk);
  }
  return s;
}
