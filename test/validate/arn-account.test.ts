// INVALID_ARN_ACCOUNT flags only accounts no real ARN of the service has: 12 digits and the empty
// account pass, and so do the literal accounts real ARNs carry — those the catalogue's ARN formats
// write in the account place (MediaConnect's `offering`, Bedrock AgentCore's `aws`), `aws` (AWS's
// own resources, in every service) and IAM's `partner` (both in AWS managed policies) — while the
// same words in another service's ARN, and short or alphabetic accounts, are still flagged.
import { afterAll, describe, expect, it } from "vitest";
import { close, validatePolicy } from "../../src/index.js";
import { catalogueArnFormats } from "../../src/iam/resource-types.js";
import { literalAccounts } from "../../src/validate/arn-formats.js";

afterAll(() => close());

async function accountFindings(resource: string): Promise<string[]> {
  const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: resource }] };
  const r = await validatePolicy({ policyDocument: JSON.stringify(doc), policyType: "IDENTITY_POLICY" }, { semantic: false });
  return r.findings.filter((f) => f.issueCode === "INVALID_ARN_ACCOUNT").map((f) => f.findingDetails);
}

describe("INVALID_ARN_ACCOUNT", () => {
  it.each([
    "arn:aws:iam::partner:policy/permissions-boundary/DeveloperBoundary",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:mediaconnect:us-east-1:offering:o-1a2b3c4d5e",
    "arn:aws:bedrock-agentcore:us-east-1:aws:browser/aws.browser.v1",
    "arn:aws:sagemaker:us-west-2:aws:hub/SageMakerPublicHub",
    "arn:aws:sqs:us-east-1:111122223333:queue",
    "arn:aws:s3:::bucket/key",
  ])("accepts the real account of %s", async (arn) => {
    expect(await accountFindings(arn)).toEqual([]);
  });

  it.each([
    ["arn:aws:sqs:us-east-1:1111:queue", "1111"],
    ["arn:aws:sqs:us-east-1:offering:queue", "offering"],
    ["arn:aws:sqs:us-east-1:partner:queue", "partner"],
    ["arn:aws:mediaconnect:us-east-1:partner:o-1", "partner"],
    ["arn:aws:iam::offering:role/r", "offering"],
  ])("flags %s", async (arn, account) => {
    expect(await accountFindings(arn)).toEqual([`account \`${account}\` of \`${arn}\` is not a 12-digit account id`]);
  });

  it("accepts every literal account the catalogue's ARN formats write, for their service", () => {
    let literal = 0;
    for (const arn of catalogueArnFormats()) {
      const [, , service, , account] = arn.split(":");
      if (account === undefined || !/^[A-Za-z0-9-]+$/.test(account)) continue;
      literal++;
      expect(literalAccounts(service), arn).toContain(account);
    }
    expect(literal).toBeGreaterThan(0);
  });
});
