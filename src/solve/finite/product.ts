// One step of the product automaton of many glob patterns, shared by the class enumeration
// (string-classes.ts) and the lazy membership check (string-check.ts).
// Contract: a product state is a sorted array of global NFA positions (positions.ts), closed
// under star-skipping. `Product.expand(set, visit)` calls `visit(class, successor)` for every
// alphabet class in id order (the readability order of alphabet.ts), except that classes with
// the same successor as an earlier class in the same call are skipped: classes no literal step
// accepts share one successor (one for ':' and one for the rest). Successor arrays are fresh,
// sorted and duplicate-free.

import type { Pattern } from "../../logic/pattern.js";
import { buildAlphabet, type Alphabet } from "./alphabet.js";
import type { Budget } from "./budget.js";
import { sortInts } from "./int-set-table.js";
import { ANY, compilePositions, LIT, STAR, type PositionTable } from "./positions.js";

const EMPTY: number[] = [];

export class Product {
  readonly alphabet: Alphabet;
  readonly table: PositionTable;
  private readonly stamp: Int32Array;
  private stampGen = 0;
  private readonly buf: number[] = [];
  private readonly specific: number[][];
  private readonly specLen: Int32Array;
  private readonly wildFree: number[] = [];
  private readonly wildNoColon: number[] = [];

  constructor(
    patterns: readonly Pattern[],
    private readonly budget: Budget,
  ) {
    this.alphabet = buildAlphabet(patterns);
    this.table = compilePositions(patterns, this.alphabet);
    this.stamp = new Int32Array(this.table.patOf.length);
    this.specific = Array.from({ length: this.alphabet.size }, () => []);
    this.specLen = new Int32Array(this.alphabet.size);
  }

  expand(set: readonly number[], visit: (cls: number, next: number[]) => void): void {
    const { kind, noColon, litClasses } = this.table;
    const { specific, specLen, wildFree, wildNoColon } = this;
    const A = this.alphabet.size;
    const colon = this.alphabet.colon;
    this.budget.charge(set.length + A);
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
    let defaultDone = false;
    let colonDefaultDone = false;
    for (let c = 0; c < A; c++) {
      const n = specLen[c];
      if (n === 0) {
        if (c === colon) {
          if (colonDefaultDone) continue;
          colonDefaultDone = true;
          visit(c, this.successor(wildFree, nFree, EMPTY, 0, EMPTY, 0));
        } else {
          if (defaultDone) continue;
          defaultDone = true;
          visit(c, this.successor(wildFree, nFree, wildNoColon, nNoColon, EMPTY, 0));
        }
      } else {
        const next = this.successor(specific[c], n, wildFree, nFree, wildNoColon, c === colon ? 0 : nNoColon);
        specLen[c] = 0;
        visit(c, next);
      }
    }
  }

  // The closed, sorted set of the step targets in up to three array prefixes.
  private successor(a: number[], na: number, b: number[], nb: number, c: number[], nc: number): number[] {
    if (na + nb + nc === 0) return [];
    this.stampGen++;
    this.buf.length = 0;
    this.add(a, na);
    this.add(b, nb);
    this.add(c, nc);
    this.budget.charge(this.buf.length + 1);
    const out = this.buf.slice();
    sortInts(out);
    return out;
  }

  private add(list: number[], n: number): void {
    const { closure } = this.table;
    const { stamp, buf } = this;
    const gen = this.stampGen;
    for (let j = 0; j < n; j++) {
      const cl = closure[list[j]];
      if (cl === undefined) {
        // Not a star: its closure is itself.
        const g = list[j];
        if (stamp[g] !== gen) {
          stamp[g] = gen;
          buf.push(g);
        }
        continue;
      }
      for (let k = 0; k < cl.length; k++) {
        const g = cl[k];
        if (stamp[g] !== gen) {
          stamp[g] = gen;
          buf.push(g);
        }
      }
    }
  }
}
