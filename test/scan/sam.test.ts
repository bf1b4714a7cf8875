// AWS SAM functions' and state machines' `Policies` (src/scan/sam.ts): each kind of item read as
// what SAM makes of it, a `Role` that turns them off, and `keyaki scan` failing at the item in
// the template. The golden extraction of the fixture is in nested.test.ts.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractSource } from "../../src/scan/extract.js";
import { createManagedPolicies } from "../../src/scan/managed.js";
import type { ScanReport } from "../../src/scan/run.js";
import { Unknown } from "../../src/scan/value.js";
import { scanCli } from "./scan-cli.js";

const FIXTURE = join(import.meta.dirname, "fixtures-nested", "sam", "template.yaml");
const managed = createManagedPolicies();

function extract(text: string, options = {}) {
  return extractSource(text, "template.yaml", { options, managed })!;
}

const FUNCTION = (policies: string, extra = "") => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
${extra}      Policies: ${policies}
`;

describe("SAM Policies", () => {
  it("reads an AWS managed policy by name as the one at its path, and by ARN", () => {
    const r = extract(FUNCTION("[AWSLambdaBasicExecutionRole, arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"));
    const [byName, byArn] = r.policies;
    expect(byName).toMatchObject({ name: "Fn/Policies/0", kind: "managed", policyType: "IDENTITY_POLICY", unresolved: [] });
    expect(byName.document).toEqual(managed.document("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    expect(byArn.document).toEqual(byName.document);
    // the name is not the ARN without its path
    expect(managed.document("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")).toBeUndefined();
  });

  it("keeps a name or ARN it does not know as an unresolved reference, never drops it", () => {
    const r = extract(
      FUNCTION("[NoSuchManagedPolicyName, 'arn:aws:iam::123456789012:policy/mine', !Ref PolicyArn]").replace(
        "Resources:",
        "Parameters:\n  PolicyArn:\n    Type: String\nResources:",
      ),
    );
    expect(r.policies.map((p) => [p.name, p.document instanceof Unknown, p.unresolved.map((h) => `${h.line}:${h.column}`)])).toEqual([
      ["Fn/Policies/0", true, ["13:18"]],
      ["Fn/Policies/1", true, ["13:43"]],
      ["Fn/Policies/2", true, ["13:89"]],
    ]);
  });

  it("reads a single inline document, and a SAM policy template as unknown with a located warning", () => {
    const inline = extract(
      FUNCTION("\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'"),
    );
    expect(inline.policies.map((p) => [p.name, p.kind, p.pointer])).toEqual([
      ["Fn/Policies", "identity", "/Resources/Fn/Properties/Policies"],
    ]);
    expect(inline.policies[0].document).toEqual({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    const template = extract(FUNCTION("\n        - S3ReadPolicy:\n            BucketName: reports"));
    expect(template.policies[0].document).toBeInstanceOf(Unknown);
    expect(template.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.path}`)).toEqual([
      "11:11 SCAN_SAM_POLICY_TEMPLATE /Resources/Fn/Properties/Policies/0",
    ]);
  });

  it("reads the items of a list an intrinsic gives", () => {
    const text = FUNCTION("!If [Prod, [AWSLambdaBasicExecutionRole, AmazonS3ReadOnlyAccess], [AdministratorAccess]]").replace(
      "Resources:",
      "Parameters:\n  Env:\n    Type: String\nConditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:",
    );
    const prod = extract(text, { parameters: { Env: "prod" } });
    expect(prod.policies.map((p) => [p.name, p.kind, p.pointer, p.unresolved.length])).toEqual([
      ["Fn/Policies/0", "managed", "/Resources/Fn/Properties/Policies", 0],
      ["Fn/Policies/1", "managed", "/Resources/Fn/Properties/Policies", 0],
    ]);
    // Env unknown: which list is not known, so the one item is wholly unknown (UNKNOWN, never PASS).
    const unknown = extract(text);
    expect(unknown.policies.map((p) => [p.name, p.document instanceof Unknown])).toEqual([["Fn/Policies", true]]);
  });

  it("reads no Policies when Role is set, but does when Role may be unset", () => {
    const trust =
      "      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }\n";
    const generated = extract(FUNCTION("[AdministratorAccess]", trust));
    expect(generated.policies.map((p) => [p.name, p.kind, p.resourceType])).toEqual([
      ["Fn/AssumeRolePolicyDocument", "trust", "AWS::IAM::AssumeRolePolicyDocument"],
      ["Fn/Policies/0", "managed", undefined],
    ]);
    const set = extract(FUNCTION("[AdministratorAccess]", trust + "      Role: arn:aws:iam::111122223333:role/shared\n"));
    expect(set.policies).toEqual([]);
    const maybe = extract(
      FUNCTION("[AdministratorAccess]", "      Role: !If [Shared, arn:aws:iam::111122223333:role/shared, !Ref AWS::NoValue]\n").replace(
        "Resources:",
        "Parameters:\n  Mode:\n    Type: String\nConditions:\n  Shared: !Equals [!Ref Mode, shared]\nResources:",
      ),
    );
    expect(maybe.policies.map((p) => p.name)).toEqual(["Fn/Policies/0"]);
    const unset = extract(FUNCTION("[AdministratorAccess]", "      Role: !Ref AWS::NoValue\n"));
    expect(unset.policies.map((p) => p.name)).toEqual(["Fn/Policies/0"]);
  });
});

describe("keyaki scan: SAM", () => {
  it("fails a function granted what the config forbids, at the Policies item; a policy template is UNKNOWN, never PASS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-sam-"));
    cpSync(FIXTURE, join(dir, "template.yaml"));
    writeFileSync(
      join(dir, "keyaki.config.yaml"),
      "checks:\n  - check: check-access-not-granted\n    actions: [dynamodb:DeleteTable, sqs:DeleteMessage]\n    policyTypes: [IDENTITY_POLICY]\n",
    );
    const r = await scanCli(["--output", "json", "--account", "111122223333", "--region", "eu-west-1", "--partition", "aws", "."], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    const results = Object.fromEntries(report.results.map((x) => [report.policies[x.policy].name, x]));
    // SQSPollerPolicy may grant sqs:DeleteMessage: not known offline.
    expect(results["OrdersFunction/Policies/7"].result).toBe("UNKNOWN");
    expect(results["OrdersFunction/Policies/6"].result).toBe("PASS");
    expect(results["OrdersFunction/Policies/0"].result).toBe("PASS");
    expect(Object.keys(results).filter((n) => n.startsWith("AdminFunction"))).toEqual([]);
    expect(report.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.code}`)).toEqual([
      "template.yaml:58:11 SCAN_SAM_POLICY_TEMPLATE",
      "template.yaml:93:11 SCAN_SAM_POLICY_TEMPLATE",
    ]);
    expect(r.code).toBe(3);
    // AmazonDynamoDBFullAccess by name grants dynamodb:DeleteTable: a FAIL at the item.
    writeFileSync(
      join(dir, "template.yaml"),
      readFileSync(FIXTURE, "utf8").replace("- AmazonS3ReadOnlyAccess", "- AmazonDynamoDBFullAccess"),
    );
    const text = await scanCli(["--account", "111122223333", "--region", "eu-west-1", "--partition", "aws", "template.yaml"], dir);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("FAIL     check-access-not-granted  OrdersFunction/Policies/1  48:11");
  }, 60_000);

  it("fails a generated role's trust policy that anyone may assume, with the default checks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-sam-"));
    cpSync(FIXTURE, join(dir, "template.yaml"));
    const r = await scanCli(["--output", "json", "--account", "111122223333", "--partition", "aws", "template.yaml"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    const trust = report.results.filter((x) => x.check === "check-no-public-access" && report.policies[x.policy].kind === "trust");
    expect(trust.map((x) => [report.policies[x.policy].name, x.result, `${x.reasons[0]?.line}:${x.reasons[0]?.column}`])).toEqual([
      ["SharedRoleResource/AssumeRolePolicyDocument", "PASS", "undefined:undefined"],
      ["PartnerFunction/AssumeRolePolicyDocument", "FAIL", "108:13"],
    ]);
  }, 60_000);
});
