// The differential test: random policies × random requests; the encoder's formulas, read under
// the request's view, agree with the concrete evaluator for every frees assignment tried, and
// every definite Kleene answer agrees with all of them. Runs: KEYAKI_DIFF_RUNS (default 2000);
// seed: KEYAKI_DIFF_SEED (fixed by default).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { requestToAssignment } from "../../src/encode/request-view.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { policyArb, requestArb } from "./arbitraries.js";

const RUNS = Number(process.env.KEYAKI_DIFF_RUNS ?? 2000);
const SEED = Number(process.env.KEYAKI_DIFF_SEED ?? 20_260_601);

const caseArb = policyArb.chain((p) =>
  fc.record({
    policy: fc.constant(p),
    request: requestArb(p, keyTypesOf([p])),
    bits: fc.array(fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), { minLength: 2, maxLength: 2 }),
  }),
);

describe("differential: encoder vs evaluator", () => {
  it(`agrees on ${RUNS} random policies × requests`, () => {
    let unknowns = 0;
    let frees = 0;
    let allows = 0;
    fc.assert(
      fc.property(caseArb, ({ policy, request, bits }) => {
        const keyTypes = keyTypesOf([policy]);
        const ctx: EncodeContext = { keyTypes, frees: new Map() };
        const enc = encodePolicy(policy, ctx);
        const kleene = evaluatePolicy(policy, request, { keyTypes });
        for (const id of kleene.touched) expect(ctx.frees.has(id), id).toBe(true);
        if (kleene.allowed === "unknown") unknowns++;
        if (ctx.frees.size) frees++;
        const ids = [...ctx.frees.keys()].sort();
        const assignments = [
          new Map(ids.map((id) => [id, false])),
          new Map(ids.map((id) => [id, true])),
          ...bits.map((b) => new Map(ids.map((id, i) => [id, b[i % b.length]]))),
        ];
        for (const freesMap of assignments) {
          const ev = evaluatePolicy(policy, request, { keyTypes, frees: freesMap });
          const a = requestToAssignment(request, keyTypes, freesMap);
          const allowedF = evaluateFormula(enc.allows, a);
          expect(ev.allowed).toBe(allowedF);
          expect(ev.decision === "Allow").toBe(allowedF);
          expect(ev.decision === "ExplicitDeny").toBe(evaluateFormula(enc.denied, a));
          if (kleene.allowed !== "unknown") expect(kleene.allowed).toBe(allowedF);
          if (allowedF) allows++;
          enc.statements.forEach((f, i) => {
            const fv = evaluateFormula(f, a);
            expect(ev.statements[i]).toBe(fv);
            if (kleene.statements[i] !== "unknown") expect(kleene.statements[i]).toBe(fv);
          });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generators must exercise what they are meant to: ambiguities, unknowns and grants.
    expect(frees).toBeGreaterThan(RUNS / 4);
    expect(unknowns).toBeGreaterThan(RUNS / 50);
    expect(allows).toBeGreaterThan(RUNS / 10);
  }, Math.max(60_000, RUNS * 20));
});
