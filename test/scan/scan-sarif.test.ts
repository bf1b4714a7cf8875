// `keyaki scan --output sarif`: one SARIF 2.1.0 run held to what GitHub code scanning requires of
// an upload (docs.github.com, "SARIF support for code scanning": version 2.1.0, runs,
// tool.driver.name and rules with ids, results with ruleId, message.text, and locations whose
// physicalLocation has artifactLocation.uri and region.startLine), to SARIF's own rules a schema
// would check (levels, ruleIndex, region bounds, artifact indexes), as test/report/sarif.test.ts
// does for the other commands; and each result located in the template file at the element at
// fault (the region's text is that element's), with the level its verdict or finding type gives.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { scanCli } from "./scan-cli.js";
import { validateSarif } from "../report/sarif-shape.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cli = scanCli;

/** Throws unless `log` is a SARIF 2.1.0 log GitHub accepts whose regions lie in the files under `root`. */
function validate(log: Sarif.Log, root: string): void {
  validateSarif(log, (uri) => readFileSync(join(root, uri), "utf8"));
}

const regionText = (root: string, res: Sarif.Result) => {
  const p = res.locations![0].physicalLocation!;
  const text = readFileSync(join(root, p.artifactLocation!.uri!), "utf8");
  return text.slice(p.region!.charOffset, p.region!.charOffset! + p.region!.charLength!);
};

describe("keyaki scan --output sarif", () => {
  it("reports every kind of source as one run GitHub accepts, located in the templates", async () => {
    const r = await cli(["--output", "sarif", "--jobs", "1", "."], FIXTURES);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\x1b/); // progress: plain lines off a terminal
    const log = JSON.parse(r.stdout) as Sarif.Log;
    validate(log, FIXTURES);
    const results = log.runs[0].results!;
    // A FAIL's reason: level error at the statement in the template (not in an extracted string).
    const efs = results.find((x) => x.ruleId === "check-no-public-access" && x.message.text!.includes("SharedFileSystem"))!;
    expect(efs.level).toBe("error");
    expect(efs.locations![0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "cfn/platform.json" },
      region: { startLine: 148, startColumn: 13 },
    });
    expect(JSON.parse(regionText(FIXTURES, efs))).toMatchObject({ Effect: "Allow", Principal: { AWS: "*" } });
    expect(efs.properties?.counterexample).toBeDefined();
    // UNKNOWN: level note, at the policy.
    const unknown = results.filter((x) => x.message.text!.startsWith("UNKNOWN: "));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((x) => x.level === "note")).toBe(true);
    // validate-policy's findings: rule = AWS's issue code, level by finding type.
    const sw = results.find((x) => x.ruleId === "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL")!;
    expect(sw.level).toBe("warning");
    const rule = log.runs[0].tool.driver.rules![sw.ruleIndex!];
    expect(rule.helpUri).toMatch(/access-analyzer-reference-policy-checks/);
    // Warnings about unresolved parts, each once.
    const unresolved = results.filter((x) => x.ruleId === "SCAN_UNRESOLVED");
    expect(unresolved.every((x) => x.level === "warning")).toBe(true);
    const keys = unresolved.map((x) => JSON.stringify([x.message.text, x.locations![0].physicalLocation!.region]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(log.runs[0].invocations![0].executionSuccessful).toBe(true);
  }, 120_000);

  it("gives an ERROR finding level error and a SUGGESTION level note, at the element at fault", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-scan-sarif-"));
    writeFileSync(
      join(dir, "role.yaml"),
      `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: [s3:GetObjekt]
            Resource: "*"
          - Effect: Allow
            Action: []
            Resource: "*"
`,
    );
    const r = await cli(["--output", "sarif", "--partition", "aws"], dir);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    validate(log, dir);
    const byRule = (id: string) => log.runs[0].results!.find((x) => x.ruleId === id)!;
    expect(byRule("INVALID_ACTION").level).toBe("error");
    expect(regionText(dir, byRule("INVALID_ACTION"))).toBe("s3:GetObjekt");
    expect(byRule("EMPTY_ARRAY_ACTION").level).toBe("note");
    expect(regionText(dir, byRule("EMPTY_ARRAY_ACTION"))).toBe("[]");
    expect(byRule("REDUNDANT_STATEMENT").level).toBe("note");
  }, 60_000);

  it("still writes a log when a file cannot be parsed, or the scan cannot run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-scan-sarif-"));
    cpSync(join(FIXTURES, "policies"), dir, { recursive: true });
    writeFileSync(
      join(dir, "broken.yaml"),
      "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::S3::Bucket\n   Properties: {}\n",
    );
    const r = await cli(["--output", "sarif"], dir);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    validate(log, dir);
    expect(log.runs[0].invocations![0].executionSuccessful).toBe(false);
    const parse = log.runs[0].results!.find((x) => x.ruleId === "SCAN_PARSE_ERROR")!;
    expect(parse).toMatchObject({ level: "error" });
    expect(parse.locations![0].physicalLocation).toMatchObject({ artifactLocation: { uri: "broken.yaml" }, region: { startLine: 5 } });
    writeFileSync(join(dir, "keyaki.config.yaml"), "checks:\n  - check: nope\n");
    const bad = await cli(["--output", "sarif"], dir);
    expect(bad.code).toBe(1);
    const badLog = JSON.parse(bad.stdout) as Sarif.Log;
    validate(badLog, dir);
    expect(badLog.runs[0].invocations![0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: "error", descriptor: { id: "SCAN_CONFIG_ERROR" } }],
    });
    const usage = await cli(["--output", "sarif", "--jobs", "x"], dir);
    expect(JSON.parse(usage.stdout).runs[0].invocations[0].toolExecutionNotifications[0].descriptor.id).toBe("USAGE_ERROR");
  }, 60_000);
});
