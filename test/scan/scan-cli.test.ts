// `keyaki scan` in-process: sources found and recognised, checks configured, the report's shapes
// and exit codes, bad files reported located while the others are still scanned, and `--base`
// on a temporary git repository (a narrowing commit passes, a widening one fails at the
// statement in the template).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, scanCli } from "./scan-cli.js";
import type { ScanReport } from "../../src/scan/run.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cli = scanCli;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "keyaki-scan-"));
}

const BUCKET = (statements: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports-example
  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Reports
      PolicyDocument:
        Version: 2012-10-17
        Statement:
${statements}`;

const READ = (prefix: string) => `          - Sid: PartnerRead
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: s3:GetObject
            Resource: !Sub "\${Reports.Arn}/${prefix}"
`;

describe("keyaki scan", () => {
  it("scans a directory of every source kind and answers in the JSON shape", async () => {
    const r = await cli(["--output", "json", "--account", "111122223333", "--region", "eu-west-1", "--partition", "aws", "."], FIXTURES);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(r.code).toBe(2);
    const files = new Set(report.policies.map((p) => p.file));
    expect([...files].sort()).toEqual([
      "cdk.out/NetworkStack.template.json",
      "cdk.out/ServiceStack.template.json",
      "cfn/app.yaml",
      "cfn/platform.json",
      "policies/bucket-policy.json",
      "policies/identity.json",
      "terraform/plan.json",
    ]);
    for (const res of report.results) {
      expect(report.policies[res.policy]).toBeDefined();
      expect(["PASS", "FAIL", "UNKNOWN"]).toContain(res.result);
      if (res.result === "FAIL" && res.check !== "validate-policy") expect(res.counterexample).toBeDefined();
    }
    // default checks: no-public-access on resource policies, validate-policy on every policy
    // but AWS managed ones (attached by ARN) and wholly unknown documents, which are listed as skipped
    expect(new Set(report.results.map((x) => x.check))).toEqual(new Set(["check-no-public-access", "validate-policy"]));
    expect(
      report.results
        .filter((x) => x.check === "check-no-public-access")
        .every((x) => report.policies[x.policy].policyType === "RESOURCE_POLICY"),
    ).toBe(true);
    report.policies.forEach((p, i) => {
      const ran = report.results.some((x) => x.policy === i && x.check === "validate-policy");
      const skipped = report.skipped.some((x) => x.policy === i && x.check === "validate-policy");
      expect(ran !== skipped, `${p.name}: validate-policy ran or was skipped`).toBe(true);
      if (skipped) expect(p.kind === "managed" || p.unresolved.length > 0).toBe(true);
    });
    // The real-looking fixtures have no ERROR finding; their findings are located in the source.
    const findings = report.results.flatMap((x) => x.findings ?? []);
    expect(findings.filter((f) => f.findingType === "ERROR")).toEqual([]);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.findingType} ${f.issueCode}`).sort()).toEqual([
      "terraform/plan.json:148:32 SECURITY_WARNING RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
      "terraform/plan.json:175:21 SECURITY_WARNING RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
      "terraform/plan.json:17:35 WARNING SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
    ]);
    const efs = report.results.find((x) => report.policies[x.policy].name === "SharedFileSystem/FileSystemPolicy")!;
    expect(efs.result).toBe("FAIL");
    expect(efs.reasons[0]).toMatchObject({
      file: "cfn/platform.json",
      line: 148,
      column: 13,
      pointer: "/Resources/SharedFileSystem/Properties/FileSystemPolicy/Statement/0",
    });
    expect(report.summary).toMatchObject({ files: 8, policies: report.policies.length, errors: 0 });
    expect(report.summary.pass + report.summary.fail + report.summary.unknown).toBe(report.results.length);
  }, 60_000);

  it("reads an unresolved principal as anyone, and says UNKNOWN rather than FAIL when only that fails", async () => {
    const r = await cli(["--output", "json", "cfn/app.yaml"], FIXTURES);
    const report = JSON.parse(r.stdout) as ScanReport;
    const key = report.results.find((x) => report.policies[x.policy].name === "OrdersKey/KeyPolicy")!;
    expect(key.result).toBe("UNKNOWN");
    expect(key.diagnostics?.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(["SCAN_UNRESOLVED 205:25"]);
    expect(key.diagnostics?.[0].message).toBe("`AWS::AccountId` is not known: give `--account`; the check reads it as any value");
    expect(r.code).toBe(3);
    const known = await cli(["--output", "json", "--account", "111122223333", "--partition", "aws", "cfn/app.yaml"], FIXTURES);
    const again = JSON.parse(known.stdout) as ScanReport;
    expect(again.results.find((x) => again.policies[x.policy].name === "OrdersKey/KeyPolicy")!.result).toBe("PASS");
  }, 60_000);

  it("reports a bad file located and still scans the others", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "good.yaml"), BUCKET(READ("public/*")));
    writeFileSync(
      join(dir, "broken.yaml"),
      "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::S3::Bucket\n   Properties: {}\n",
    );
    writeFileSync(join(dir, "broken.json"), '{\n  "Resources": {\n    "A": {"Type": "AWS::S3::Bucket"\n  }\n}\n');
    writeFileSync(
      join(dir, "plan.json"),
      '{"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {"resources": [\n  {"address": "x"}\n  {"address": "y"}]}}}\n',
    );
    writeFileSync(join(dir, "package.json"), '{"name": "not-a-source"}\n');
    const r = await cli([], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  PASS     check-no-public-access  ReportsPolicy/PolicyDocument  12:9");
    expect(r.stdout).toMatch(/broken\.yaml:5:\d+: error SCAN_PARSE_ERROR: /);
    expect(r.stdout).toContain("broken.json:5:2: error SCAN_PARSE_ERROR: unexpected end of input found\n");
    expect(r.stdout).toMatch(/plan\.json:3:3: error SCAN_PARSE_ERROR: /);
    expect(r.stdout).not.toContain("package.json");
    expect(r.stdout).toContain("  PASS     validate-policy  ReportsPolicy/PolicyDocument  12:9");
    expect(r.stdout).toMatch(/1 policy in 4 files: 2 passed, 0 failed, 0 unknown, 0 skipped; 3 errors\n$/);
  }, 60_000);

  it("honours .gitignore in a directory, and scans an ignored assembly named on the command line", async () => {
    const dir = tmp();
    cpSync(join(FIXTURES, "cdk.out"), join(dir, "cdk.out"), { recursive: true });
    writeFileSync(join(dir, ".gitignore"), "cdk.out\n");
    writeFileSync(
      join(dir, "policy.json"),
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
      }),
    );
    const all = JSON.parse((await cli(["--output", "json"], dir)).stdout) as ScanReport;
    expect(all.policies.map((p) => p.file)).toEqual(["policy.json"]);
    expect(all.results[0]).toMatchObject({ result: "FAIL", reasons: [{ file: "policy.json", line: 1, column: 38 }] });
    const cdk = JSON.parse(
      (
        await cli(
          ["--output", "json", "--account", "111122223333", "--region", "eu-west-1", "--partition", "aws", "cdk.out/manifest.json"],
          dir,
        )
      ).stdout,
    ) as ScanReport;
    expect([...new Set(cdk.policies.map((p) => p.file))]).toEqual([
      "cdk.out/NetworkStack.template.json",
      "cdk.out/ServiceStack.template.json",
    ]);
  }, 60_000);

  it("runs the checks a config file names, found upward", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "infra"));
    writeFileSync(
      join(dir, "reference.json"),
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
    );
    writeFileSync(
      join(dir, "keyaki.config.yaml"),
      `checks:
  - check: check-access-not-granted
    actions: [iam:PassRole]
    policyTypes: [IDENTITY_POLICY]
  - check: check-no-external-access
    trustedAccounts: [111122223333]
  - check: check-no-new-access
    referencePolicies:
      IDENTITY_POLICY: reference.json
`,
    );
    cpSync(join(FIXTURES, "terraform", "plan.json"), join(dir, "infra", "plan.json"));
    const r = JSON.parse(
      (await cli(["--output", "json", "--account", "111122223333", "--region", "eu-west-1", "--partition", "aws", "."], join(dir, "infra")))
        .stdout,
    ) as ScanReport;
    const by = (check: string, name: string) => r.results.find((x) => x.check === check && r.policies[x.policy].name === name);
    expect(by("check-access-not-granted", "aws_iam_role_policy.extra/policy")?.result).toBe("FAIL");
    expect(by("check-access-not-granted", "aws_iam_user_policy.bot/policy")?.result).toBe("PASS");
    expect(by("check-no-external-access", "module.storage.module.queue.aws_sns_topic_policy.this/policy")?.result).toBe("PASS");
    expect(by("check-no-external-access", "module.storage.module.queue.aws_ecr_repository_policy.this/policy")).toBeUndefined();
    expect(by("check-no-new-access", "aws_iam_policy.ci/policy")?.result).toBe("PASS");
    expect(by("check-no-new-access", "aws_iam_role.deployer/inline_policy/deploy")?.result).toBe("FAIL");
    // the unknown-until-apply attachment is an UNKNOWN, never a PASS
    expect(by("check-no-new-access", "aws_iam_role_policy_attachment.ci/policy_arn")?.result).toBe("UNKNOWN");
  }, 60_000);

  it("checks every value a finite unknown may take: a FAIL names the one that fails", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "stage.yaml"),
      `Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
Resources:
  Docs:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: docs
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: !If [IsDev, "*", {AWS: "arn:aws:iam::111122223333:root"}]
            Action: s3:GetObject
            Resource: !Sub "arn:\${AWS::Partition}:s3:::docs-\${Stage}/*"
`,
    );
    const all = JSON.parse((await cli(["--output", "json"], dir)).stdout) as ScanReport;
    expect(all.results.map((x) => `${x.check} ${x.result}`)).toEqual(["check-no-public-access FAIL", "validate-policy PASS"]);
    // validate-policy reads every assignment and merges their findings: it names none
    expect(all.results[1].assignment).toBeUndefined();
    const r = { ...all, results: all.results.filter((x) => x.check === "check-no-public-access") };
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({ result: "FAIL", assignment: { "AWS::Partition": "aws", Stage: "dev" } });
    expect(r.results[0].counterexample?.resource).toBe("arn:aws:s3:::docs-dev/example");
    const prod = JSON.parse((await cli(["--output", "json", "--parameters", "Stage=prod"], dir)).stdout) as ScanReport;
    expect(prod.results.map((x) => x.check)).toEqual(["check-no-public-access", "validate-policy"]);
    expect(prod.results[0]).toMatchObject({ result: "PASS" });
    expect(prod.results[0].assignment).toBeUndefined();
  }, 60_000);

  it("reports a bad config located, and bad usage", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "keyaki.config.yaml"), "checks:\n  - check: check-no-external-access\n    trustedAcounts: [1]\n");
    const r = await cli([], dir);
    expect(r).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^keyaki\.config\.yaml:3:21: error SCAN_CONFIG_ERROR: unknown field `trustedAcounts`/),
    });
    expect((await cli(["--jobs", "0"], dir)).stderr).toBe(
      "keyaki: error USAGE_ERROR: invalid value `0` for `--jobs`; expected a positive whole number (see `keyaki scan --help`)\n",
    );
    expect((await cli(["--help"], dir)).stdout).toMatch(/^Usage: keyaki scan \[PATH \.\.\.\]/);
  });
});

describe("keyaki scan --base", () => {
  const repo = () => {
    const dir = tmp();
    git(dir, "init", "-q", "-b", "main");
    mkdirSync(join(dir, "templates"));
    writeFileSync(join(dir, "templates", "reports.yaml"), BUCKET(READ("*")));
    writeFileSync(join(dir, "templates", "old.yaml"), BUCKET(READ("old/*")));
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    return dir;
  };

  it("passes a change that narrows a policy, and lists new and removed policies", async () => {
    const dir = repo();
    writeFileSync(join(dir, "templates", "reports.yaml"), BUCKET(READ("public/*")));
    execFileSync("rm", [join(dir, "templates", "old.yaml")]);
    writeFileSync(
      join(dir, "templates", "queue.json"),
      JSON.stringify({
        Resources: {
          Q: {
            Type: "AWS::SQS::QueuePolicy",
            Properties: {
              Queues: ["q"],
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sqs:SendMessage", Resource: "*" },
                ],
              },
            },
          },
        },
      }),
    );
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "narrow");
    const r = await cli(["--base", "HEAD~1", "--output", "json"], dir);
    const report = JSON.parse(r.stdout) as ScanReport;
    const base = report.results.filter((x) => x.against === "HEAD~1");
    expect(base.map((x) => [report.policies[x.policy].name, x.check, x.result])).toEqual([
      ["ReportsPolicy/PolicyDocument", "check-no-new-access", "PASS"],
    ]);
    expect(report.base?.new.map((i) => report.policies[i].file)).toEqual(["templates/queue.json"]);
    expect(report.base?.removed.map((p) => `${p.file} ${p.name}`)).toEqual(["templates/old.yaml ReportsPolicy/PolicyDocument"]);
    expect(r.code).toBe(0);
  }, 60_000);

  it("fails a change that widens a policy, located at the statement in the template", async () => {
    const dir = repo();
    writeFileSync(
      join(dir, "templates", "reports.yaml"),
      BUCKET(
        READ("*") +
          `          - Sid: PartnerWrite
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: s3:PutObject
            Resource: !Sub "\${Reports.Arn}/incoming/*"
`,
      ),
    );
    const r = await cli(["--base", "main"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("  FAIL     check-no-new-access (against main)  ReportsPolicy/PolicyDocument  12:9");
    expect(r.stdout).toContain("templates/reports.yaml:20:13: New access in the following statement with sid: PartnerWrite.");
    expect(r.stdout).toContain("> 20 |           - Sid: PartnerWrite");
    expect(r.stdout).toContain("action:    s3:PutObject");
  }, 60_000);

  it("compares each assignment of the finite unknowns with the same one at the base", async () => {
    const dir = repo();
    // The base spells the partition as AWS::Partition, the change hard-codes `aws`: the same in
    // the aws partition; in every other one the change's `arn:aws:` ARN names no resource, so it
    // grants less, not more. Each assignment's checks run in its own partition (a check in `aws`
    // of the aws-cn variant would find "new access" to an aws bucket no aws-cn request names).
    writeFileSync(
      join(dir, "templates", "reports.yaml"),
      BUCKET(READ("*").replace('!Sub "${Reports.Arn}/*"', "arn:aws:s3:::reports-example/*")),
    );
    const r = JSON.parse((await cli(["--base", "HEAD", "--output", "json", "templates/reports.yaml"], dir)).stdout) as ScanReport;
    const res = r.results.find((x) => x.against === "HEAD")!;
    expect(res).toMatchObject({ result: "PASS" });
  }, 60_000);

  it("lists the policies of a file whose base version cannot be read as new, with a warning", async () => {
    const dir = repo();
    writeFileSync(join(dir, "templates", "reports.yaml"), "Resources:\n  A: [\n");
    git(dir, "commit", "-qam", "broken");
    writeFileSync(join(dir, "templates", "reports.yaml"), BUCKET(READ("*")));
    const r = JSON.parse((await cli(["--base", "HEAD", "--output", "json", "templates/reports.yaml"], dir)).stdout) as ScanReport;
    expect(r.base?.new.map((i) => r.policies[i].name)).toEqual(["ReportsPolicy/PolicyDocument"]);
    expect(r.warnings.map((w) => `${w.file}:${w.line} ${w.code}`)).toEqual(["templates/reports.yaml:3 SCAN_BASE_UNREADABLE"]);
  }, 60_000);

  it("rejects a ref that is no commit", async () => {
    const dir = repo();
    const r = await cli(["--base", "no-such-ref"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error SCAN_BASE_ERROR: cannot read the base `no-such-ref`/);
  });
});
