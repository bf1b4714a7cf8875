// How checks read holes (src/scan/unknowns.ts): the rules case by case, then the property that
// makes a PASS sound — for every value the holes may take, the generous reading allows at least
// what the policy allows and the strict reading at most (decided by keyaki's own
// check-no-new-access, so a wrong rule shows as a FAIL with a counterexample).
import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close } from "../../src/index.js";
import { materialise } from "../../src/scan/unknowns.js";
import { isObject, Sym, Unknown, type Hole, type Value } from "../../src/scan/value.js";

afterAll(() => close());

const hole = (id: string): Hole => ({
  id,
  reason: `\`${id}\` is not known`,
  file: "t.yaml",
  pointer: "/x",
  line: 3,
  column: 7,
  placeholder: `p-${id}`,
});
const sym = (...parts: Array<string | Hole>) => new Sym(parts);
const H = { acct: hole("AWS::AccountId"), name: hole("Ref Name"), list: hole("Ref List"), cond: hole("Fn::If c") };
const doc = (...Statement: Value[]): Value => ({ Version: "2012-10-17", Statement });

describe("readings", () => {
  it("widens an Allow's Resource pattern and drops a Deny's", () => {
    const d = doc(
      { Effect: "Allow", Action: "s3:GetObject", Resource: sym("arn:aws:s3:::", H.name, "/*") },
      { Effect: "Deny", Action: "s3:GetObject", Resource: [sym("arn:aws:s3:::", H.name, "/private/*"), "arn:aws:s3:::x/*"] },
    );
    const g = materialise(d, "generous");
    expect(g.document?.Statement).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::*/*"] },
      { Effect: "Deny", Action: "s3:GetObject", Resource: ["arn:aws:s3:::x/*"] },
    ]);
    expect(g.statementPointers).toEqual(["/Statement/0", "/Statement/1"]);
    const s = materialise(d, "strict");
    expect(s.document?.Statement).toEqual([
      { Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::*/private/*", "arn:aws:s3:::x/*"] },
    ]);
    expect(s.statementPointers).toEqual(["/Statement/1"]);
  });

  it("reads a principal with a hole as anyone when widening, and drops it when narrowing", () => {
    const d = doc({
      Effect: "Allow",
      Principal: { AWS: [sym("arn:aws:iam::", H.acct, ":root"), "arn:aws:iam::111122223333:root"] },
      Action: "sqs:*",
      Resource: "*",
    });
    expect(materialise(d, "generous").document?.Statement).toEqual([
      { Effect: "Allow", Principal: "*", Action: ["sqs:*"], Resource: ["*"] },
    ]);
    expect(materialise(d, "strict").document?.Statement).toEqual([
      { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root"] }, Action: "sqs:*", Resource: "*" },
    ]);
  });

  it("drops a condition key with a hole from an Allow, but widens a StringLike pattern and lists alternatives", () => {
    const d = doc({
      Effect: "Allow",
      Principal: "*",
      Action: "sns:Publish",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": new Unknown(H.acct) },
        StringLike: { "aws:SourceArn": sym("arn:aws:s3:::", H.name) },
        StringNotEquals: { "aws:PrincipalTag/team": new Unknown(H.cond, ["a", "b"]) },
        ArnEquals: { "aws:SourceArn": new Unknown(H.cond, ["arn:aws:s3:::a", "arn:aws:s3:::b"]) },
      },
    });
    expect((materialise(d, "generous").document?.Statement as Value[])[0]).toMatchObject({
      Condition: {
        StringLike: { "aws:SourceArn": ["arn:aws:s3:::*"] },
        ArnEquals: { "aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"] },
      },
    });
    expect(materialise(d, "strict").document?.Statement).toEqual([]);
  });

  it("turns an unknown NotResource into Resource * when nothing is left to exclude", () => {
    const d = doc({ Effect: "Allow", Action: "s3:*", NotResource: new Unknown(H.list) });
    expect(materialise(d, "generous").document?.Statement).toEqual([{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }]);
  });

  it("keeps an unknown choice of statements on the side that only adds access", () => {
    const allow = { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" };
    const deny = { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" };
    const d = doc(new Unknown(H.cond, [allow]), new Unknown(H.cond, [deny]));
    expect(materialise(d, "generous").document?.Statement).toEqual([allow]);
    expect(materialise(d, "strict").document?.Statement).toEqual([deny]);
    expect(materialise(d, "instance").document?.Statement).toEqual([allow, deny]);
  });

  it("cannot read an unknown Effect, Version, statement or document: UNKNOWN, located", () => {
    expect(materialise(doc({ Effect: new Unknown(H.cond), Action: "*", Resource: "*" }), "generous").unknownReason).toBe(
      "the `Effect` of a statement is not known: `Fn::If c` is not known (t.yaml:3:7)",
    );
    expect(materialise({ Version: new Unknown(H.name), Statement: [] }, "generous").unknownReason).toMatch(
      /^the policy's `Version` is not known/,
    );
    expect(materialise(doc(new Unknown(H.list)), "strict").unknownReason).toMatch(/^a statement is not known/);
    expect(materialise(new Unknown(H.list), "generous").unknownReason).toMatch(/^the policy document is not known/);
  });

  it("fills every hole with its placeholder in the instance reading", () => {
    const d = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: [sym("arn:aws:s3:::", H.name), new Unknown(H.list)] });
    expect(materialise(d, "instance").document?.Statement).toEqual([
      { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::p-Ref Name", "p-Ref List"] },
    ]);
  });
});

/** The policy for one assignment of values to its holes (an unknown choice: `pick` says which branch). */
function assign(v: Value, values: Record<string, Value>, pick: boolean): Value | undefined {
  if (v instanceof Unknown) {
    if (v.alternatives)
      return pick
        ? v.alternatives[0] === undefined
          ? undefined
          : assign(v.alternatives[0], values, pick)
        : v.alternatives[1] === undefined
          ? undefined
          : assign(v.alternatives[1], values, pick);
    return values[v.hole.id];
  }
  if (v instanceof Sym) return v.parts.map((p) => (typeof p === "string" ? p : String(values[p.id]))).join("");
  if (Array.isArray(v))
    return v.flatMap((x) => {
      const a = assign(x, values, pick);
      return a === undefined ? [] : x instanceof Unknown && Array.isArray(a) ? a : [a];
    });
  if (isObject(v)) {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v)) {
      const a = assign(x, values, pick);
      if (a !== undefined) out[k] = a;
    }
    return out;
  }
  return v;
}

describe("soundness: generous ⊇ every assignment ⊇ strict", () => {
  const N = H.name.id;
  const A = H.acct.id;
  const L = H.list.id;
  const policies: Array<[string, Value, "IDENTITY_POLICY" | "RESOURCE_POLICY"]> = [
    [
      "identity: Allow and Deny patterns with holes, a choice",
      doc(
        { Effect: "Allow", Action: "s3:GetObject", Resource: sym("arn:aws:s3:::", H.name, "/*") },
        { Effect: "Allow", Action: "s3:PutObject", Resource: [new Unknown(H.list), "arn:aws:s3:::fixed/*"] },
        { Effect: "Deny", Action: "s3:GetObject", Resource: sym("arn:aws:s3:::", H.name, "/locked/*") },
        new Unknown(H.cond, [{ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders/*" }]),
        new Unknown(H.cond, [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "*" }]),
        {
          Effect: "Deny",
          NotAction: [sym("s3:", H.name)],
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalAccount": new Unknown(H.acct) } },
        },
      ),
      "IDENTITY_POLICY",
    ],
    [
      "resource: principals, conditions and a choice",
      doc(
        {
          Effect: "Allow",
          Principal: { AWS: sym("arn:aws:iam::", H.acct, ":root") },
          Action: "sqs:SendMessage",
          Resource: "*",
          Condition: { StringLike: { "aws:SourceArn": sym("arn:aws:sns:*:", H.acct, ":*") } },
        },
        new Unknown(H.cond, [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "sqs:ReceiveMessage",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": new Unknown(H.acct) } },
          },
        ]),
        {
          Effect: "Deny",
          Principal: "*",
          NotAction: "sqs:SendMessage",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalAccount": [new Unknown(H.acct)] } },
        },
        {
          Effect: "Allow",
          NotPrincipal: { AWS: [sym("arn:aws:iam::", H.acct, ":role/", H.name)] },
          Action: "sqs:DeleteMessage",
          Resource: "*",
        },
      ),
      "RESOURCE_POLICY",
    ],
  ];
  const assignments: Array<Record<string, Value>> = [
    { [N]: "orders", [A]: "111122223333", [L]: ["arn:aws:s3:::logs/*"] },
    { [N]: "*", [A]: "444455556666", [L]: "*" },
    { [N]: "locked", [A]: "111122223333", [L]: ["arn:aws:s3:::a?c", "arn:aws:s3:::orders/locked/x"] },
    { [N]: "Get*", [A]: "999999999999", [L]: [] },
    { [N]: "orders", [A]: "444455556666", [L]: "arn:aws:s3:::orders/locked/*" },
  ];
  for (const [title, policy, policyType] of policies) {
    it(
      title,
      async () => {
        const generous = materialise(policy, "generous").document!;
        const strict = materialise(policy, "strict").document!;
        let passes = 0;
        for (const values of assignments)
          for (const pick of [true, false]) {
            const concrete = JSON.stringify(assign(policy, values, pick));
            const wider = await checkNoNewAccess({
              existingPolicyDocument: JSON.stringify(generous),
              newPolicyDocument: concrete,
              policyType,
            });
            const narrower = await checkNoNewAccess({
              existingPolicyDocument: concrete,
              newPolicyDocument: JSON.stringify(strict),
              policyType,
            });
            for (const r of [wider, narrower]) {
              expect(r.result, `${JSON.stringify(values)} ${pick}: ${JSON.stringify(r.counterexample)}`).not.toBe("FAIL");
              if (r.result === "PASS") passes++;
            }
          }
        expect(passes).toBeGreaterThan(15);
      },
      120_000,
    );
  }
});
