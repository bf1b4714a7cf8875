// Engine conformance: the Z3 engine on the shared, engine-independent cases
// (test/solve/conformance-cases.ts). Every "sat" model is replayed through evaluateFormula and
// must assign every variable of the formula a value inside its declared domain. A deterministic
// resource limit bounds each query; the wall-clock timeout is only a backstop.

import { afterAll, describe, expect, it } from "vitest";
import { evaluateFormula, formulaVariables } from "../../src/logic/evaluate.js";
import { compareRational } from "../../src/logic/rational.js";
import { conformanceCases } from "./conformance-cases.js";
import { createZ3Engine } from "../../src/solve/z3/index.js";

const engine = createZ3Engine();
afterAll(() => engine.close());

describe("conformance: z3 engine", () => {
  for (const c of conformanceCases) {
    it(c.name, async () => {
      const r = await engine.solve(c.formula, c.vars, { timeoutMs: 30_000, resourceLimit: 200_000_000 });
      expect(r.status, r.status === "unknown" ? r.reason : "").toBe(c.expect);
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
});
