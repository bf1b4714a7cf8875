// The one place a request's members are validated, for every check of the registry (each
// definition's `validate` calls these; the check bodies call them too, for the typed values).
// Contract: a bad member is a KeyakiError with a stable code (INVALID_POLICY_TYPE,
// INVALID_RESOURCE_TYPE, INVALID_INPUT, INVALID_ACCOUNT_ID, INVALID_ORGANIZATION_ID,
// INVALID_ACCESS, INVALID_ACTION, INVALID_ARN); an error about a list's item is located by a
// JSON Pointer into the member (`/trustedAccounts/1` is path `/1` of document
// `trustedAccounts`; `access` entries: checks/access.ts). Messages are unchanged from where
// each rule lived before (checks/documents.ts, checks/outside.ts). validate-policy's request is
// validated beside it, in validate/request.ts (validate sits above checks).

import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { PolicyType } from "../iam/ast.js";
import { RESOURCE_TYPES } from "./public-rules.js";

export { parseAccess } from "./access.js";

const POLICY_TYPES: readonly string[] = ["IDENTITY_POLICY", "RESOURCE_POLICY"];

/** The policy type of the custom policy checks (AWS's AccessCheckPolicyType). */
export function checkPolicyType(policyType: unknown): PolicyType {
  if (typeof policyType !== "string" || !POLICY_TYPES.includes(policyType)) {
    throw new KeyakiError("INVALID_POLICY_TYPE", `policy type \`${String(policyType)}\` is not one of IDENTITY_POLICY, RESOURCE_POLICY`);
  }
  return policyType as PolicyType;
}

function inputError(code: string, message: string, path: string, document: string): KeyakiError {
  const d: Diagnostic = { severity: "error", code, message, line: 1, column: 1, offset: 0, path, document };
  return new KeyakiError(code, message, [d]);
}

export function checkResourceType(resourceType: unknown): string {
  if (typeof resourceType !== "string" || !RESOURCE_TYPES.includes(resourceType))
    throw new KeyakiError(
      "INVALID_RESOURCE_TYPE",
      `resource type \`${String(resourceType)}\` is not one CheckNoPublicAccess accepts (${RESOURCE_TYPES.join(", ")})`,
    );
  return resourceType;
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** The zone of trust, validated: every item located by its index (`/trustedAccounts/1`). */
export function checkZone(input: { trustedAccounts?: unknown; trustedOrganizations?: unknown }): { accounts: string[]; orgs: string[] } {
  const list = (name: string, value: unknown, re: RegExp, what: string, required: boolean): string[] => {
    if (value === undefined && !required) return [];
    if (!Array.isArray(value)) throw inputError("INVALID_INPUT", `\`${name}\` must be a list of ${what}s`, "", name);
    if (required && value.length === 0) throw inputError("INVALID_INPUT", `\`${name}\` must list at least one ${what}`, "", name);
    value.forEach((v, i) => {
      if (typeof v !== "string" || !re.test(v))
        throw inputError(
          name === "trustedAccounts" ? "INVALID_ACCOUNT_ID" : "INVALID_ORGANIZATION_ID",
          `\`${String(v)}\` is not ${what === "account id" ? "a 12-digit account id" : "an organization id (o- and 10 to 32 lower-case letters or digits)"}`,
          `/${i}`,
          name,
        );
    });
    return [...new Set(value as string[])];
  };
  return {
    accounts: list("trustedAccounts", input.trustedAccounts, ACCOUNT_ID, "account id", true),
    orgs: list("trustedOrganizations", input.trustedOrganizations, ORG_ID, "organization id", false),
  };
}
