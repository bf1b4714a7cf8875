// Golden extraction results: every fixture's policies (name, kind, types, pointer, position,
// unresolved parts) and documents with holes, against test/scan/golden/*.json. Regenerate with
// KEYAKI_UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTORS } from "../../src/scan/cloudformation.js";
import { extractSource } from "../../src/scan/extract.js";
import { createManagedPolicies } from "../../src/scan/managed.js";
import { TF_SITES } from "../../src/scan/terraform.js";
import { parseSource, nodeAt } from "../../src/scan/tree.js";
import { expectGolden, policySummary } from "./golden.js";
import { ssmTrustTemplate } from "./ssm-template.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const managed = createManagedPolicies();

function extract(rel: string, options = {}) {
  const text = readFileSync(join(FIXTURES, rel), "utf8");
  return extractSource(text, rel, { options, managed })!;
}

function summary(rel: string) {
  const r = extract(rel);
  return {
    kind: r.kind,
    includes: r.includes,
    diagnostics: r.diagnostics,
    policies: r.policies.map((p) => policySummary(p)),
  };
}

const FILES = [
  "cfn/app.yaml",
  "cfn/platform.json",
  "cdk.out/manifest.json",
  "cdk.out/NetworkStack.template.json",
  "cdk.out/ServiceStack.template.json",
  "terraform/plan.json",
  "policies/bucket-policy.json",
  "policies/identity.json",
];

describe("golden extraction", () => {
  for (const rel of FILES) {
    it(rel, () => expectGolden(rel, summary(rel)));
  }
});

describe("extraction", () => {
  it("covers every CloudFormation resource type it knows with a fixture", () => {
    const types = new Set<string>();
    for (const rel of ["cfn/app.yaml", "cfn/platform.json"]) {
      const root = parseSource(readFileSync(join(FIXTURES, rel), "utf8"), rel).root!;
      for (const p of extract(rel).policies) {
        const id = p.pointer.split("/")[2];
        const t = nodeAt(root, `/Resources/${id}/Type`);
        if (t.type === "scalar") types.add(String(t.value));
      }
    }
    for (const t of [...Object.keys(EXTRACTORS), "AWS::Lambda::Permission", "AWS::Lambda::LayerVersionPermission"])
      expect(types, t).toContain(t);
  });

  it("points each policy at its document in the parsed source, at the line and column given", () => {
    for (const rel of ["cfn/app.yaml", "cfn/platform.json", "terraform/plan.json"]) {
      const root = parseSource(readFileSync(join(FIXTURES, rel), "utf8"), rel).root!;
      for (const p of extract(rel).policies) {
        if (p.kind === "synthesized") continue;
        const node = nodeAt(root, p.pointer);
        expect(`${node.loc.line}:${node.loc.column}`, `${rel} ${p.name}`).toBe(`${p.line}:${p.column}`);
      }
    }
  });

  it("keeps an unquoted YAML `Version: 2012-10-17` a string", () => {
    const p = extract("cfn/app.yaml").policies.find((x) => x.name === "OrdersRole/AssumeRolePolicyDocument")!;
    expect((p.document as { Version: unknown }).Version).toBe("2012-10-17");
  });

  it("resolves pseudo parameters and parameters from the options", () => {
    const r = extract("cfn/app.yaml", {
      account: "111122223333",
      region: "eu-west-1",
      partition: "aws",
      parameters: {
        Stage: "prod",
        TrustedAccount: "444455556666",
        ReaderArns: "arn:aws:iam::444455556666:role/a, arn:aws:iam::444455556666:role/b",
      },
    });
    const bucket = r.policies.find((x) => x.name === "OrdersBucketPolicy/PolicyDocument")!;
    expect(bucket.unresolved).toEqual([]);
    expect(JSON.stringify(bucket.document)).toContain('"arn:aws:s3:::orders-111122223333/*"');
    expect(JSON.stringify(bucket.document)).toContain('"AWS":["arn:aws:iam::444455556666:role/a","arn:aws:iam::444455556666:role/b"]');
    // Stage=prod makes IsProd true: the Fn::If statement is there, the NoValue branch gone
    const inline = r.policies.find((x) => x.name === "OrdersRole/Policies/QueueAccess/PolicyDocument")!;
    const st = (inline.document as { Statement: Array<{ Action: unknown }> }).Statement;
    expect(st.map((s) => s.Action)).toEqual([["sqs:SendMessage", "sqs:ReceiveMessage"], "kms:Decrypt"]);
    // the generated queue name and key id stay holes, never a made-up name
    expect(inline.unresolved.map((h) => h.id).sort()).toEqual(
      ["Fn::Split [,, {Fn::Sub: ${IncomingQueue.Arn},${OutgoingQueue.Arn}}]", "key id of OrdersKey"].sort(),
    );
  });

  it("reads a Systems Manager parameter as unknown even when --parameters gives it (what is given is the parameter's name)", () => {
    const text = ssmTrustTemplate({ TrustedAccount: undefined });
    const [trust] = extractSource(text, "t.yaml", {
      options: { parameters: { TrustedAccount: "/org/trusted-account" } },
      managed,
    })!.policies;
    expect(trust.unresolved.map((h) => `${h.id} @${h.line}:${h.column}: ${h.reason}`)).toEqual([
      "Ref TrustedAccount @12:36: parameter `TrustedAccount` is read from Systems Manager at deployment",
    ]);
    expect(JSON.stringify(trust.document)).not.toContain("/org/trusted-account");
  });

  it("reads a Terraform plan's unknown-until-apply policy as a located hole, and skips data sources", () => {
    const r = extract("terraform/plan.json");
    const kms = r.policies.find((p) => p.name === "module.storage.aws_kms_key.this/policy")!;
    expect(kms.unresolved.map((h) => h.reason)).toEqual(["`module.storage.aws_kms_key.this/policy` is known only after apply"]);
    expect(r.policies.some((p) => p.name.startsWith("data."))).toBe(false);
    // an empty policy attribute (aws_sqs_queue.policy = "") is no policy
    expect(r.policies.some((p) => p.name === "module.storage.module.queue.aws_sqs_queue.this/policy")).toBe(false);
  });

  it("extracts every Terraform resource type it knows", () => {
    const resources = Object.entries(TF_SITES).map(([type, sites], i) => {
      const values: Record<string, unknown> = {};
      const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
      for (const s of sites) {
        if (s.blocks) values[s.blocks] = [{ name: "inline", [s.attr]: doc }];
        else if (s.managed)
          values[s.attr] =
            s.attr === "managed_policy_arns" ? ["arn:aws:iam::aws:policy/ReadOnlyAccess"] : "arn:aws:iam::aws:policy/ReadOnlyAccess";
        else values[s.attr] = doc;
      }
      return { address: `${type}.r${i}`, mode: "managed", type, name: `r${i}`, values };
    });
    resources.push({
      address: "aws_lambda_permission.p",
      mode: "managed",
      type: "aws_lambda_permission",
      name: "p",
      values: { action: "lambda:InvokeFunction", function_name: "f", principal: "*" },
    });
    const text = JSON.stringify(
      { format_version: "1.2", terraform_version: "1.9.5", planned_values: { root_module: { resources } } },
      null,
      1,
    );
    const r = extractSource(text, "plan.json", { options: {}, managed })!;
    const types = new Set(r.policies.map((p) => p.name.split(".")[0]));
    for (const t of Object.keys(TF_SITES)) expect(types, t).toContain(t);
    expect(r.policies.find((p) => p.kind === "synthesized")?.resourceType).toBe("AWS::Lambda::Function");
    const sitesCount = Object.values(TF_SITES).reduce((n, s) => n + s.length, 0);
    expect(r.policies.length).toBe(sitesCount + 1);
  });
});

describe("malformed sources", () => {
  it("locates a YAML syntax error", () => {
    const r = extractSource("AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: [AWS::S3::Bucket\n", "bad.yaml", {
      options: {},
      managed,
    })!;
    expect(r.policies).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ severity: "error", code: "SCAN_PARSE_ERROR", file: "bad.yaml", line: 5 });
  });

  it("locates a JSON syntax error and a duplicate key", () => {
    const bad = extractSource('{"Resources": {"A": {"Type": "AWS::S3::Bucket",}}}', "bad.json", { options: {}, managed })!;
    expect(bad.diagnostics[0]).toMatchObject({ code: "SCAN_PARSE_ERROR", line: 1, column: 48 });
    const dup = extractSource('{\n "Statement": [],\n "Statement": []\n}', "dup.json", { options: {}, managed })!;
    expect(dup.diagnostics[0]).toMatchObject({ code: "SCAN_PARSE_ERROR", message: "duplicate key `Statement`", line: 3, column: 2 });
  });

  it("does not claim a file that is no source, and reports a broken plan", () => {
    expect(extractSource('{"name": "x", "version": "1.0.0"}', "package.json", { options: {}, managed })).toBeUndefined();
    expect(extractSource("just: yaml\n", "x.yaml", { options: {}, managed })).toBeUndefined();
    const plan = extractSource('{"format_version": "1.2", "planned_values": {"root_module": {"resources": [}}}', "plan.json", {
      options: {},
      managed,
    })!;
    expect(plan.diagnostics[0]).toMatchObject({ code: "SCAN_PARSE_ERROR", line: 1 });
  });

  it("reads a resource name that refers to itself as a hole, not a loop", () => {
    const t =
      'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${B.Arn}-x"\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: !GetAtt B.Arn}]\n';
    const r = extractSource(t, "self.yaml", { options: { partition: "aws" }, managed })!;
    expect(r.diagnostics).toEqual([]);
    expect(r.policies[0].unresolved.map((h) => h.id)).toEqual(["GetAtt B.Arn"]);
  });

  it("stops an alias bomb", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill("*" + String.fromCharCode(96 + i))
          .join(", ")}]`,
      );
    lines.push("Resources: {}");
    const r = extractSource(lines.join("\n"), "bomb.yaml", { options: {}, managed }, true)!;
    expect(r.diagnostics[0]).toMatchObject({ code: "SCAN_PARSE_ERROR" });
  });
});
