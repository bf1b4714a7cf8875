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
import { parsePolicy } from "../../src/policy/parse.js";
import type { Policy, PrincipalValue, Statement } from "../../src/policy/ast.js";
import { policyArb, requestArb } from "../encode/arbitraries.js";

afterAll(() => close());

const RUNS = Number(process.env.KEYAKI_CHECK_RUNS ?? 60);
const REQUESTS = 30;
const SEED = Number(process.env.KEYAKI_CHECK_SEED ?? 20_261_129);

function principalJson(values: PrincipalValue[]): unknown {
  if (values.some((v) => v.type === "*")) return values.length === 1 ? "*" : undefined;
  const out: Record<string, string[]> = {};
  for (const v of values) if (v.type !== "*") (out[v.type] ??= []).push(v.value);
  return out;
}

/** The policy as a document, or undefined when JSON cannot say it (a key twice in one object). */
function toDocument(p: Policy): string | undefined {
  const statement = (s: Statement): object | undefined => {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) {
      const block = (condition[c.operator] ??= {});
      if (block[c.key]) return undefined;
      block[c.key] = c.values.map((v) => v.value);
    }
    const principal = s.principal && principalJson(s.principal.values);
    if (s.principal && principal === undefined) return undefined;
    return {
      Effect: s.effect,
      ...(s.principal ? { [s.principal.negated ? "NotPrincipal" : "Principal"]: principal } : {}),
      [s.action.negated ? "NotAction" : "Action"]: s.action.patterns.map((x) => x.value),
      ...(s.resource ? { [s.resource.negated ? "NotResource" : "Resource"]: s.resource.patterns.map((x) => x.value) } : {}),
      ...(s.conditions.length ? { Condition: condition } : {}),
    };
  };
  const statements = p.statements.map(statement);
  if (statements.some((s) => s === undefined)) return undefined;
  return JSON.stringify({ ...(p.version ? { Version: p.version } : {}), Statement: statements });
}

/**
 * Pairs of random policies of one type that are valid documents. (The generator also makes
 * values the parser rejects, such as a date `bad`, and resource-policy statements without a
 * Principal, for the evaluator's sake; those are left out here.)
 */
function validPairs(count: number, seed: number): Array<{ a: Policy; b: Policy; ta: string; tb: string }> {
  const byType = new Map<string, Array<{ p: Policy; text: string }>>();
  for (const g of fc.sample(policyArb, { numRuns: count * 8, seed })) {
    const text = toDocument(g);
    const p = text === undefined ? undefined : parsePolicy(text, g.type).policy;
    if (text && p) byType.set(g.type, [...(byType.get(g.type) ?? []), { p, text }]);
  }
  const pairs = [...byType.values()].flatMap((ps) =>
    Array.from({ length: Math.floor(ps.length / 2) }, (_, i) => ({ a: ps[2 * i].p, ta: ps[2 * i].text, b: ps[2 * i + 1].p, tb: ps[2 * i + 1].text })),
  );
  // Both types, interleaved, the first `count`.
  const [x = [], y = []] = [pairs.filter((q) => q.a.type === "IDENTITY_POLICY"), pairs.filter((q) => q.a.type !== "IDENTITY_POLICY")];
  return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => [x[i], y[i]]).flat().filter((q) => q !== undefined).slice(0, count);
}

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
      const r = await named(checkNoNewAccess({ existingPolicyDocument: ta, newPolicyDocument: tb, policyType: type }, { timeoutSeconds: 5 }));
      t.checks++;
      t.verdicts[r.result] = (t.verdicts[r.result] ?? 0) + 1;
      if (r.result === "UNKNOWN") console.log(`UNKNOWN (${r.unknownReason}): ${label}`);
      if (r.result === "PASS") {
        const { keyTypes, requests } = requestsFor(b, [a], SEED + i);
        for (const q of requests) {
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
        for (const q of requests) {
          const listed = actions.some((x) => x.toLowerCase() === q.action.toLowerCase());
          expect(listed && evaluatePolicy(b, q, { keyTypes }).allowed === true, `${label}\naccess ${actions}\nrequest ${JSON.stringify(q)}`).toBe(false);
        }
      }
    }
    console.log(`random checks: ${t.checks} checks, verdicts ${JSON.stringify(t.verdicts)}`);
    // The generator must reach both verdicts of both checks.
    for (const v of ["PASS", "FAIL", "access PASS", "access FAIL"]) expect(t.verdicts[v] ?? 0, v).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
