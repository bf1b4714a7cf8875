// The scaling generator (bench/generate.ts): deterministic, and every policy it makes (and every
// mutated variant) parses as an IDENTITY_POLICY with no errors.

import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../bench/corpus.js";
import { generatePolicy, mutatePolicy, type PolicyDocument } from "../../bench/generate.js";
import { harvestShapes } from "../../bench/shapes.js";
import { parsePolicy } from "../../src/policy/parse.js";

const shapes = harvestShapes(loadCorpus().map((p) => p.latestDocument));
const GRID = [1, 10, 100].flatMap((n) => [1, 5, 20].map((k) => ({ n, k })));

function conditionKeys(p: PolicyDocument): Set<string> {
  const keys = new Set<string>();
  for (const s of p.Statement)
    for (const block of Object.values(s.Condition ?? {})) for (const k of Object.keys(block)) keys.add(k.toLowerCase());
  return keys;
}

function errors(p: PolicyDocument) {
  return parsePolicy(JSON.stringify(p, null, 2), "IDENTITY_POLICY").diagnostics.filter((d) => d.severity === "error");
}

describe("bench generator", () => {
  it("harvests shapes from the corpus", () => {
    expect(shapes.actions.length).toBeGreaterThan(1000);
    expect(shapes.resources.length).toBeGreaterThan(100);
    expect(shapes.conditions.length).toBeGreaterThan(100);
    expect(shapes.conditions.some((c) => c.operator === "IpAddress" && c.key === "aws:SourceIp")).toBe(true);
  });

  it("is deterministic: the same seed gives the same policies", () => {
    for (const { n, k } of GRID) {
      const a = generatePolicy(shapes, { statements: n, conditionKeys: k, seed: 7 });
      const b = generatePolicy(shapes, { statements: n, conditionKeys: k, seed: 7 });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(JSON.stringify(mutatePolicy(b, 7, shapes))).toBe(JSON.stringify(mutatePolicy(a, 7, shapes)));
    }
    const c = generatePolicy(shapes, { statements: 10, conditionKeys: 5, seed: 8 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(generatePolicy(shapes, { statements: 10, conditionKeys: 5, seed: 7 })));
  });

  it("makes N statements with K distinct condition keys", () => {
    for (const { n, k } of GRID) {
      const p = generatePolicy(shapes, { statements: n, conditionKeys: k, seed: 3 });
      expect(p.Statement).toHaveLength(n);
      expect(conditionKeys(p).size).toBe(k);
    }
  });

  it("makes policies and variants that parse without errors", () => {
    for (const seed of [1, 2, 3])
      for (const { n, k } of GRID) {
        const p = generatePolicy(shapes, { statements: n, conditionKeys: k, seed });
        expect(errors(p), `N=${n} K=${k} seed=${seed}`).toEqual([]);
        const m = mutatePolicy(p, seed, shapes);
        expect(errors(m.policy), `N=${n} K=${k} seed=${seed} ${m.change}`).toEqual([]);
        const changed = p.Statement.filter((s, i) => JSON.stringify(s) !== JSON.stringify(m.policy.Statement[i]));
        expect(changed, m.change).toHaveLength(1);
      }
  });
});
