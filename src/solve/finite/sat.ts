// A small CDCL SAT solver: exact and complete, made for the finite engine's propositional layer.
// Contract: add clauses over variables from `newVar()` (a literal is 2·var for the variable,
// 2·var+1 for its negation), then `solve(budget)` returns true (satisfiable; `value(var)` reads
// the model) or false (unsatisfiable, a proof), or throws BudgetExceeded. One-shot: clauses are
// added before `solve`, which is called once.
// Method (MiniSat's): two watched literals with a blocker, first-UIP conflict learning with local
// minimisation, VSIDS on a binary heap, phase saving (negative first, so selector variables stay
// off unless needed), Luby restarts, and halving of the learnt clauses by activity.

import type { Budget } from "./budget.js";

export class SatSolver {
  private n = 0;
  private input: number[][] = [];
  private model: Int8Array = new Int8Array(0);

  newVar(): number {
    return this.n++;
  }

  get numVars(): number {
    return this.n;
  }

  addClause(lits: readonly number[]): void {
    this.input.push([...lits]);
  }

  value(v: number): boolean {
    return this.model[2 * v] === 1;
  }

  solve(budget: Budget): boolean {
    const core = new Cdcl(this.n, budget);
    for (const c of this.input) if (!core.addInput(c)) return false;
    this.input = [];
    if (!core.search()) return false;
    this.model = core.value;
    return true;
  }
}

class Cdcl {
  readonly value: Int8Array; // per literal: 1 true, -1 false, 0 unassigned
  private readonly level: Int32Array;
  private readonly reason: Int32Array;
  private readonly trail: Int32Array;
  private trailLen = 0;
  private qhead = 0;
  private readonly trailLim: number[] = [];
  private readonly watches: number[][]; // per literal: [clause, blocker, clause, blocker, ...]
  private readonly clauses: Int32Array[] = [];
  private readonly learnt: boolean[] = [];
  private readonly deleted: boolean[] = [];
  private readonly clauseAct: number[] = [];
  private readonly learntIds: number[] = [];
  private readonly heap: VarHeap;
  private readonly activity: Float64Array;
  private readonly negPhase: Uint8Array;
  private readonly seen: Uint8Array;
  private varInc = 1;
  private clauseInc = 1;
  private unsatAtRoot = false;

  constructor(
    private readonly n: number,
    private readonly budget: Budget,
  ) {
    this.value = new Int8Array(2 * n);
    this.level = new Int32Array(n);
    this.reason = new Int32Array(n).fill(-1);
    this.trail = new Int32Array(n);
    this.watches = Array.from({ length: 2 * n }, () => []);
    this.activity = new Float64Array(n);
    this.negPhase = new Uint8Array(n).fill(1);
    this.seen = new Uint8Array(n);
    this.heap = new VarHeap(this.activity);
    for (let v = 0; v < n; v++) this.heap.insert(v);
  }

  /** Adds an input clause at level 0; false once the clauses are known unsatisfiable. */
  addInput(raw: readonly number[]): boolean {
    if (this.unsatAtRoot) return false;
    const lits: number[] = [];
    for (const l of raw) {
      if (this.value[l] === 1 || lits.includes(l ^ 1)) return true; // satisfied or tautology
      if (this.value[l] === 0 && !lits.includes(l)) lits.push(l);
    }
    if (lits.length === 0) return !(this.unsatAtRoot = true);
    if (lits.length === 1) {
      this.enqueue(lits[0], -1);
      if (this.propagate() >= 0) this.unsatAtRoot = true;
      return !this.unsatAtRoot;
    }
    this.attach(Int32Array.from(lits), false);
    return true;
  }

  private attach(c: Int32Array, learnt: boolean): number {
    const id = this.clauses.length;
    this.clauses.push(c);
    this.learnt.push(learnt);
    this.deleted.push(false);
    this.clauseAct.push(0);
    if (learnt) this.learntIds.push(id);
    this.watches[c[0]].push(id, c[1]);
    this.watches[c[1]].push(id, c[0]);
    return id;
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
    let visits = 0;
    let conflict = -1;
    while (this.qhead < this.trailLen && conflict < 0) {
      const falseLit = this.trail[this.qhead++] ^ 1;
      const ws = this.watches[falseLit];
      let i = 0;
      let j = 0;
      while (i < ws.length) {
        const cid = ws[i];
        const blocker = ws[i + 1];
        i += 2;
        visits++;
        if (value[blocker] === 1) {
          ws[j++] = cid;
          ws[j++] = blocker;
          continue;
        }
        if (this.deleted[cid]) continue;
        const c = this.clauses[cid];
        if (c[0] === falseLit) {
          c[0] = c[1];
          c[1] = falseLit;
        }
        const first = c[0];
        if (first !== blocker && value[first] === 1) {
          ws[j++] = cid;
          ws[j++] = first;
          continue;
        }
        let moved = false;
        for (let k = 2; k < c.length; k++) {
          if (value[c[k]] !== -1) {
            c[1] = c[k];
            c[k] = falseLit;
            this.watches[c[1]].push(cid, first);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = cid;
        ws[j++] = first;
        if (value[first] === -1) {
          conflict = cid;
          while (i < ws.length) ws[j++] = ws[i++];
        } else this.enqueue(first, cid);
      }
      ws.length = j;
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

  private bumpClause(cid: number): void {
    if ((this.clauseAct[cid] += this.clauseInc) > 1e20) {
      for (const id of this.learntIds) this.clauseAct[id] *= 1e-20;
      this.clauseInc *= 1e-20;
    }
  }

  /** First-UIP learning; returns the learnt clause (asserting literal first) and its level. */
  private analyze(conflict: number): { lits: number[]; btLevel: number } {
    const { seen, level, reason, trail } = this;
    const dl = this.trailLim.length;
    const out: number[] = [-1];
    let pathC = 0;
    let p = -1;
    let idx = this.trailLen - 1;
    let cid = conflict;
    do {
      const c = this.clauses[cid];
      if (this.learnt[cid]) this.bumpClause(cid);
      for (let k = p === -1 ? 0 : 1; k < c.length; k++) {
        const q = c[k];
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
      cid = reason[p >> 1];
      seen[p >> 1] = 0;
      pathC--;
    } while (pathC > 0);
    out[0] = p ^ 1;
    // Local minimisation: drop a literal implied by the others through its reason clause.
    const kept = [out[0]];
    for (let k = 1; k < out.length; k++) {
      const r = reason[out[k] >> 1];
      let redundant = r >= 0;
      if (redundant) {
        const c = this.clauses[r];
        for (let m = 1; m < c.length && redundant; m++) {
          const v = c[m] >> 1;
          if (!seen[v] && level[v] > 0) redundant = false;
        }
      }
      if (!redundant) kept.push(out[k]);
    }
    for (let k = 1; k < out.length; k++) seen[out[k] >> 1] = 0;
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

  private reduceLearnts(): void {
    const candidates = this.learntIds.filter((id) => !this.deleted[id] && this.clauses[id].length > 2);
    candidates.sort((a, b) => this.clauseAct[a] - this.clauseAct[b]);
    const half = candidates.length >> 1;
    for (let k = 0; k < half; k++) {
      const id = candidates[k];
      const c = this.clauses[id];
      const locked = this.reason[c[0] >> 1] === id && this.value[c[0]] === 1;
      if (!locked) this.deleted[id] = true;
    }
    const live = this.learntIds.filter((id) => !this.deleted[id]);
    this.learntIds.length = 0;
    this.learntIds.push(...live);
  }

  search(): boolean {
    if (this.unsatAtRoot || this.propagate() >= 0) return false;
    let restarts = 0;
    let maxLearnts = Math.max(2000, this.clauses.length / 3);
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
          else this.enqueue(lits[0], this.attach(Int32Array.from(lits), true));
          this.varInc /= 0.95;
          this.clauseInc /= 0.999;
          budgetConflicts--;
          continue;
        }
        if (budgetConflicts <= 0) {
          this.cancelUntil(0);
          break;
        }
        if (this.learntIds.length >= maxLearnts) {
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

/** Max-heap of variables by activity. */
class VarHeap {
  private readonly heap: number[] = [];
  private readonly pos: Int32Array; // index in heap, -1 when absent

  constructor(private readonly act: Float64Array) {
    this.pos = new Int32Array(act.length).fill(-1);
  }

  empty(): boolean {
    return this.heap.length === 0;
  }

  insert(v: number): void {
    if (this.pos[v] >= 0) return;
    this.heap.push(v);
    this.pos[v] = this.heap.length - 1;
    this.up(this.heap.length - 1);
  }

  increased(v: number): void {
    const i = this.pos[v];
    if (i >= 0) this.up(i);
  }

  pop(): number {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    this.pos[top] = -1;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const { heap, act, pos } = this;
    const v = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (act[heap[p]] >= act[v]) break;
      heap[i] = heap[p];
      pos[heap[i]] = i;
      i = p;
    }
    heap[i] = v;
    pos[v] = i;
  }

  private down(i: number): void {
    const { heap, act, pos } = this;
    const v = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && act[heap[c + 1]] > act[heap[c]]) c++;
      if (act[heap[c]] <= act[v]) break;
      heap[i] = heap[c];
      pos[heap[i]] = i;
      i = c;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
