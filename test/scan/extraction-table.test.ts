// docs/scan.md's extraction table (resource types × CloudFormation / Terraform / CDK) is derived
// from the extractors' own tables (cloudformation.ts EXTRACTORS, sam.ts SAM_SITES, terraform.ts TF_SITES, and the
// synthesising modules), so it says exactly what the code extracts. On a mismatch the message
// holds the table to paste between the markers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTORS } from "../../src/scan/cloudformation.js";
import { SAM_SITES } from "../../src/scan/sam.js";
import { TF_SITES } from "../../src/scan/terraform.js";

const DOC = join(import.meta.dirname, "..", "..", "docs", "scan.md");

/** Policies built from a resource's properties rather than read from a document (lambda.ts, events.ts, terraform.ts). */
const SYNTHESISED: Array<{ row: string; cfn: string[]; tf: string[] }> = [
  { row: "`AWS::Lambda::Function` (synthesized)", cfn: ["`AWS::Lambda::Permission`"], tf: ["`aws_lambda_permission`"] },
  { row: "`AWS::Lambda::LayerVersion` (synthesized)", cfn: ["`AWS::Lambda::LayerVersionPermission`"], tf: [] },
  { row: "`AWS::Events::EventBus` (synthesized)", cfn: ["`AWS::Events::EventBusPolicy` Action/Principal/Condition"], tf: [] },
];

function rowOf(site: { kind: string; policyType: string; resourceType?: string }): string {
  if (site.kind === "trust") return "trust policy (`AWS::IAM::AssumeRolePolicyDocument`)";
  if (site.kind === "managed") return "managed policy attached by ARN";
  if (site.policyType === "SERVICE_CONTROL_POLICY") return "SCP / RCP (by the policy's type)";
  if (site.kind === "identity") return "identity policy";
  return "`" + site.resourceType + "`";
}

export function extractionTable(): string {
  const rows = new Map<string, { cfn: string[]; tf: string[] }>();
  const at = (row: string) => rows.get(row) ?? rows.set(row, { cfn: [], tf: [] }).get(row)!;
  for (const [type, sites] of Object.entries(EXTRACTORS))
    for (const site of sites) at(rowOf(site)).cfn.push(`\`${type}\` ${site.path.filter((p) => p !== "*").join(".")}`);
  for (const [type, sites] of Object.entries(SAM_SITES))
    for (const site of sites) at(rowOf(site)).cfn.push(`\`${type}\` ${site.path.join(".")} (${site.what})`);
  for (const [type, sites] of Object.entries(TF_SITES))
    for (const site of sites) at(rowOf(site)).tf.push(`\`${type}\` ${site.blocks ? site.blocks + "." : ""}${site.attr}`);
  for (const s of SYNTHESISED) {
    at(s.row).cfn.push(...s.cfn);
    at(s.row).tf.push(...s.tf);
  }
  const lines = ["| extracted as | CloudFormation | Terraform plan | CDK |", "|---|---|---|---|"];
  for (const [row, { cfn, tf }] of rows)
    lines.push(`| ${row} | ${cfn.join(", ") || "—"} | ${tf.join(", ") || "—"} | ${cfn.length > 0 ? "yes (its templates)" : "—"} |`);
  return lines.join("\n");
}

describe("docs/scan.md extraction table", () => {
  it("is the one the extractors' tables give", () => {
    const doc = readFileSync(DOC, "utf8");
    const m = /<!-- extraction-table:begin -->\n([\s\S]*?)\n<!-- extraction-table:end -->/.exec(doc);
    expect(m, "the markers in docs/scan.md").not.toBeNull();
    expect(m![1], `docs/scan.md's table should read:\n${extractionTable()}\n`).toBe(extractionTable());
  });
});
