// The scan's configuration: which checks run on which policies.
// Contract: `findConfig(cwd)` returns the nearest `keyaki.config.yaml` (or `.yml`, `.json`) in cwd
// or a parent directory, or undefined. `parseConfig(text, file)` returns the checks it lists, or
// throws a KeyakiError SCAN_CONFIG_ERROR with one located diagnostic. Without a config the scan
// runs DEFAULT_CHECKS. The shape (YAML or JSON):
//
//   checks:
//     - check-no-public-access                   # every resource policy whose type it accepts
//     - check: check-no-external-access
//       trustedAccounts: ["111122223333"]
//       trustedOrganizations: ["o-a1b2c3d4e5"]   # optional
//     - check: check-access-not-granted
//       actions: ["iam:PassRole"]                # and/or resources: [...]
//       policyTypes: [IDENTITY_POLICY]           # optional filter, on any check
//     - check: check-no-new-access
//       referencePolicies:                       # files, relative to the config file
//         IDENTITY_POLICY: reference/identity.json
//         RESOURCE_POLICY: reference/resource.json
//     - validate-policy                          # AWS's policy checks on every policy (validate.ts)
//     - check: validate-policy
//       failOn: [ERROR]                          # finding types that fail the scan (default ERROR,
//                                                # SECURITY_WARNING; [] only lists the findings)

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { member, parseSource, type TNode } from "./tree.js";
import type { ScanPolicyType } from "./types.js";
import type { FindingType } from "../validate/types.js";

export const CHECK_NAMES = [
  "check-no-public-access",
  "check-no-external-access",
  "check-access-not-granted",
  "check-no-new-access",
  "validate-policy",
] as const;
export type ScanCheckName = (typeof CHECK_NAMES)[number];

export interface ScanCheckSpec {
  check: ScanCheckName;
  policyTypes?: ScanPolicyType[];
  trustedAccounts?: string[];
  trustedOrganizations?: string[];
  actions?: string[];
  resources?: string[];
  /** Reference policy files by policy type, resolved to absolute paths. */
  referencePolicies?: Partial<Record<"IDENTITY_POLICY" | "RESOURCE_POLICY", string>>;
  /** validate-policy: the finding types that fail the scan. */
  failOn?: FindingType[];
}

export const DEFAULT_CHECKS: readonly ScanCheckSpec[] = [{ check: "check-no-public-access" }, { check: "validate-policy" }];

const FINDING_TYPES: readonly FindingType[] = ["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"];

const CONFIG_NAMES = ["keyaki.config.yaml", "keyaki.config.yml", "keyaki.config.json"];
const POLICY_TYPES: readonly ScanPolicyType[] = ["IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

export function findConfig(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

function fail(file: string, node: TNode | undefined, message: string): never {
  const { line, column, offset } = node?.loc ?? { line: 1, column: 1, offset: 0 };
  const loc = { line, column, offset };
  const d: Diagnostic & { file: string } = { severity: "error", code: "SCAN_CONFIG_ERROR", message, ...loc, path: "", file };
  throw new KeyakiError("SCAN_CONFIG_ERROR", message, [d]);
}

function strings(file: string, node: TNode | undefined, what: string): string[] | undefined {
  if (node === undefined) return undefined;
  if (node.type !== "array") fail(file, node, `\`${what}\` must be a list of strings`);
  return node.items.map((i) => {
    if (i.type !== "scalar" || i.value === null || typeof i.value === "boolean") fail(file, i, `\`${what}\` must be a list of strings`);
    return String(i.value); // an unquoted account id reads as a number
  });
}

export function parseConfig(text: string, file: string): ScanCheckSpec[] {
  const parsed = parseSource(text, file);
  if (!parsed.root) {
    const d = parsed.diagnostics[0];
    fail(
      file,
      { type: "scalar", value: null, loc: { line: d.line, column: d.column, offset: d.offset } },
      `cannot read the config: ${d.message}`,
    );
  }
  const checks = member(parsed.root, "checks");
  if (checks?.type !== "array") fail(file, checks ?? parsed.root, "the config must have a `checks` list");
  const known = ["check", "policyTypes", "trustedAccounts", "trustedOrganizations", "actions", "resources", "referencePolicies", "failOn"];
  return checks.items.map((item): ScanCheckSpec => {
    if (item.type === "scalar") {
      if (!(CHECK_NAMES as readonly unknown[]).includes(item.value))
        fail(file, item, `unknown check \`${String(item.value)}\`; expected one of ${CHECK_NAMES.map((c) => `\`${c}\``).join(", ")}`);
      if (item.value === "check-no-public-access" || item.value === "validate-policy") return { check: item.value };
      fail(file, item, `\`${String(item.value)}\` needs its parameters: write it as \`check: ${String(item.value)}\` with them`);
    }
    if (item.type !== "object") fail(file, item, "each check must be a name or an object with `check`");
    for (const e of item.entries)
      if (!known.includes(e.key))
        fail(file, e.value, `unknown field \`${e.key}\`; expected one of ${known.map((k) => `\`${k}\``).join(", ")}`);
    const name = member(item, "check");
    if (name?.type !== "scalar" || !(CHECK_NAMES as readonly unknown[]).includes(name.value))
      fail(
        file,
        name ?? item,
        `unknown check \`${name?.type === "scalar" ? String(name.value) : "?"}\`; expected one of ${CHECK_NAMES.map((c) => `\`${c}\``).join(", ")}`,
      );
    const spec: ScanCheckSpec = { check: name.value as ScanCheckName };
    const policyTypes = strings(file, member(item, "policyTypes"), "policyTypes");
    if (policyTypes) {
      for (const [i, t] of policyTypes.entries())
        if (!(POLICY_TYPES as readonly string[]).includes(t))
          fail(file, (member(item, "policyTypes") as Extract<TNode, { type: "array" }>).items[i], `unknown policy type \`${t}\``);
      spec.policyTypes = policyTypes as ScanPolicyType[];
    }
    const list = (k: "trustedAccounts" | "trustedOrganizations" | "actions" | "resources") => {
      const v = strings(file, member(item, k), k);
      if (v) spec[k] = v;
    };
    list("trustedAccounts");
    list("trustedOrganizations");
    list("actions");
    list("resources");
    if (spec.check === "check-no-external-access" && !spec.trustedAccounts)
      fail(file, item, "`check-no-external-access` needs `trustedAccounts`");
    if (spec.check === "check-access-not-granted" && !spec.actions && !spec.resources)
      fail(file, item, "`check-access-not-granted` needs `actions` or `resources`");
    const failOn = strings(file, member(item, "failOn"), "failOn");
    if (failOn) {
      if (spec.check !== "validate-policy") fail(file, member(item, "failOn"), "`failOn` is an option of `validate-policy` only");
      for (const [i, t] of failOn.entries())
        if (!(FINDING_TYPES as readonly string[]).includes(t))
          fail(
            file,
            (member(item, "failOn") as Extract<TNode, { type: "array" }>).items[i],
            `unknown finding type \`${t}\`; expected one of ${FINDING_TYPES.map((f) => `\`${f}\``).join(", ")}`,
          );
      spec.failOn = failOn as FindingType[];
    }
    if (spec.check === "check-no-new-access") {
      const refs = member(item, "referencePolicies");
      if (refs?.type !== "object") fail(file, refs ?? item, "`check-no-new-access` needs `referencePolicies` (a file per policy type)");
      spec.referencePolicies = {};
      for (const e of refs.entries) {
        if (e.key !== "IDENTITY_POLICY" && e.key !== "RESOURCE_POLICY")
          fail(file, e.value, `\`referencePolicies\` takes \`IDENTITY_POLICY\` and \`RESOURCE_POLICY\`, not \`${e.key}\``);
        if (e.value.type !== "scalar" || typeof e.value.value !== "string") fail(file, e.value, "a reference policy must be a file path");
        spec.referencePolicies[e.key] = resolve(dirname(file), e.value.value);
      }
    }
    return spec;
  });
}
