// Metamorphic properties on AWS managed policies: a sample in `npm test`, every document with
// `npm run test:corpus` (KEYAKI_CORPUS=all).
//   - every version parses with no error;
//   - P and a separately built equivalent variant V (statements reversed, Action lists split
//     into several statements) grant the same access: check-no-new-access passes both ways;
//   - adding a Deny statement never adds access.
import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close } from "../../src/index.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { managedPolicies, sample } from "./managed-policies.js";

afterAll(() => close());

type Doc = { Version?: string; Statement: Record<string, unknown>[] | Record<string, unknown> };

function statements(doc: Doc): Record<string, unknown>[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** Reverses the statements and splits every Action list of two or more into two statements. */
function equivalentVariant(text: string): string {
  const doc = JSON.parse(text) as Doc;
  const out: Record<string, unknown>[] = [];
  for (const s of statements(doc).slice().reverse()) {
    const actions = s.Action;
    if (Array.isArray(actions) && actions.length >= 2) {
      const half = Math.ceil(actions.length / 2);
      const { Sid: _sid, ...rest } = s;
      out.push({ ...rest, Action: actions.slice(half) }, { ...rest, Action: actions.slice(0, half) });
    } else out.push(s);
  }
  return JSON.stringify({ ...doc, Statement: out });
}

function withDeny(text: string, deny: Record<string, unknown>): string {
  const doc = JSON.parse(text) as Doc;
  return JSON.stringify({ ...doc, Statement: [...statements(doc), { ...deny, Effect: "Deny" }] });
}

const policies = managedPolicies();
const latest = policies.map((versions) => versions[versions.length - 1]);

describe("AWS managed policies", () => {
  it("every sampled version parses without errors", () => {
    const all = sample(policies.flat(), 10);
    const failures = all
      .map((v) => ({ v, errors: parsePolicy(v.text, "IDENTITY_POLICY").diagnostics.filter((d) => d.severity === "error") }))
      .filter((x) => x.errors.length > 0)
      .map((x) => `${x.v.policy} v${x.v.version}: ${x.errors[0].code} ${x.errors[0].message}`);
    expect(failures).toEqual([]);
  });

  it("a policy and its reordered, split variant grant the same access, both ways", async () => {
    const bad: string[] = [];
    for (const v of sample(latest, 40)) {
      const variant = equivalentVariant(v.text);
      for (const [existing, updated] of [
        [v.text, variant],
        [variant, v.text],
      ]) {
        const r = await checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" });
        if (r.result !== "PASS") bad.push(`${v.policy}: ${r.result} ${r.unknownReason ?? JSON.stringify(r.counterexample)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("adding a Deny never adds access", async () => {
    const sampled = sample(latest, 50);
    const bad: string[] = [];
    for (const [i, v] of sampled.entries()) {
      const donor = statements(JSON.parse(sampled[(i + 1) % sampled.length].text) as Doc)[0];
      const r = await checkNoNewAccess({ existingPolicyDocument: v.text, newPolicyDocument: withDeny(v.text, donor), policyType: "IDENTITY_POLICY" });
      if (r.result !== "PASS") bad.push(`${v.policy}: ${r.result}`);
    }
    expect(bad).toEqual([]);
  });
});
