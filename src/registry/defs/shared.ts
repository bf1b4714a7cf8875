// What several check declarations share: members, help paragraphs, the checks' exit codes.
// Contract: data only (and small functions); cheap to import.

import type { Member } from "../check-definition.js";
import { checkResourceType, checkZone } from "../../checks/inputs.js";
import { RESOURCE_TYPES } from "../../checks/public-rules.js";
import type { CheckResponse } from "../../checks/types.js";

// AWS's enum AccessCheckPolicyType.
export const POLICY_TYPE: Member = {
  name: "policyType",
  type: "string",
  values: ["IDENTITY_POLICY", "RESOURCE_POLICY"],
  cli: { flag: "policy-type", arg: "TYPE", read: "value", help: "IDENTITY_POLICY or RESOURCE_POLICY", usageValues: true },
};

export const RESOURCE_POLICY_DOCUMENT: Member = {
  name: "policyDocument",
  type: "string",
  cli: { flag: "policy-document", arg: "DOC", read: "doc", help: "the resource policy under check" },
};

// AWS's enum AccessCheckResourceType (the 26 values of the current API reference); the CLI
// leaves its check to the library (INVALID_RESOURCE_TYPE).
export const RESOURCE_TYPE: Member = {
  name: "resourceType",
  type: "string",
  values: RESOURCE_TYPES,
  cli: { flag: "resource-type", arg: "TYPE", read: "value", help: "the resource the policy is attached to" },
};

export const TRUSTED_ACCOUNTS: Member = {
  name: "trustedAccounts",
  type: "list",
  cli: { flag: "trusted-accounts", arg: "ID[,ID...]", read: "list", help: "the zone of trust: 12-digit account ids, comma-separated" },
};

export const TRUSTED_ORGANIZATIONS: Member = {
  name: "trustedOrganizations",
  type: "list",
  optional: true,
  cli: {
    flag: "trusted-organizations",
    arg: "O[,O...]",
    read: "list",
    help: "organizations in the zone of trust (o-...), comma-separated; optional",
  },
};

/** The request of check-no-external-access and findings: a resource policy and a zone of trust. */
export const ZONE_MEMBERS: readonly Member[] = [RESOURCE_POLICY_DOCUMENT, RESOURCE_TYPE, TRUSTED_ACCOUNTS, TRUSTED_ORGANIZATIONS];

export const ZONE_SYNOPSIS = [
  "--policy-document DOC --resource-type TYPE",
  "--trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]",
];

export function validateZoneRequest(input: { resourceType?: unknown; trustedAccounts?: unknown; trustedOrganizations?: unknown }): void {
  checkResourceType(input?.resourceType);
  checkZone(input ?? {});
}

export const DOC_HELP = `DOC is a policy document: inline JSON, file://PATH (relative to the current directory), or -
to read it from standard input (at most one option may be -).`;

export const RESOURCE_TYPE_HELP = `TYPE is one of the resource types of AWS's CheckNoPublicAccess, e.g. AWS::S3::Bucket,
AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument (docs/public-access.md lists all 26).`;

export const ZONE_HELP = `A principal is inside the zone of trust when it belongs to a trusted account, or its
aws:PrincipalOrgID is a trusted organization; a service principal when it acts for a trusted account
or organization (aws:SourceAccount, aws:SourceArn, aws:SourceOrgID). Anonymous callers and federated
principals are outside.`;

/** A check's verdict as an exit code: 0 PASS, 2 FAIL, 3 UNKNOWN (undefined: not a verdict). */
export function verdictExit(r: CheckResponse): number {
  return ({ PASS: 0, FAIL: 2, UNKNOWN: 3 } as Record<string, number>)[String(r.result)] ?? -1;
}

export const verdictOutcome = (r: CheckResponse): string => String(r.result);
