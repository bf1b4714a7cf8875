// Engine conformance: the finite engine (in its default mode, and with every string variable
// decided lazily) and the solver front (with Z3 behind it, and restricted to the exact engine) on the shared, engine-independent cases (test/solve/conformance-cases.ts). Every "sat" model is replayed through evaluateFormula and
// must assign every variable of the formula a value inside its declared domain.

import { afterAll, describe, expect, it } from "vitest";
import { evaluateFormula, formulaVariables } from "../../src/logic/evaluate.js";
import { compareRational } from "../../src/logic/rational.js";
import { conformanceCases } from "./conformance-cases.js";
import { createFiniteEngine } from "../../src/solve/finite/index.js";
import { createFrontEngine } from "../../src/solve/front.js";
import { createZ3Engine } from "../../src/solve/z3/index.js";

// The front (front.ts) behind one interface with the engines it combines: with Z3 behind it, and
// restricted to the exact engine. Z3 is made only if a case needs it.
const frontZ3 = createZ3Engine();
afterAll(() => frontZ3.close());
const front = (choice: "auto" | "finite") =>
  createFrontEngine({ choice, finite: createFiniteEngine({ strict: true }), z3: async () => frontZ3 });

describe.each([
  ["finite", () => createFiniteEngine({ strict: true })],
  ["finite, every string variable lazy", () => createFiniteEngine({ strict: true, eagerStateLimit: 0 })],
  ["front", () => front("auto")],
  ["front restricted to the exact engine", () => front("finite")],
])("conformance: %s engine", (_name, make) => {
  const engine = make();
  for (const c of conformanceCases) {
    it(c.name, async () => {
      const r = await engine.solve(c.formula, c.vars, { timeoutMs: 10_000, resourceLimit: 10_000_000 });
      expect(r.status).toBe(c.expect);
      if (r.status !== "sat") return;
      expect(evaluateFormula(c.formula, r.model)).toBe(true);
      for (const v of formulaVariables(c.formula)) {
        const sort = c.vars.get(v)!;
        if (sort.sort === "string") expect(r.model.strings.has(v)).toBe(true);
        else if (sort.sort === "bool") expect(r.model.bools.has(v)).toBe(true);
        else {
          const x = r.model.numbers.get(v)!;
          expect(x).toBeDefined();
          if (sort.integer) expect(x.den).toBe(1n);
          if (sort.min) expect(compareRational(x, sort.min)).toBeGreaterThanOrEqual(0);
          if (sort.max) expect(compareRational(x, sort.max)).toBeLessThanOrEqual(0);
        }
      }
    });
  }
  it("has 20–45 cases with unique names", () => {
    expect(conformanceCases.length).toBeGreaterThanOrEqual(20);
    expect(conformanceCases.length).toBeLessThanOrEqual(45);
    expect(new Set(conformanceCases.map((c) => c.name)).size).toBe(conformanceCases.length);
  });
});
