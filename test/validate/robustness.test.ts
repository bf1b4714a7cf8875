// validate-policy on hostile and broken input: never a rejection for a bad document, never a
// crash, and every finding well-formed (AWS's code, type and anchor; locations inside the text,
// line and column agreeing with the offset). Documents: every prefix of a real policy (each cut
// is a JSON syntax error), random single-character edits of it, and random JSON values of
// policy-like shapes (fast-check).

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { close, validatePolicy, type ValidatePolicyFinding } from "../../src/index.js";
import { CHECKS, learnMoreLink } from "../../src/validate/codes.js";
import { positionOf } from "../../src/validate/locate.js";

afterAll(() => close());

const POLICY = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "A",
        Effect: "Allow",
        Action: ["iam:PassRole", "s3:Get*", "s3:GetObject"],
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "203.0.113.5/24"] } },
      },
      {
        Effect: "Deny",
        NotAction: "iam:*",
        NotResource: "arn:aws:s3:::b/${aws:username}",
        Condition: { StringEquals: { "aws:ResourceTag/env": "prod" } },
      },
    ],
  },
  null,
  2,
);

function wellFormed(text: string, findings: ValidatePolicyFinding[]): void {
  for (const f of findings) {
    const info = CHECKS.find((c) => c.code === f.issueCode);
    expect(info, f.issueCode).toBeDefined();
    expect(f.findingType).toBe(info!.findingType);
    expect(f.learnMoreLink).toBe(learnMoreLink(f.issueCode));
    expect(f.locations.length).toBeGreaterThan(0);
    for (const { span } of f.locations) {
      expect(span.start.offset).toBeLessThanOrEqual(span.end.offset);
      expect(span.end.offset).toBeLessThanOrEqual(text.length);
      expect(positionOf(text, span.start.offset)).toEqual(span.start);
    }
  }
}

async function run(text: string, policyType: "IDENTITY_POLICY" | "RESOURCE_POLICY" | "SERVICE_CONTROL_POLICY" = "IDENTITY_POLICY") {
  const r = await validatePolicy({ policyDocument: text, policyType }, { semantic: false });
  wellFormed(text, r.findings);
  return r.findings;
}

describe("validate-policy on broken input", () => {
  it("every proper prefix of a policy is a JSON_SYNTAX_ERROR finding", async () => {
    for (let n = 0; n < POLICY.length; n += 7) {
      const findings = await run(POLICY.slice(0, n));
      expect(findings.map((f) => f.issueCode)).toEqual(["JSON_SYNTAX_ERROR"]);
    }
  });

  it("random one-character edits never crash and give well-formed findings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(POLICY.length - 1),
        fc.string({ minLength: 0, maxLength: 2 }),
        fc.constantFrom("IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY") as fc.Arbitrary<"IDENTITY_POLICY">,
        async (at, s, type) => {
          await run(POLICY.slice(0, at) + s + POLICY.slice(at + 1), type);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random policy-shaped JSON never crashes", async () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("*", "s3:GetObject", "arn:aws:s3:::b/*", "Allow", "Deny", "${aws:username}"),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        scalar,
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom(
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "Principal",
            "Condition",
            "StringEquals",
            "aws:SourceIp",
            "AWS",
            "Sid",
            "x",
          ),
          tie("v"),
          { maxKeys: 4 },
        ),
      ),
    })).v;
    const policy = fc.record({ Version: fc.constantFrom("2012-10-17", "2008-10-17"), Statement: fc.array(value, { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(policy, async (p) => {
        await run(JSON.stringify(p));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a document over keyaki's 1 MiB limit (no check reads it), and deep nesting is a syntax error", async () => {
    const huge = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "x".repeat(1_100_000) }],
    });
    await expect(validatePolicy({ policyDocument: huge, policyType: "IDENTITY_POLICY" })).rejects.toMatchObject({
      code: "POLICY_TOO_LARGE",
    });
    const deep = "[".repeat(5000) + "]".repeat(5000);
    expect((await run(deep)).map((f) => f.issueCode)).toEqual(["JSON_SYNTAX_ERROR"]);
  });
});
