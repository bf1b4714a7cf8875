// The checks end to end on random policies (the differential test's generator): for pairs of
// policies of one type, check-no-new-access never fails with an error (a counterexample whose
// replay disagreed would be an INTERNAL_ERROR), and no PASS is refuted: among requests derived
// from the new policy, none is surely allowed by it and surely not by the existing one (the
// evaluator's three-valued answers: "surely" = under every reading of every free construct).
// check-access-not-granted is held to the same standard with the new policy's own actions.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { Policy } from "../../src/iam/ast.js";
import { requestArb } from "../encode/arbitraries.js";
import { isRealRequest } from "../encode/real-request.js";
import { validPairs } from "./random-policies.js";

afterAll(() => close());

const RUNS = Number(process.env.KEYAKI_CHECK_RUNS ?? 60);
const REQUESTS = 30;
const SEED = Number(process.env.KEYAKI_CHECK_SEED ?? 20_261_129);

interface Tally {
  checks: number;
  verdicts: Record<string, number>;
}

/** Requests derived from `p` (and evaluated on both policies with the pair's key types). */
function requestsFor(p: Policy, others: Policy[], seed: number) {
  const keyTypes = keyTypesOf([p, ...others]);
  return { keyTypes, requests: fc.sample(requestArb(p, keyTypes), { numRuns: REQUESTS, seed }) };
}

describe("checks on random policies", () => {
  it(`check-no-new-access and check-access-not-granted: no error, no refuted PASS (${RUNS} pairs)`, async () => {
    const t: Tally = { checks: 0, verdicts: {} };
    const pairs = validPairs(RUNS, SEED);
    expect(pairs.length).toBe(RUNS);
    for (const [i, { a, b, ta, tb }] of pairs.entries()) {
      const type = a.type;
      const label = `pair ${i}: ${ta} → ${tb}`;
      const named = <T>(p: Promise<T>) => p.catch((e: Error) => Promise.reject(new Error(`${label}: ${e.message}`)));
      const r = await named(
        checkNoNewAccess({ existingPolicyDocument: ta, newPolicyDocument: tb, policyType: type }, { timeoutSeconds: 5 }),
      );
      t.checks++;
      t.verdicts[r.result] = (t.verdicts[r.result] ?? 0) + 1;
      if (r.result === "UNKNOWN") console.log(`UNKNOWN (${r.unknownReason}): ${label}`);
      if (r.result === "PASS") {
        const { keyTypes, requests } = requestsFor(b, [a], SEED + i);
        // Only a request AWS could send refutes a PASS (docs/semantics.md "The request domain").
        for (const q of requests.filter(isRealRequest)) {
          const refutes = evaluatePolicy(b, q, { keyTypes }).allowed === true && evaluatePolicy(a, q, { keyTypes }).allowed === false;
          expect(refutes, `${label}\nrequest ${JSON.stringify(q)}`).toBe(false);
        }
      }
      // The new policy's own actions, asked of the new policy: a PASS means none of them is
      // surely allowed on any request derived from it.
      const actions = [...new Set(b.statements.flatMap((s) => (s.action.negated ? [] : s.action.patterns.map((x) => x.value))))]
        .filter((x) => /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(x))
        .slice(0, 5);
      if (actions.length === 0) continue;
      const g = await named(checkAccessNotGranted({ policyDocument: tb, access: [{ actions }], policyType: type }, { timeoutSeconds: 5 }));
      t.checks++;
      t.verdicts[`access ${g.result}`] = (t.verdicts[`access ${g.result}`] ?? 0) + 1;
      if (g.result === "PASS") {
        const { keyTypes, requests } = requestsFor(b, [], SEED + i);
        for (const q of requests.filter(isRealRequest)) {
          const listed = actions.some((x) => x.toLowerCase() === q.action.toLowerCase());
          expect(
            listed && evaluatePolicy(b, q, { keyTypes }).allowed === true,
            `${label}\naccess ${actions}\nrequest ${JSON.stringify(q)}`,
          ).toBe(false);
        }
      }
    }
    console.log(`random checks: ${t.checks} checks, verdicts ${JSON.stringify(t.verdicts)}`);
    // The generator must reach both verdicts of both checks.
    for (const v of ["PASS", "FAIL", "access PASS", "access FAIL"]) expect(t.verdicts[v] ?? 0, v).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
