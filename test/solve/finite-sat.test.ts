// The finite engine's CDCL solver against brute force, and on classic hard-for-resolution
// families whose answer is known (pigeonhole), so learning, restarts and clause deletion are
// exercised as well as plain propagation.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Budget, BudgetExceeded } from "../../src/solve/finite/budget.js";
import { SatSolver } from "../../src/solve/finite/sat.js";

function bruteForce(n: number, clauses: number[][]): boolean {
  for (let m = 0; m < 1 << n; m++) {
    if (clauses.every((c) => c.some((l) => (((m >> (l >> 1)) & 1) === 1) !== ((l & 1) === 1)))) return true;
  }
  return false;
}

function solve(n: number, clauses: number[][], budget = new Budget()): { sat: boolean; model: boolean[] } {
  const s = new SatSolver();
  for (let i = 0; i < n; i++) s.newVar();
  for (const c of clauses) s.addClause(c);
  const sat = s.solve(budget);
  return { sat, model: sat ? Array.from({ length: n }, (_, v) => s.value(v)) : [] };
}

function pigeonhole(p: number, h: number): { n: number; clauses: number[][] } {
  const v = (i: number, j: number) => 2 * (i * h + j);
  const clauses: number[][] = [];
  for (let i = 0; i < p; i++) clauses.push(Array.from({ length: h }, (_, j) => v(i, j)));
  for (let j = 0; j < h; j++) for (let i = 0; i < p; i++) for (let k = i + 1; k < p; k++) clauses.push([v(i, j) ^ 1, v(k, j) ^ 1]);
  return { n: p * h, clauses };
}

describe("finite engine: CDCL solver", () => {
  it("agrees with brute force on random CNF near the 3-SAT threshold", () => {
    const cnf = fc
      .integer({ min: 1, max: 12 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.array(fc.nat(2 * n - 1), { minLength: 0, maxLength: 4 }), { minLength: 0, maxLength: Math.round(4.6 * n) }),
        ),
      );
    fc.assert(
      fc.property(cnf, ([n, clauses]) => {
        const r = solve(n, clauses);
        expect(r.sat).toBe(bruteForce(n, clauses));
        if (r.sat) for (const c of clauses) expect(c.some((l) => r.model[l >> 1] !== ((l & 1) === 1))).toBe(true);
      }),
      { seed: 99, numRuns: 2000 },
    );
  });

  it("proves pigeonhole 8→7 unsatisfiable and finds 7→7", () => {
    const unsat = pigeonhole(8, 7);
    expect(solve(unsat.n, unsat.clauses).sat).toBe(false);
    const sat = pigeonhole(7, 7);
    expect(solve(sat.n, sat.clauses).sat).toBe(true);
  });

  it("a large random satisfiable instance (planted model) is solved and its model checks", () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const n = 400;
    const planted = Array.from({ length: n }, () => rnd() < 0.5);
    const clauses: number[][] = [];
    while (clauses.length < 4 * n) {
      const c = Array.from({ length: 3 }, () => 2 * Math.floor(rnd() * n) + (rnd() < 0.5 ? 1 : 0));
      if (c.some((l) => planted[l >> 1] !== ((l & 1) === 1))) clauses.push(c);
    }
    const r = solve(n, clauses);
    expect(r.sat).toBe(true);
    for (const c of clauses) expect(c.some((l) => r.model[l >> 1] !== ((l & 1) === 1))).toBe(true);
  });

  it("stops with BudgetExceeded when the step budget runs out", () => {
    const hard = pigeonhole(9, 8);
    expect(() => solve(hard.n, hard.clauses, new Budget(10_000))).toThrow(BudgetExceeded);
  });

  it("is incremental: clauses added after a model are honoured, learnt ones kept", () => {
    const s = new SatSolver();
    const n = 6;
    for (let i = 0; i < n; i++) s.newVar();
    s.addClause([0, 2, 4]);
    const budget = new Budget();
    const seen = new Set<string>();
    // Enumerate all models of (x0 ∨ x1 ∨ x2) over 6 variables by blocking each one found.
    while (s.solve(budget)) {
      const m = Array.from({ length: n }, (_, v) => s.value(v));
      const key = m.map(Number).join("");
      expect(seen.has(key)).toBe(false);
      expect(m[0] || m[1] || m[2]).toBe(true);
      seen.add(key);
      s.addClause(m.map((b, v) => (b ? 2 * v + 1 : 2 * v)));
    }
    expect(seen.size).toBe(7 * 8);
    expect(s.solve(budget)).toBe(false);
  });

  it("handles empty and unit clauses", () => {
    expect(solve(1, [[]]).sat).toBe(false);
    expect(solve(1, [[0], [1]]).sat).toBe(false);
    expect(solve(2, [[0], [1, 2], [3]]).sat).toBe(false);
    expect(solve(2, [[0, 0, 1]]).sat).toBe(true);
  });
});
