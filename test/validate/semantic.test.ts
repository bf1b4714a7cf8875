// The response in AWS's terms (AWS's own documented example, reproduced to the offset), the
// semantic decisions (REDUNDANT_STATEMENT by check-no-new-access, PassRole by
// check-access-not-granted), request validation, and the command's exit codes and output.

import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { close, KeyakiError, validatePolicy, type ValidatePolicyFinding } from "../../src/index.js";

afterAll(() => close());

const V = "2012-10-17";
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: V, Statement }, null, 2);
const id = async (text: string, semantic = true) =>
  (await validatePolicy({ policyDocument: text, policyType: "IDENTITY_POLICY" }, { semantic, timeoutSeconds: 20 })).findings;
const only = (fs: ValidatePolicyFinding[], code: string) => fs.filter((f) => f.issueCode === code);

// The AWS CLI's documented validate-policy example (aws-cli, examples/accessanalyzer/validate-policy.rst):
// its policy file, and the locations AWS answered for EMPTY_SID_VALUE and MISMATCHED_ACTION_FOR_PRINCIPAL.
const AWS_EXAMPLE = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}`;

describe("AWS's response shape", () => {
  it("reproduces AWS's documented example: codes, types, paths and spans", async () => {
    const r = await validatePolicy({
      policyDocument: AWS_EXAMPLE,
      policyType: "RESOURCE_POLICY",
      validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument",
    });
    const sid = only(r.findings, "EMPTY_SID_VALUE")[0];
    expect(sid.findingType).toBe("SUGGESTION");
    expect(sid.learnMoreLink).toBe(
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value",
    );
    expect(sid.locations).toEqual([
      {
        path: [{ value: "Statement" }, { index: 0 }, { value: "Sid" }],
        span: { start: { line: 5, column: 19, offset: 79 }, end: { line: 5, column: 21, offset: 81 } },
      },
    ]);
    const mismatch = only(r.findings, "MISMATCHED_ACTION_FOR_PRINCIPAL")[0];
    expect(mismatch.findingType).toBe("ERROR");
    expect(mismatch.learnMoreLink).toBe(
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-mismatched-action-for-principal",
    );
    expect(mismatch.locations).toEqual([
      {
        path: [{ value: "Statement" }, { index: 0 }, { value: "Action" }, { index: 0 }],
        span: { start: { line: 11, column: 16, offset: 258 }, end: { line: 11, column: 32, offset: 274 } },
      },
      {
        path: [{ value: "Statement" }, { index: 0 }, { value: "Principal" }, { value: "Federated" }],
        span: { start: { line: 8, column: 29, offset: 170 }, end: { line: 8, column: 61, offset: 202 } },
      },
    ]);
  });

  it("answers a document that is not JSON with a located JSON_SYNTAX_ERROR finding, not a rejection", async () => {
    const r = await validatePolicy({
      policyDocument: '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}',
      policyType: "IDENTITY_POLICY",
    });
    expect(r.findings.map((f) => [f.issueCode, f.findingType])).toEqual([["JSON_SYNTAX_ERROR", "ERROR"]]);
    expect(r.findings[0].locations[0].span.start).toEqual({ line: 3, column: 16, offset: 45 });
  });

  it("rejects a bad request with a KeyakiError", async () => {
    await expect(validatePolicy({ policyDocument: "{}", policyType: "ACCESS_POLICY" as never })).rejects.toBeInstanceOf(KeyakiError);
    await expect(
      validatePolicy({ policyDocument: "{}", policyType: "IDENTITY_POLICY", validatePolicyResourceType: "AWS::S3::Bucket" }),
    ).rejects.toThrow(/only with policy type RESOURCE_POLICY/);
    await expect(
      validatePolicy({ policyDocument: "{}", policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::SQS::Queue" as never }),
    ).rejects.toThrow(/resource type/);
    await expect(validatePolicy({ policyDocument: 42 as never, policyType: "IDENTITY_POLICY" })).rejects.toThrow(/JSON string/);
  });
});

describe("REDUNDANT_STATEMENT, decided by the engine", () => {
  const getAll = { Effect: "Allow", Action: "s3:*", Resource: "*" };
  const getOne = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };

  it("reports a statement another one covers, which AWS's equal-text rule misses", async () => {
    const f = only(await id(doc(getAll, getOne)), "REDUNDANT_STATEMENT");
    expect(f.map((x) => x.locations[0].path)).toEqual([[{ value: "Statement" }, { index: 1 }]]);
    expect(f[0].findingDetails).toMatch(/keyaki proves/);
  });

  it("keeps a statement whose access is not all covered (the covering one has a condition)", async () => {
    const conditional = { ...getAll, Condition: { Bool: { "aws:SecureTransport": "true" } } };
    expect(only(await id(doc(conditional, getOne)), "REDUNDANT_STATEMENT")).toEqual([]);
  });

  it("reports a Deny that another Deny already covers, and not the wider one", async () => {
    const wide = { Effect: "Deny", Action: "s3:Delete*", Resource: "*" };
    const narrow = { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::b" };
    const f = only(await id(doc(getAll, wide, narrow)), "REDUNDANT_STATEMENT");
    expect(f.map((x) => x.locations[0].path)).toEqual([[{ value: "Statement" }, { index: 2 }]]);
    expect(f[0].findingDetails).toMatch(/denies nothing/);
  });

  it("keeps a Deny that meets no Allow of its own policy: it still denies what other policies allow", async () => {
    const guard = { Effect: "Deny", Action: "iam:*", Resource: "*" };
    expect(only(await id(doc(getOne, guard)), "REDUNDANT_STATEMENT")).toEqual([]);
  });

  it("of two equal statements reports only the later, so all reported can be removed together", async () => {
    const f = only(await id(doc(getOne, { ...getOne, Sid: "Copy" })), "REDUNDANT_STATEMENT");
    expect(f.map((x) => x.locations[0].path)).toEqual([[{ value: "Statement" }, { index: 1 }]]);
    expect(f[0].findingDetails).toMatch(/repeats statement 0/);
  });

  it("falls back to AWS's syntactic rule when no check can read the document, and says so", async () => {
    const broken = { ...getAll, Action: "s3:GetObject", Condition: { StringEqual: { "aws:PrincipalTag/t": "x" } } };
    const f = only(await id(doc(broken, getOne, getOne)), "REDUNDANT_STATEMENT");
    expect(f.map((x) => x.locations[0].path)).toEqual([[{ value: "Statement" }, { index: 2 }]]);
    expect(f[0].findingDetails).toMatch(/did not confirm/);
  });
});

describe("PassRole, confirmed or refuted by the engine", () => {
  const passAll = { Effect: "Allow", Action: "iam:PassRole", Resource: "*" };

  it("confirms a PassRole * the policy really allows", async () => {
    const f = only(await id(doc(passAll)), "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    expect(f).toHaveLength(1);
    expect(f[0].findingDetails).toMatch(/keyaki confirms it/);
  });

  it("keeps AWS's code but says the semantics disagree when a Deny makes it harmless", async () => {
    const deny = { Effect: "Deny", Action: "iam:PassRole", Resource: "*" };
    const f = only(await id(doc(passAll, deny)), "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    expect(f).toHaveLength(1);
    expect(f[0].findingDetails).toMatch(/semantics disagree with the syntax/);
  });

  it("gives AWS's syntactic finding alone when the engine is off", async () => {
    const f = only(await id(doc(passAll), false), "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    expect(f).toHaveLength(1);
    expect(f[0].findingDetails).not.toMatch(/keyaki/);
  });
});

describe("keyaki validate-policy", () => {
  async function cli(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
      cwd: process.cwd(),
      env: {},
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => "",
    });
    return { code, stdout, stderr };
  }

  it("exits 2 with an ERROR or SECURITY_WARNING, 0 with suggestions only, 1 on a bad request", async () => {
    const error = await cli(["validate-policy", "--policy-document", "{", "--policy-type", "IDENTITY_POLICY", "--output", "json"]);
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout).findings[0].issueCode).toBe("JSON_SYNTAX_ERROR");
    const suggestion = await cli([
      "validate-policy",
      "--policy-document",
      doc({ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(suggestion.code).toBe(0);
    expect(suggestion.stdout).toMatch(/^1 finding: 1 suggestion\.\n\n<policy-document>:5:14: SUGGESTION EMPTY_SID_VALUE: /);
    const clean = await cli([
      "validate-policy",
      "--policy-document",
      doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(clean).toEqual({ code: 0, stdout: "No findings.\n", stderr: "" });
    const bad = await cli([
      "validate-policy",
      "--policy-document",
      "{}",
      "--policy-type",
      "IDENTITY_POLICY",
      "--validate-policy-resource-type",
      "AWS::S3::Bucket",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^keyaki: error INVALID_RESOURCE_TYPE: /);
    const usage = await cli(["validate-policy", "--policy-document", "{}", "--policy-type", "ACCESS_POLICY"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("`SERVICE_CONTROL_POLICY`");
  });
});
