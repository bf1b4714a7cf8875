// `--output sarif` on every check command and validate-policy, through the built CLI. No SARIF 2.1.0 JSON schema is
// installable from npm here (none of the registry's SARIF packages ships it; the one that
// validates fetches it at run time), so each log is held to what GitHub code scanning requires
// of an upload (docs.github.com, "SARIF support for code scanning": version 2.1.0, runs,
// tool.driver.name and rules with ids, results with ruleId, message.text, and locations whose
// physicalLocation has artifactLocation.uri and region.startLine) and to SARIF 2.1.0's own rules
// that a schema would check (levels, ruleIndex consistency, region bounds, artifact indexes).
// Each region is also checked against the document: it must cover the statement or value at fault.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, keyaki, ROOT } from "../cli/built.js";
import { validateSarif } from "./sarif-shape.js";

beforeAll(ensureBuilt, 120_000);

/** Throws unless `log` is a SARIF 2.1.0 log GitHub code scanning accepts (sarif-shape.ts). */
function validate(log: Sarif.Log, texts: Record<string, string> = {}): void {
  validateSarif(log, (uri) => texts[uri]);
}

function sarif(args: string[], input?: string): { code: number | null; log: Sarif.Log } {
  const r = keyaki([...args, "--output", "sarif"], { input });
  expect(r.stderr).toBe("");
  return { code: r.code, log: JSON.parse(r.stdout) as Sarif.Log };
}

const file = (name: string) => `file://examples/${name}`;
const texts = Object.fromEntries(
  [
    "deploy-policy.json",
    "public-bucket.json",
    "bucket-update.json",
    "identity-policy.json",
    "org-bucket.json",
    "public-bucket-deny-outside.json",
  ].map((n) => [`examples/${n}`, readFileSync(join(ROOT, "examples", n), "utf8")]),
);
const located = (log: Sarif.Log, i: number) => {
  const p = log.runs[0].results![i].locations![0].physicalLocation!;
  const text = texts[p.artifactLocation!.uri!] ?? log.runs[0].artifacts![p.artifactLocation!.index!].contents!.text!;
  return text.slice(p.region!.charOffset, p.region!.charOffset! + p.region!.charLength!);
};

describe("--output sarif", () => {
  it("check-no-new-access FAIL: one error per reason at its statement, the counterexample, and the warning at its value", () => {
    const { code, log } = sarif([
      "check-no-new-access",
      "--existing-policy-document",
      file("public-bucket.json"),
      "--new-policy-document",
      file("bucket-update.json"),
      "--policy-type",
      "RESOURCE_POLICY",
    ]);
    expect(code).toBe(2);
    validate(log, texts);
    const results = log.runs[0].results!;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["check-no-new-access", "error"],
      ["BARE_ACCOUNT_PRINCIPAL", "warning"],
    ]);
    expect(results[0].locations![0].physicalLocation!.artifactLocation!.uri).toBe("examples/bucket-update.json");
    const statement = located(log, 0);
    expect(statement.startsWith("{") && statement.endsWith("}")).toBe(true);
    expect(JSON.parse(statement).Effect).toBe("Allow");
    expect(results[0].properties!.counterexample.action).toBe("s3:DeleteBucket");
    expect(located(log, 1)).toBe('"123456789012"');
  });

  it("check-no-new-access PASS: no result, every check's rule, a successful invocation", () => {
    const { code, log } = sarif([
      "check-no-new-access",
      "--existing-policy-document",
      file("public-bucket.json"),
      "--new-policy-document",
      file("public-bucket-deny-outside.json"),
      "--policy-type",
      "RESOURCE_POLICY",
    ]);
    expect(code).toBe(0);
    validate(log, texts);
    expect(log.runs[0].results!.filter((r) => r.ruleId === "check-no-new-access")).toEqual([]);
    expect(log.runs[0].tool.driver.rules!.map((r) => r.id).slice(0, 5)).toEqual([
      "check-no-new-access",
      "check-access-not-granted",
      "check-no-public-access",
      "check-no-external-access",
      "findings",
    ]);
    expect(log.runs[0].invocations![0].executionSuccessful).toBe(true);
  });

  it("check-access-not-granted from standard input: the document embedded, the statement at fault located in it", () => {
    const { code, log } = sarif(
      [
        "check-access-not-granted",
        "--policy-document",
        "-",
        "--access",
        '[{"actions":["s3:DeleteBucket"]}]',
        "--policy-type",
        "IDENTITY_POLICY",
      ],
      texts["examples/identity-policy.json"],
    );
    expect(code).toBe(2);
    validate(log, texts);
    expect(log.runs[0].results![0].properties!.statementIndex).toBe(1);
    expect(log.runs[0].results![0].locations![0].physicalLocation!.region!.startLine).toBe(13);
    expect(located(log, 0)).toMatch(/^\{[\s\S]*"Effect": "Allow"[\s\S]*\}$/);
  });

  it("check-no-public-access and check-no-external-access FAIL", () => {
    const pub = sarif(["check-no-public-access", "--policy-document", file("public-bucket.json"), "--resource-type", "AWS::S3::Bucket"]);
    expect(pub.code).toBe(2);
    validate(pub.log, texts);
    expect(pub.log.runs[0].results![0].message.text).toBe(
      "The resource policy grants public access for the given resource type. Public access granted in the following statement with index: 0.",
    );
    const ext = sarif([
      "check-no-external-access",
      "--policy-document",
      file("org-bucket.json"),
      "--resource-type",
      "AWS::S3::Bucket",
      "--trusted-accounts",
      "123456789012",
      "--trusted-organizations",
      "o-a1b2c3d4e5",
    ]);
    expect(ext.code).toBe(2);
    validate(ext.log, texts);
    expect(ext.log.runs[0].results![0].properties!.statementId).toBe("PartnerWrite");
  });

  it("findings: one error per finding at its statement", () => {
    const { code, log } = sarif([
      "findings",
      "--policy-document",
      file("org-bucket.json"),
      "--resource-type",
      "AWS::S3::Bucket",
      "--trusted-accounts",
      "123456789012",
    ]);
    expect(code).toBe(2);
    validate(log, texts);
    const results = log.runs[0].results!;
    expect(results.map((r) => r.ruleId)).toEqual(["findings", "findings"]);
    expect(results.map((r) => r.locations![0].physicalLocation!.region!.startLine)).toEqual([4, 12]);
  });

  it("validate-policy: one result per finding, its level from its type, at each of its locations", () => {
    const { code, log } = sarif(["validate-policy", "--policy-document", file("deploy-policy.json"), "--policy-type", "IDENTITY_POLICY"]);
    expect(code).toBe(2);
    validate(log, texts);
    const json = JSON.parse(
      keyaki(["validate-policy", "--policy-document", file("deploy-policy.json"), "--policy-type", "IDENTITY_POLICY", "--output", "json"])
        .stdout,
    );
    const level = { ERROR: "error", SECURITY_WARNING: "warning", WARNING: "warning", SUGGESTION: "note" } as Record<string, string>;
    expect(log.runs[0].results!.map((r) => [r.ruleId, r.level])).toEqual(
      json.findings.map((f: { issueCode: string; findingType: string }) => [f.issueCode, level[f.findingType]]),
    );
    const rule = log.runs[0].tool.driver.rules!.find((r) => r.id === "INVALID_ACTION")!;
    expect(rule.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it("UNKNOWN is a note, never silent", () => {
    const { code, log } = sarif([
      "check-no-public-access",
      "--policy-document",
      file("public-bucket.json"),
      "--resource-type",
      "AWS::S3::Bucket",
      "--timeout",
      "0.000000001",
    ]);
    expect(code).toBe(3);
    validate(log, texts);
    const results = log.runs[0].results!.filter((r) => r.ruleId === "check-no-public-access");
    expect(results).toHaveLength(1);
    expect(results[0].level).toBe("note");
    expect(results[0].message.text).toMatch(/^UNKNOWN: /);
  });

  it("an error in the policy: an error result at the value at fault, exit 1, on stdout", () => {
    const policy =
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceVpc": "vpc-1"}}}}';
    const { code, log } = sarif([
      "check-access-not-granted",
      "--policy-document",
      policy,
      "--access",
      '[{"actions": ["s3:DeleteBucket"]}]',
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(code).toBe(1);
    validate(log, texts);
    expect(log.runs[0].invocations![0].executionSuccessful).toBe(false);
    expect(log.runs[0].results!.map((r) => [r.ruleId, r.level])).toEqual([["INVALID_CONDITION_OPERATOR", "error"]]);
    expect(located(log, 0)).toBe('"StringEqual"');
  });

  it("an error in --access, located in the access text", () => {
    const { code, log } = sarif([
      "check-access-not-granted",
      "--policy-document",
      file("identity-policy.json"),
      "--access",
      '[{"actions": ["s3:DeleteBucket"], "resources": ["example"]}]',
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(code).toBe(1);
    validate(log, texts);
    expect(located(log, 0)).toBe('"example"');
  });

  it("a usage error and an unreadable file: a tool notification, no result", () => {
    const usage = sarif(["check-no-public-access", "--policy-document", "{}"]);
    expect(usage.code).toBe(1);
    validate(usage.log);
    const inv = usage.log.runs[0].invocations![0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications![0].message.text).toMatch(/--resource-type/);
    const missing = sarif(["check-no-public-access", "--policy-document", "file://no/such.json", "--resource-type", "AWS::S3::Bucket"]);
    expect(missing.code).toBe(1);
    validate(missing.log);
    expect(missing.log.runs[0].invocations![0].toolExecutionNotifications![0].descriptor!.id).toBe("FILE_READ_ERROR");
  });

  it("is deterministic: the same input gives the same bytes", () => {
    const args = [
      "findings",
      "--policy-document",
      file("org-bucket.json"),
      "--resource-type",
      "AWS::S3::Bucket",
      "--trusted-accounts",
      "123456789012",
      "--output",
      "sarif",
    ];
    expect(keyaki(args).stdout).toBe(keyaki(args).stdout);
  });
});
