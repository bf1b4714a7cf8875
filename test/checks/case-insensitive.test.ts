// End to end: case-insensitive operators against case-sensitive ones (issue 10's wrong PASS).
// The solver front once split a variable pinned by `StringEqualsIgnoreCase "blue"` into the one
// case "blue" and called "unsat in every case" a proof, so every shape below answered PASS; each
// must FAIL with a counterexample whose value differs from the literal in case only.

import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, close } from "../../src/index.js";

afterAll(() => close());

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const list = (condition: object, effect = "Allow", extra: object = {}) => ({
  Effect: effect,
  Action: "s3:ListBucket",
  Resource: "*",
  Condition: condition,
  ...extra,
});
const noNew = (existing: string, updated: string, policyType: "IDENTITY_POLICY" | "RESOURCE_POLICY" = "IDENTITY_POLICY") =>
  checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType });

/** The counterexample's value equals `text` ignoring case, and differs from it. */
function expectOtherCase(value: unknown, texts: string[]) {
  expect(typeof value).toBe("string");
  const v = value as string;
  expect(texts.some((t) => t.toLowerCase() === v.toLowerCase())).toBe(true);
  expect(texts).not.toContain(v);
}

describe("a case-insensitive Allow grants other spellings", () => {
  it("check-no-new-access: StringEqualsIgnoreCase against StringEquals (the issue's repro)", async () => {
    const r = await noNew(
      doc(list({ StringEquals: { "s3:prefix": "blue" } })),
      doc(list({ StringEqualsIgnoreCase: { "s3:prefix": "blue" } })),
    );
    expect(r.result).toBe("FAIL");
    expectOtherCase(r.counterexample!.context["s3:prefix"], ["blue"]);
  });

  it("with several values", async () => {
    const values = ["blue", "Red", "green"];
    const r = await noNew(
      doc(list({ StringEquals: { "s3:prefix": values } })),
      doc(list({ StringEqualsIgnoreCase: { "s3:prefix": values } })),
    );
    expect(r.result).toBe("FAIL");
    expectOtherCase(r.counterexample!.context["s3:prefix"], values);
  });

  it("with ForAnyValue on a single-valued key", async () => {
    const r = await noNew(
      doc(list({ StringEquals: { "s3:prefix": "blue" } })),
      doc(list({ "ForAnyValue:StringEqualsIgnoreCase": { "s3:prefix": "blue" } })),
    );
    expect(r.result).toBe("FAIL");
  });

  it("against an existing StringLike, `?` and IfExists", async () => {
    for (const existing of [
      { StringLike: { "s3:prefix": "blue" } },
      { StringLike: { "s3:prefix": "b?ue" } },
      { StringEqualsIfExists: { "s3:prefix": "blue" } },
    ]) {
      const r = await noNew(doc(list(existing)), doc(list({ StringEqualsIgnoreCase: { "s3:prefix": "blue" } })));
      expect(r.result, JSON.stringify(existing)).toBe("FAIL");
    }
  });

  it("with a 2,000-character literal (strings are at most 2,048 characters: policy/limits.ts)", async () => {
    const long = "b".repeat(2_000);
    const r = await noNew(doc(list({ StringEquals: { "s3:prefix": long } })), doc(list({ StringEqualsIgnoreCase: { "s3:prefix": long } })));
    expect(r.result).toBe("FAIL");
    expectOtherCase(r.counterexample!.context["s3:prefix"], [long]);
  });

  it("check-access-not-granted: an IgnoreCase Allow minus a case-sensitive Deny of the same value", async () => {
    const policy = doc(list({ StringEqualsIgnoreCase: { "s3:prefix": "blue" } }), list({ StringEquals: { "s3:prefix": "blue" } }, "Deny"));
    const r = await checkAccessNotGranted({
      policyDocument: policy,
      access: [{ actions: ["s3:ListBucket"] }],
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expectOtherCase(r.counterexample!.context["s3:prefix"], ["blue"]);
  });

  it("check-no-public-access: the same shape on a bucket policy", async () => {
    const bucket = (condition: object, effect: string) => ({
      Effect: effect,
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*",
      Condition: condition,
    });
    const policy = doc(
      bucket({ StringEqualsIgnoreCase: { "s3:ExistingObjectTag/team": "blue" } }, "Allow"),
      bucket({ StringEquals: { "s3:ExistingObjectTag/team": "blue" } }, "Deny"),
    );
    const r = await checkNoPublicAccess({ policyDocument: policy, resourceType: "AWS::S3::Bucket" });
    expect(r.result).toBe("FAIL");
  });

  it("on aws:PrincipalOrgID and aws:PrincipalTag in a resource policy", async () => {
    for (const key of ["aws:PrincipalOrgID", "aws:PrincipalTag/team"]) {
      const stmt = (op: string) => ({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::b/*",
        Condition: { [op]: { [key]: "o-abc" } },
      });
      const r = await noNew(doc(stmt("StringEquals")), doc(stmt("StringEqualsIgnoreCase")), "RESOURCE_POLICY");
      expect(r.result, key).toBe("FAIL");
    }
  });

  it("the case-sensitive neighbour still passes: StringEquals grants nothing StringEqualsIgnoreCase does not", async () => {
    const r = await noNew(
      doc(list({ StringEqualsIgnoreCase: { "s3:prefix": "blue" } })),
      doc(list({ StringEquals: { "s3:prefix": "blue" } })),
    );
    expect(r.result).toBe("PASS");
  });
});
