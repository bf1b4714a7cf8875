// End-to-end checks on resource patterns whose reading AWS's documents leave open.

import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close } from "../../src/index.js";

afterAll(() => close());

const allow = (Action: string, Resource = "*") => ({ Effect: "Allow", Action, Resource });

describe("a Deny with a wildcard in the service segment (§2.2, §10.3)", () => {
  it("does not prove a literal Deny replaced by it: AWS may read the wildcard literally", async () => {
    const policy = (deny: string) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:*"), { Effect: "Deny", Action: "s3:*", Resource: deny }] });
    const r = await checkNoNewAccess({ existingPolicyDocument: policy("arn:aws:s3:::b"), newPolicyDocument: policy("arn:aws:s3*:::b"), policyType: "IDENTITY_POLICY" });
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toBe("arn:aws:s3:::b");
    expect(r.diagnostics?.map((d) => d.code)).toContain("RESOURCE_SERVICE_WILDCARD");
  });
});
