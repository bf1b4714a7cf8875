// Nested stacks read through their parents (src/scan/nested.ts): golden extraction of real-looking
// templates (parameters passed with !GetAtt / !Ref / literals / Defaults, a CDK nested stack, a
// remote TemplateURL, cycles), the guards (depth, count, no reader), and `keyaki scan` failing
// located in the child template, standalone and through the parent, with `--base` matching.
// Regenerate the goldens with KEYAKI_UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractSource } from "../../src/scan/extract.js";
import { createManagedPolicies } from "../../src/scan/managed.js";
import { MAX_NESTED_STACKS, MAX_NESTING_DEPTH } from "../../src/scan/nested.js";
import type { ScanReport } from "../../src/scan/run.js";
import { expectGolden, policySummary } from "./golden.js";
import { ssmTrustTemplate } from "./ssm-template.js";
import { git, scanCli } from "./scan-cli.js";

const FIXTURES = join(import.meta.dirname, "fixtures-nested");
const managed = createManagedPolicies();

const reader = (dir: string) => (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined);

function extract(rel: string, options = {}, dir = FIXTURES, read: "read" | "no reader" = "read") {
  const readFile = read === "read" ? reader(dir) : undefined;
  return extractSource(readFileSync(join(dir, rel), "utf8"), rel, { options, managed, readFile })!;
}

function summary(rel: string) {
  const r = extract(rel);
  return {
    kind: r.kind,
    diagnostics: r.diagnostics,
    read: r.sources && Object.keys(r.sources),
    policies: r.policies.map((p) => policySummary(p, true)),
  };
}

const FILES = [
  "nested/parent.yaml",
  "nested/storage.yaml",
  "nested/network/network.yaml",
  "nested/cycle/a.yaml",
  "nested/cycle/self.yaml",
  "nested/cdk/AppStack.template.json",
  "sam/template.yaml",
  "sam/app.yaml",
];

describe("golden extraction: nested stacks and SAM", () => {
  for (const rel of FILES) {
    it(rel, () => expectGolden(rel, summary(rel)));
  }
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "keyaki-nested-"));
}

const STACK = (id: string, url: string) => `  ${id}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${url}\n`;

describe("nested stacks", () => {
  it("reads the parent's values into the child, located in the child, named by the stack they came through", () => {
    const r = extract("nested/parent.yaml", { partition: "aws", account: "111122223333", parameters: { Stage: "prod" } });
    const p = r.policies.find((x) => x.name === "nested/parent.yaml#Storage > LogsBucketPolicy/PolicyDocument")!;
    expect(p).toMatchObject({ file: "nested/storage.yaml", pointer: "/Resources/LogsBucketPolicy/Properties/PolicyDocument" });
    expect(p.unresolved).toEqual([]);
    expect(JSON.stringify(p.document)).toContain('"Resource":"arn:aws:s3:::app-logs-prod/*"');
    expect(JSON.stringify(p.document)).toContain('"AWS":"arn:aws:iam::111122223333:root"');
  });

  it("reads a nested stack's output in the parent (`!GetAtt Stack.Outputs.Name`) from the child", () => {
    const r = extract("nested/parent.yaml", { partition: "aws", account: "111122223333", parameters: { Stage: "prod" } });
    const topic = r.policies.find((x) => x.name === "AlertsTopicPolicy/PolicyDocument")!;
    expect(JSON.stringify(topic.document)).toContain('"Principal":{"AWS":"arn:aws:iam::111122223333:role/operator-prod"}');
    // unknowns inside the output are located at the GetAtt, in the parent
    const loose = extract("nested/parent.yaml", { partition: "aws", parameters: { Stage: "prod" } });
    const hole = loose.policies.find((x) => x.name === "AlertsTopicPolicy/PolicyDocument")!.unresolved[0];
    expect(hole).toMatchObject({ id: "AWS::AccountId", file: "nested/parent.yaml", line: 42, column: 28 });
    expect(hole.reason).toContain("(output `OperatorRoleArn` of nested stack `Network`, `nested/network/network.yaml`)");
  });

  it("reads an output the parent passes back into the same stack as unknown, not as a loop", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "p.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${STACK("A", "c.yaml")}      Parameters:\n        In: !GetAtt A.Outputs.Out\n`,
    );
    writeFileSync(
      join(dir, "c.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  In: { Type: String }
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Ref In }]
Outputs:
  Out: { Value: !Ref In }
`,
    );
    const [p] = extract("p.yaml", {}, dir).policies;
    expect(p.unresolved.map((h) => h.id)).toEqual(["GetAtt A.Outputs.Out"]);
  });

  it("reads each nested output once, however many parameters it feeds down a chain of stacks", () => {
    const dir = tmp();
    const stacks = Array.from({ length: 12 }, (_, i) => {
      const from = (p: string) => (i === 0 ? `"${p}"` : `!GetAtt S${i - 1}.Outputs.O`);
      return `${STACK(`S${i}`, "c.yaml")}      Parameters:\n        A: ${from("a")}\n        B: ${from("b")}\n        C: ${from("c")}\n`;
    });
    writeFileSync(
      join(dir, "p.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${stacks.join("")}  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !GetAtt S11.Outputs.O }]
`,
    );
    writeFileSync(
      join(dir, "c.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"
Parameters: { A: { Type: String }, B: { Type: String }, C: { Type: String } }
Resources: {}
Outputs:
  O: { Value: !Join ["", [!Ref A, !Ref B]] }
`,
    );
    const [p] = extract("p.yaml", {}, dir).policies;
    const resource = (p.document as { Statement: Array<{ Resource: string }> }).Statement[0].Resource;
    expect(resource === "ab".repeat(2 ** 11)).toBe(true);
  }, 20_000);

  it("does not give `--parameters` to a child: its parameters come from the parent only", () => {
    const r = extract("nested/parent.yaml", { partition: "aws", parameters: { Stage: "dev", BucketArn: "arn:aws:s3:::elsewhere" } });
    const p = r.policies.find((x) => x.name.endsWith("#Storage > LogsBucketPolicy/PolicyDocument"))!;
    expect(JSON.stringify(p.document)).toContain("arn:aws:s3:::app-logs-dev/*");
    expect(JSON.stringify(p.document)).not.toContain("elsewhere");
  });

  it("reports a local child it cannot read as a located error, never drops it", () => {
    const r = extract("nested/parent.yaml", {}, FIXTURES, "no reader");
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "nested/parent.yaml:15:20 SCAN_NESTED_READ_ERROR",
      "nested/parent.yaml:23:20 SCAN_NESTED_READ_ERROR",
    ]);
    expect(r.policies.map((p) => p.name)).toEqual(["AlertsTopicPolicy/PolicyDocument"]);
  });

  it("stops nesting that is too deep, and too many nested stacks, with a located error", () => {
    const dir = tmp();
    for (let i = 0; i <= MAX_NESTING_DEPTH + 1; i++)
      writeFileSync(join(dir, `t${i}.yaml`), `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${STACK("Next", `t${i + 1}.yaml`)}`);
    const deep = extract("t0.yaml", {}, dir);
    expect(deep.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([`t${MAX_NESTING_DEPTH - 1}.yaml SCAN_NESTED_TOO_DEEP`]);
    // A diamond: each level nests the next one twice, 2^6 = 64 ways down.
    for (let i = 0; i < 7; i++)
      writeFileSync(
        join(dir, `d${i}.yaml`),
        `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${STACK("Left", `d${i + 1}.yaml`)}${STACK("Right", `d${i + 1}.yaml`)}`,
      );
    writeFileSync(join(dir, "d7.yaml"), `AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n`);
    const wide = extract("d0.yaml", {}, dir);
    expect(new Set(wide.diagnostics.map((d) => d.code))).toEqual(new Set(["SCAN_NESTED_TOO_MANY"]));
    expect(wide.diagnostics[0].message).toContain(`more than ${MAX_NESTED_STACKS} nested stacks`);
  });

  it("reads a Systems Manager parameter of a child as unknown, whatever the parent passes or its Default says", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "p.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${STACK("A", "c.yaml")}      Parameters:\n        Account: /org/trusted-account\n`,
    );
    writeFileSync(
      join(dir, "c.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"\n` + ssmTrustTemplate({ Account: undefined, Other: "/org/other-account" }),
    );
    const [trust] = extract("p.yaml", {}, dir).policies;
    expect(trust.name).toBe("p.yaml#A > R/AssumeRolePolicyDocument");
    expect(trust.unresolved.map((h) => h.reason)).toEqual([
      "parameter `Account` is read from Systems Manager at deployment",
      "parameter `Other` is read from Systems Manager at deployment",
    ]);
  });

  it("reads a child that is not a template, or does not parse, as a located error", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "p.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${STACK("A", "a.json")}${STACK("B", "b.yaml")}`,
    );
    writeFileSync(join(dir, "a.json"), '{"Statement": []}');
    writeFileSync(join(dir, "b.yaml"), "Resources:\n  X: [\n");
    const r = extract("p.yaml", {}, dir);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      "p.yaml:6 SCAN_NESTED_NOT_TEMPLATE",
      "b.yaml:3 SCAN_PARSE_ERROR",
    ]);
  });
});

describe("keyaki scan: nested stacks", () => {
  const project = () => {
    const dir = tmp();
    for (const f of ["parent.yaml", "storage.yaml", "network"]) cpSync(join(FIXTURES, "nested", f), join(dir, f), { recursive: true });
    return dir;
  };

  it("fails a public bucket policy in the child through the parent, located in the child; standalone it depends on the parameters", async () => {
    const dir = project();
    const args = ["--output", "json", "--account", "111122223333", "--partition", "aws", "--parameters", "Stage=prod", "."];
    const r = await scanCli(args, dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(r.code).toBe(2);
    const bucket = report.results
      .filter((x) => x.check === "check-no-public-access" && report.policies[x.policy].resourceType === "AWS::S3::Bucket")
      .map((x) => [
        report.policies[x.policy].file,
        report.policies[x.policy].name,
        x.result,
        x.reasons.map((y) => `${y.file}:${y.line}:${y.column}`),
      ]);
    expect(bucket).toEqual([
      ["storage.yaml", "parent.yaml#Storage > LogsBucketPolicy/PolicyDocument", "FAIL", ["storage.yaml:18:13"]],
      // Standalone, `BucketArn` is any value: public for some of them (a FAIL on the generous
      // reading), but the placeholder is no bucket, so not confirmed.
      ["storage.yaml", "LogsBucketPolicy/PolicyDocument", "UNKNOWN", []],
    ]);
    // The topic policy's principal is the child's role, read through the child's output: not public.
    const topic = report.results.find(
      (x) => x.check === "check-no-public-access" && report.policies[x.policy].name === "AlertsTopicPolicy/PolicyDocument",
    );
    expect(topic?.result).toBe("PASS");
    // The remote template is reported, located in the parent.
    expect(report.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.code}`)).toEqual(["parent.yaml:30:20 SCAN_NESTED_UNRESOLVED"]);
    const text = await scanCli(
      args.filter((a) => a !== "json" && a !== "--output"),
      dir,
    );
    expect(text.stdout).toContain("storage.yaml:18:13:");
    expect(text.stdout).toContain("> 18 |           - Sid: PublicRead");
  }, 60_000);

  it("reads a child named only through its parent, with its code frames", async () => {
    const dir = project();
    const r = await scanCli(["--account", "111122223333", "--partition", "aws", "--parameters", "Stage=prod", "parent.yaml"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("FAIL     check-no-public-access  parent.yaml#Storage > LogsBucketPolicy/PolicyDocument");
    expect(r.stdout).toContain("> 18 |           - Sid: PublicRead");
  }, 60_000);

  it("matches a child's policies with the same ones at the base (`--base`), through the parent", async () => {
    const dir = project();
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    // The parent now trusts another account in the child's role: new access, in the child.
    writeFileSync(join(dir, "parent.yaml"), readFileSync(join(dir, "parent.yaml"), "utf8").replace('"111122223333"', '"444455556666"'));
    const r = await scanCli(["--base", "main", "--output", "json", "--partition", "aws", "--parameters", "Stage=prod", "parent.yaml"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    const against = report.results
      .filter((x) => x.against === "main")
      .map((x) => [report.policies[x.policy].name, x.result])
      .sort();
    expect(against).toContainEqual(["parent.yaml#Network > OperatorRole/AssumeRolePolicyDocument", "FAIL"]);
    expect(against).toContainEqual(["parent.yaml#Network > OperatorRole/Policies/ports/PolicyDocument", "PASS"]);
    expect(report.base).toMatchObject({ new: [], removed: [] });
  }, 60_000);

  it("a base whose nested template is missing still compares the parent's own policies; the child's are new", async () => {
    const dir = tmp();
    const bucket = (principal: string) =>
      `  Own:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: own\n      PolicyDocument:\n        Version: "2012-10-17"\n` +
      `        Statement:\n          - Effect: Allow\n            Principal: {AWS: "${principal}"}\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::own/*\n`;
    writeFileSync(join(dir, "parent.yaml"), `Resources:\n${STACK("Child", "child.yaml")}${bucket("arn:aws:iam::111122223333:root")}`);
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base: the child template is not there yet");
    writeFileSync(join(dir, "child.yaml"), `Resources:\n${bucket("arn:aws:iam::111122223333:root").replace(/own/g, "kid")}`);
    const r = await scanCli(["--base", "main", "--output", "json", "--partition", "aws", "parent.yaml"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.warnings.map((w) => w.code)).not.toContain("SCAN_BASE_UNREADABLE");
    const compared = report.results.filter((x) => x.against === "main").map((x) => [report.policies[x.policy].name, x.result]);
    expect(compared).toEqual([["Own/PolicyDocument", "PASS"]]);
    expect(report.base?.new.map((i) => report.policies[i].name)).toEqual(["parent.yaml#Child > Own/PolicyDocument"]);
  }, 60_000);
});
