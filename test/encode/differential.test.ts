// The differential test: random policies × random requests; the encoder's formulas, read under
// the request's view, agree with the concrete evaluator for every frees assignment tried, and
// every definite Kleene answer agrees with all of them. Requests are mostly derived from the
// policy (arbitraries.ts), and the main property asserts that every operator and every form of
// condition (qualifier, IfExists, negation, key present or missing, policy variables) was
// decisive — its statement's verdict was its own — both ways (coverage.ts). Runs:
// KEYAKI_DIFF_RUNS (default 2000; `npm run test:deep` 200,000); seed: KEYAKI_DIFF_SEED (fixed by
// default).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { principalVariableTies } from "../../src/encode/principal.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { requestToAssignment } from "../../src/eval/request-view.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import type { Request } from "../../src/iam/request.js";
import type { Policy } from "../../src/iam/ast.js";
import { arnMovingPolicyArb, policyArb, requestArb, stringOnBoolPolicyArb } from "./arbitraries.js";
import { Coverage, REQUIRED_COVERAGE } from "./coverage.js";

const RUNS = Number(process.env.KEYAKI_DIFF_RUNS ?? 2000);
const SEED = Number(process.env.KEYAKI_DIFF_SEED ?? 20_260_601);

const casesOf = (policies: fc.Arbitrary<Policy>) =>
  policies.chain((p) =>
    fc.record({
      policy: fc.constant(p),
      request: requestArb(p, keyTypesOf([p])),
      bits: fc.array(fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), { minLength: 2, maxLength: 2 }),
    }),
  );

interface Tally {
  unknowns: number;
  frees: number;
  allows: number;
  coverage?: Coverage;
}

/** The formulas under the request's view agree with the evaluator, for every frees assignment tried. */
function agrees(policy: Policy, request: Request, bits: boolean[][], t: Tally): void {
  const keyTypes = keyTypesOf([policy]);
  const ctx: EncodeContext = { keyTypes, frees: new Map() };
  const enc = encodePolicy(policy, ctx);
  const kleene = evaluatePolicy(policy, request, { keyTypes });
  for (const id of kleene.touched) expect(ctx.frees.has(id), id).toBe(true);
  if (kleene.allowed === "unknown") t.unknowns++;
  if (ctx.frees.size) t.frees++;
  const ids = [...ctx.frees.keys()].sort();
  const assignments = [
    new Map(ids.map((id) => [id, false])),
    new Map(ids.map((id) => [id, true])),
    ...bits.map((b) => new Map(ids.map((id, i) => [id, b[i % b.length]]))),
  ];
  t.coverage?.record(policy, request, keyTypes, assignments[0]);
  for (const freesMap of assignments) {
    const ev = evaluatePolicy(policy, request, { keyTypes, frees: freesMap });
    const a = requestToAssignment(request, keyTypes, freesMap);
    // Every real request satisfies the ties a query adds for variables reading principal keys.
    if (policy.type === "RESOURCE_POLICY") expect(evaluateFormula(principalVariableTies(enc.allows, keyTypes), a)).toBe(true);
    const allowedF = evaluateFormula(enc.allows, a);
    expect(ev.allowed).toBe(allowedF);
    expect(ev.decision === "Allow").toBe(allowedF);
    expect(ev.decision === "ExplicitDeny").toBe(evaluateFormula(enc.denied, a));
    if (kleene.allowed !== "unknown") expect(kleene.allowed).toBe(allowedF);
    if (allowedF) t.allows++;
    enc.statements.forEach((f, i) => {
      const fv = evaluateFormula(f, a);
      expect(ev.statements[i]).toBe(fv);
      if (kleene.statements[i] !== "unknown") expect(kleene.statements[i]).toBe(fv);
    });
  }
}

describe("differential: encoder vs evaluator", () => {
  it(
    `agrees on ${RUNS} random policies × requests`,
    () => {
      const t: Tally = { unknowns: 0, frees: 0, allows: 0, coverage: new Coverage() };
      fc.assert(
        fc.property(casesOf(policyArb), ({ policy, request, bits }) => agrees(policy, request, bits, t)),
        { numRuns: RUNS, seed: SEED },
      );
      const { unknowns, frees, allows } = t;
      // The generators must exercise what they are meant to: ambiguities, unknowns and grants.
      expect(frees).toBeGreaterThan(RUNS / 4);
      expect(unknowns).toBeGreaterThan(RUNS / 50);
      expect(allows).toBeGreaterThan(RUNS / 10);
      console.log(`decisive conditions (false/true): ${t.coverage!.table()}`);
      // Every operator and every form reached its statement's verdict, both ways (see coverage.ts).
      expect(t.coverage!.gaps(REQUIRED_COVERAGE, Math.max(1, Math.floor(RUNS / 2000)))).toEqual([]);
    },
    Math.max(60_000, RUNS * 20),
  );
  it(
    `§3.4 agrees on ${Math.ceil(RUNS / 4)} policies of String operators on Bool keys`,
    () => {
      const t: Tally = { unknowns: 0, frees: 0, allows: 0 };
      fc.assert(
        fc.property(casesOf(stringOnBoolPolicyArb), ({ policy, request, bits }) => agrees(policy, request, bits, t)),
        { numRuns: Math.ceil(RUNS / 4), seed: SEED },
      );
      expect(t.allows).toBeGreaterThan(RUNS / 40);
    },
    Math.max(60_000, RUNS * 5),
  );
  it(
    `§5 agrees on ${Math.ceil(RUNS / 4)} policies of Arn values whose variables' colons move their components`,
    () => {
      const t: Tally = { unknowns: 0, frees: 0, allows: 0, coverage: new Coverage() };
      fc.assert(
        fc.property(casesOf(arnMovingPolicyArb), ({ policy, request, bits }) => agrees(policy, request, bits, t)),
        { numRuns: Math.ceil(RUNS / 4), seed: SEED },
      );
      console.log(`decisive Arn conditions (false/true): ${t.coverage!.table()}`);
      expect(t.coverage!.gaps(["variable-colon:arn"], Math.max(1, Math.floor(RUNS / 100)))).toEqual([]);
    },
    Math.max(60_000, RUNS * 5),
  );
});
