// A small CDCL SAT solver: exact and complete, made for the finite engine's propositional layer.
// Contract: add clauses over variables from `newVar()` (a literal is 2·var for the variable,
// 2·var+1 for its negation), then `solve(budget)` returns true (satisfiable; `value(var)` reads
// the model) or false (unsatisfiable, a proof), or throws BudgetExceeded. Incremental: clauses
// may be added after a `solve` (learnt clauses are kept) and `solve` called again, as the lazy
// string check does; variables may not.
// Method (MiniSat's): two watched literals with a blocker, first-UIP conflict learning with local
// minimisation, VSIDS on a binary heap, phase saving (negative first, so selector variables stay
// off unless needed), Luby restarts, and halving of the learnt clauses by activity.

import type { Budget } from "./budget.js";
import { VarHeap } from "./var-heap.js";

export class SatSolver {
  private n = 0;
  private input: number[][] = [];
  private model: Int8Array = new Int8Array(0);
  private readonly positive: number[] = [];
  private core: Cdcl | undefined;
  private unsat = false;

  newVar(): number {
    if (this.core) throw new Error("SatSolver: newVar after solve");
    return this.n++;
  }

  /**
   * Decide v early, and true first (default: late, false first). A hint, never a constraint;
   * learning soon overrides the order.
   */
  preferTrue(v: number): void {
    this.positive.push(v);
  }

  get numVars(): number {
    return this.n;
  }

  addClause(lits: readonly number[]): void {
    if (!this.core) this.input.push([...lits]);
    else if (!this.unsat) {
      this.core.backtrackToRoot();
      if (!this.core.addInput(lits)) this.unsat = true;
    }
  }

  /** The last model found (a snapshot: later clauses do not change it). */
  value(v: number): boolean {
    return this.model[2 * v] === 1;
  }

  solve(budget: Budget): boolean {
    if (this.unsat) return false;
    if (!this.core) {
      this.core = new Cdcl(this.n, budget, this.positive);
      for (const c of this.input) {
        if (!this.core.addInput(c)) {
          this.unsat = true;
          return false;
        }
      }
      this.input = [];
    }
    if (!this.core.search()) {
      this.unsat = true;
      return false;
    }
    this.model = this.core.value.slice();
    return true;
  }
}

// Clause arena layout at offset c: mem[c] = size, mem[c + 1] = (learnt index << 2) | flags,
// mem[c + 2 ..] = literals, the two watched ones first. Offsets are clause ids.
const LEARNT = 1;
const DELETED = 2;
const HEADER = 2;

class Cdcl {
  readonly value: Int8Array; // per literal: 1 true, -1 false, 0 unassigned
  private readonly level: Int32Array;
  private readonly reason: Int32Array;
  private readonly trail: Int32Array;
  private trailLen = 0;
  private qhead = 0;
  private readonly trailLim: number[] = [];
  private readonly watches: number[][]; // per literal: [clause, blocker, clause, blocker, ...]
  private mem = new Int32Array(1 << 12);
  private memTop = 0;
  private numClauses = 0;
  private readonly learnts: number[] = []; // offsets of live learnt clauses
  private learntAct: number[] = []; // by learnt index
  private readonly heap: VarHeap;
  private readonly activity: Float64Array;
  private readonly negPhase: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly litMark: Int32Array; // addInput's duplicate check, by generation
  private markGen = 0;
  private readonly toClear: number[] = [];
  private readonly stack: number[] = [];
  private varInc = 1;
  private clauseInc = 1;
  private unsatAtRoot = false;

  constructor(
    private readonly n: number,
    private readonly budget: Budget,
    positive: readonly number[],
  ) {
    this.value = new Int8Array(2 * n);
    this.level = new Int32Array(n);
    this.reason = new Int32Array(n).fill(-1);
    this.trail = new Int32Array(n);
    this.watches = Array.from({ length: 2 * n }, () => []);
    this.activity = new Float64Array(n);
    this.negPhase = new Uint8Array(n).fill(1);
    for (const v of positive) {
      this.negPhase[v] = 0;
      this.activity[v] = 1;
    }
    this.seen = new Uint8Array(n);
    this.litMark = new Int32Array(2 * n);
    this.heap = new VarHeap(this.activity);
    for (let v = 0; v < n; v++) this.heap.insert(v);
  }

  /** Adds an input clause at level 0; false once the clauses are known unsatisfiable. */
  addInput(raw: readonly number[]): boolean {
    if (this.unsatAtRoot) return false;
    const lits: number[] = [];
    const gen = ++this.markGen;
    for (const l of raw) {
      if (this.value[l] === 1 || this.litMark[l ^ 1] === gen) return true; // satisfied or tautology
      if (this.value[l] === 0 && this.litMark[l] !== gen) {
        this.litMark[l] = gen;
        lits.push(l);
      }
    }
    if (lits.length === 0) return !(this.unsatAtRoot = true);
    if (lits.length === 1) {
      this.enqueue(lits[0], -1);
      if (this.propagate() >= 0) this.unsatAtRoot = true;
      return !this.unsatAtRoot;
    }
    this.attach(lits, false);
    return true;
  }

  private attach(lits: readonly number[], learnt: boolean): number {
    const need = this.memTop + HEADER + lits.length;
    if (need > this.mem.length) {
      const bigger = new Int32Array(Math.max(need, 2 * this.mem.length));
      bigger.set(this.mem.subarray(0, this.memTop));
      this.mem = bigger;
    }
    const c = this.memTop;
    this.memTop = need;
    this.mem[c] = lits.length;
    if (learnt) {
      this.mem[c + 1] = (this.learntAct.length << 2) | LEARNT;
      this.learntAct.push(0);
      this.learnts.push(c);
    } else this.mem[c + 1] = 0;
    for (let k = 0; k < lits.length; k++) this.mem[c + HEADER + k] = lits[k];
    this.numClauses++;
    this.watches[lits[0]].push(c, lits[1]);
    this.watches[lits[1]].push(c, lits[0]);
    return c;
  }

  private enqueue(l: number, reason: number): void {
    const v = l >> 1;
    this.value[l] = 1;
    this.value[l ^ 1] = -1;
    this.level[v] = this.trailLim.length;
    this.reason[v] = reason;
    this.trail[this.trailLen++] = l;
  }

  /** Unit propagation; returns a conflicting clause id or -1. */
  private propagate(): number {
    const value = this.value;
    const mem = this.mem;
    let visits = 0;
    let conflict = -1;
    while (this.qhead < this.trailLen && conflict < 0) {
      const falseLit = this.trail[this.qhead++] ^ 1;
      const ws = this.watches[falseLit];
      const len = ws.length;
      let i = 0;
      let j = 0;
      while (i < len) {
        const c = ws[i];
        const blocker = ws[i + 1];
        i += 2;
        visits++;
        if (value[blocker] === 1) {
          ws[j++] = c;
          ws[j++] = blocker;
          continue;
        }
        if (mem[c + 1] & DELETED) continue;
        const l0 = c + HEADER;
        if (mem[l0] === falseLit) {
          mem[l0] = mem[l0 + 1];
          mem[l0 + 1] = falseLit;
        }
        const first = mem[l0];
        if (first !== blocker && value[first] === 1) {
          ws[j++] = c;
          ws[j++] = first;
          continue;
        }
        const end = l0 + mem[c];
        let k = l0 + 2;
        while (k < end && value[mem[k]] === -1) k++;
        if (k < end) {
          const w = mem[k];
          mem[l0 + 1] = w;
          mem[k] = falseLit;
          this.watches[w].push(c, first);
          continue;
        }
        ws[j++] = c;
        ws[j++] = first;
        if (value[first] === -1) {
          conflict = c;
          while (i < len) ws[j++] = ws[i++];
        } else this.enqueue(first, c);
      }
      if (j < len) ws.length = j;
    }
    this.budget.charge(visits);
    return conflict;
  }

  private bumpVar(v: number): void {
    if ((this.activity[v] += this.varInc) > 1e100) {
      for (let k = 0; k < this.n; k++) this.activity[k] *= 1e-100;
      this.varInc *= 1e-100;
    }
    this.heap.increased(v);
  }

  private bumpClause(c: number): void {
    const k = this.mem[c + 1] >> 2;
    if ((this.learntAct[k] += this.clauseInc) > 1e20) {
      for (let m = 0; m < this.learntAct.length; m++) this.learntAct[m] *= 1e-20;
      this.clauseInc *= 1e-20;
    }
  }

  /** First-UIP learning; returns the learnt clause (asserting literal first) and its level. */
  private analyze(conflict: number): { lits: number[]; btLevel: number } {
    const { seen, level, reason, trail, mem } = this;
    const dl = this.trailLim.length;
    const out: number[] = [-1];
    let pathC = 0;
    let p = -1;
    let idx = this.trailLen - 1;
    let c = conflict;
    do {
      if (mem[c + 1] & LEARNT) this.bumpClause(c);
      const end = c + HEADER + mem[c];
      for (let k = c + HEADER + (p === -1 ? 0 : 1); k < end; k++) {
        const q = mem[k];
        const v = q >> 1;
        if (!seen[v] && level[v] > 0) {
          seen[v] = 1;
          this.bumpVar(v);
          if (level[v] >= dl) pathC++;
          else out.push(q);
        }
      }
      while (!seen[trail[idx] >> 1]) idx--;
      p = trail[idx--];
      c = reason[p >> 1];
      seen[p >> 1] = 0;
      pathC--;
    } while (pathC > 0);
    out[0] = p ^ 1;
    // Recursive minimisation (MiniSat's): drop literals implied by the rest of the clause.
    this.toClear.length = 0;
    let levels = 0;
    for (let k = 1; k < out.length; k++) {
      this.toClear.push(out[k]);
      levels |= 1 << (level[out[k] >> 1] & 31);
    }
    const kept = [out[0]];
    for (let k = 1; k < out.length; k++) {
      if (reason[out[k] >> 1] < 0 || !this.redundant(out[k], levels)) kept.push(out[k]);
    }
    for (const l of this.toClear) seen[l >> 1] = 0;
    let btLevel = 0;
    for (let k = 1; k < kept.length; k++) {
      const lv = level[kept[k] >> 1];
      if (lv > btLevel) {
        btLevel = lv;
        [kept[1], kept[k]] = [kept[k], kept[1]];
      }
    }
    return { lits: kept, btLevel };
  }

  /** Is literal p (false, with a reason) implied by literals already in the learnt clause? */
  private redundant(p: number, levels: number): boolean {
    const { seen, level, reason, mem, stack, toClear } = this;
    stack.length = 0;
    stack.push(p);
    const top = toClear.length;
    while (stack.length > 0) {
      const c = reason[stack.pop()! >> 1];
      const end = c + HEADER + mem[c];
      for (let k = c + HEADER + 1; k < end; k++) {
        const q = mem[k];
        const v = q >> 1;
        if (seen[v] || level[v] === 0) continue;
        if (reason[v] >= 0 && (levels & (1 << (level[v] & 31))) !== 0) {
          seen[v] = 1;
          stack.push(q);
          toClear.push(q);
        } else {
          for (let m = top; m < toClear.length; m++) seen[toClear[m] >> 1] = 0;
          toClear.length = top;
          return false;
        }
      }
    }
    return true;
  }

  backtrackToRoot(): void {
    this.cancelUntil(0);
  }

  private cancelUntil(lv: number): void {
    if (this.trailLim.length <= lv) return;
    const stop = this.trailLim[lv];
    for (let k = this.trailLen - 1; k >= stop; k--) {
      const l = this.trail[k];
      const v = l >> 1;
      this.negPhase[v] = l & 1;
      this.value[l] = 0;
      this.value[l ^ 1] = 0;
      this.reason[v] = -1;
      this.heap.insert(v);
    }
    this.trailLen = stop;
    this.qhead = stop;
    this.trailLim.length = lv;
  }

  /** Deletes the less active half of the learnt clauses (not binary ones, not reasons). */
  private reduceLearnts(): void {
    const { mem } = this;
    const act = (c: number) => this.learntAct[mem[c + 1] >> 2];
    const sorted = [...this.learnts].sort((a, b) => act(a) - act(b));
    const half = sorted.length >> 1;
    const keep: number[] = [];
    for (let k = 0; k < sorted.length; k++) {
      const c = sorted[k];
      const first = mem[c + HEADER];
      const locked = this.reason[first >> 1] === c && this.value[first] === 1;
      if (k < half && mem[c] > 2 && !locked) mem[c + 1] |= DELETED;
      else keep.push(c);
    }
    this.learnts.length = 0;
    this.learnts.push(...keep);
  }

  search(): boolean {
    if (this.unsatAtRoot || this.propagate() >= 0) return false;
    let restarts = 0;
    let maxLearnts = Math.max(2000, this.numClauses / 3);
    for (;;) {
      let budgetConflicts = luby(restarts++) * 100;
      for (;;) {
        const conflict = this.propagate();
        if (conflict >= 0) {
          this.budget.charge(16);
          if (this.trailLim.length === 0) return false;
          const { lits, btLevel } = this.analyze(conflict);
          this.cancelUntil(btLevel);
          if (lits.length === 1) this.enqueue(lits[0], -1);
          else this.enqueue(lits[0], this.attach(lits, true));
          this.varInc /= 0.95;
          this.clauseInc /= 0.999;
          budgetConflicts--;
          continue;
        }
        if (budgetConflicts <= 0) {
          this.cancelUntil(0);
          break;
        }
        if (this.learnts.length >= maxLearnts + this.trailLen) {
          this.reduceLearnts();
          maxLearnts *= 1.1;
        }
        let v = -1;
        while (!this.heap.empty()) {
          const cand = this.heap.pop();
          if (this.value[2 * cand] === 0) {
            v = cand;
            break;
          }
        }
        if (v < 0) return true; // every variable assigned, no conflict
        this.trailLim.push(this.trailLen);
        this.enqueue(2 * v + this.negPhase[v], -1);
      }
    }
  }
}

function luby(i: number): number {
  // The i-th element (from 0) of 1 1 2 1 1 2 4 1 1 2 1 1 2 4 8 ...
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  while (size - 1 !== i) {
    size = (size - 1) >> 1;
    seq--;
    i %= size;
  }
  return 2 ** seq;
}
