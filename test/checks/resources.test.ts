// End-to-end checks on resource patterns whose reading AWS's documents leave open.

import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close } from "../../src/index.js";

afterAll(() => close());

const allow = (Action: string, Resource = "*") => ({ Effect: "Allow", Action, Resource });

describe("a Deny with a wildcard in the service segment (§2.2, §10.3)", () => {
  it("does not prove a literal Deny replaced by it: AWS may read the wildcard literally", async () => {
    const policy = (deny: string) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:*"), { Effect: "Deny", Action: "s3:*", Resource: deny }] });
    const r = await checkNoNewAccess({
      existingPolicyDocument: policy("arn:aws:s3:::b"),
      newPolicyDocument: policy("arn:aws:s3*:::b"),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toBe("arn:aws:s3:::b");
    expect(r.diagnostics?.map((d) => d.code)).toContain("RESOURCE_SERVICE_WILDCARD");
  });
});

describe("a Deny with a wildcard in the resource-type prefix (§2.2.4, §10.3)", () => {
  const policy = (deny: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [allow("iam:*"), { Effect: "Deny", Action: "iam:*", Resource: deny }] });
  it("does not prove a literal Deny replaced by it: AWS may read the type prefix literally", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: policy("arn:aws:iam::111122223333:user/x"),
      newPolicyDocument: policy("arn:aws:iam::111122223333:u*"),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toBe("arn:aws:iam::111122223333:user/x");
    expect(r.diagnostics?.map((d) => d.code)).toContain("RESOURCE_TYPE_WILDCARD");
  });
  it("proves a Deny widened past the type (`user/*`): no ambiguity there", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: policy("arn:aws:iam::111122223333:user/x"),
      newPolicyDocument: policy("arn:aws:iam::111122223333:user/*"),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("PASS");
  });
  it("proves the same Deny in both policies: one construct, one reading", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: policy("arn:aws:iam::111122223333:u*"),
      newPolicyDocument: policy("arn:aws:iam::111122223333:u*"),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("PASS");
  });
});
