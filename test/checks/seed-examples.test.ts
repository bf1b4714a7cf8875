// The four policies AWS uses to introduce custom policy checks (shared/reference/seed-examples.md),
// with the answers stated there.
import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { Request } from "../../src/iam/request.js";
import { reasonAt } from "./reason-at.js";

afterAll(() => close());

const publicBucket = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET" }],
});
const bucketUpdate = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: "123456789012",
      Action: ["s3:PutObject", "s3:DeleteBucket"],
      Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET",
    },
  ],
});
const identityPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["ec2:DescribeInstance*", "ec2:StartInstances", "ec2:StopInstances"],
      Resource: "arn:aws:ec2:*:*:instance/*",
    },
    {
      Effect: "Allow",
      Action: ["s3:GetObject*", "s3:PutObject", "s3:DeleteBucket"],
      Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*",
    },
  ],
});

function allowedBy(text: string, type: "IDENTITY_POLICY" | "RESOURCE_POLICY", request: Request): boolean {
  const policy = parsePolicy(text, type).policy!;
  return evaluatePolicy(policy, request, { keyTypes: keyTypesOf([policy]) }).allowed === true;
}

describe("seed examples (AWS's introduction of custom policy checks)", () => {
  it("policy 1 → policy 3 grants new access (s3:DeleteBucket to account 123456789012)", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: publicBucket,
      newPolicyDocument: bucketUpdate,
      policyType: "RESOURCE_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The modified permissions grant new access compared to your existing policy.");
    expect(r.reasons).toEqual([reasonAt("New access in the statement with index: 0.", 0, "newPolicyDocument")]);
    const cx = r.counterexample!;
    expect(cx.action.toLowerCase()).toBe("s3:deletebucket");
    expect(allowedBy(bucketUpdate, "RESOURCE_POLICY", cx as Request)).toBe(true);
    expect(allowedBy(publicBucket, "RESOURCE_POLICY", cx as Request)).toBe(false);
    // The bare account id is read as the account principal, with a warning.
    expect(r.diagnostics?.map((d) => d.code)).toContain("BARE_ACCOUNT_PRINCIPAL");
  });

  it("policy 3 → policy 1 also grants new access (policy 1 is public)", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: bucketUpdate,
      newPolicyDocument: publicBucket,
      policyType: "RESOURCE_POLICY",
    });
    expect(r.result).toBe("FAIL");
    const cx = r.counterexample!;
    expect(allowedBy(publicBucket, "RESOURCE_POLICY", cx as Request)).toBe(true);
    expect(allowedBy(bucketUpdate, "RESOURCE_POLICY", cx as Request)).toBe(false);
  });

  it("a policy grants no new access over itself", async () => {
    for (const [doc, type] of [
      [publicBucket, "RESOURCE_POLICY"],
      [bucketUpdate, "RESOURCE_POLICY"],
      [identityPolicy, "IDENTITY_POLICY"],
    ] as const) {
      const r = await checkNoNewAccess({ existingPolicyDocument: doc, newPolicyDocument: doc, policyType: type });
      expect(r.result).toBe("PASS");
      expect(r.reasons).toEqual([]);
      expect(r.counterexample).toBeUndefined();
    }
  });

  it("policy 3 grants s3:DeleteBucket", async () => {
    const r = await checkAccessNotGranted({
      policyDocument: bucketUpdate,
      access: [{ actions: ["s3:DeleteBucket"] }],
      policyType: "RESOURCE_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The policy document grants access to perform one or more of the listed actions.");
    expect(r.reasons).toEqual([reasonAt("One or more of the listed actions in the statement with index: 0.", 0)]);
    expect(r.counterexample!.action).toBe("s3:DeleteBucket");
  });

  it("policy 4 grants s3:DeleteBucket, pinpointed to statement index 1", async () => {
    const r = await checkAccessNotGranted({
      policyDocument: identityPolicy,
      access: [{ actions: ["s3:DeleteBucket"] }],
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([1]);
    expect(r.counterexample!.action).toBe("s3:DeleteBucket");
    expect(r.counterexample!.resource).toMatch(/^arn:aws:s3:::DOC-EXAMPLE-BUCKET\//);
  });

  it("policy 4 does not grant iam:PassRole", async () => {
    const r = await checkAccessNotGranted({
      policyDocument: identityPolicy,
      access: [{ actions: ["iam:PassRole"] }],
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("PASS");
    expect(r.message).toBe("The policy document does not grant access to perform one or more of the listed actions.");
  });

  it("output is deterministic", async () => {
    const a = await checkNoNewAccess({
      existingPolicyDocument: publicBucket,
      newPolicyDocument: bucketUpdate,
      policyType: "RESOURCE_POLICY",
    });
    const b = await checkNoNewAccess({
      existingPolicyDocument: publicBucket,
      newPolicyDocument: bucketUpdate,
      policyType: "RESOURCE_POLICY",
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
