// validate-policy's request, validated in one place (the registry's definition and the library
// function both call it): a string document, AWS's policy type, and a resource type only with
// RESOURCE_POLICY. Bad members are KeyakiErrors with the stable codes of checks/inputs.ts.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import { VALIDATE_POLICY_RESOURCE_TYPES, VALIDATE_POLICY_TYPES, type ValidatePolicyInput } from "./types.js";

/** validate-policy's request: a string document, AWS's policy type, a resource type only with RESOURCE_POLICY. */
export function checkValidatePolicyRequest(input: ValidatePolicyInput): void {
  if (typeof input?.policyDocument !== "string") {
    throw new KeyakiError("INVALID_INPUT", `\`policyDocument\` must be a JSON string, not ${typeof input?.policyDocument}`);
  }
  if (!VALIDATE_POLICY_TYPES.includes(input.policyType)) {
    throw new KeyakiError(
      "INVALID_POLICY_TYPE",
      `policy type \`${String(input.policyType)}\` is not one of ${VALIDATE_POLICY_TYPES.join(", ")}`,
    );
  }
  const rt = input.validatePolicyResourceType;
  if (rt !== undefined) {
    if (!(VALIDATE_POLICY_RESOURCE_TYPES as readonly string[]).includes(rt)) {
      throw new KeyakiError(
        "INVALID_RESOURCE_TYPE",
        `validate-policy resource type \`${String(rt)}\` is not one of ${VALIDATE_POLICY_RESOURCE_TYPES.join(", ")}`,
      );
    }
    // AWS: "Specify a value for the policy validation resource type only if the policy type is RESOURCE_POLICY."
    if (input.policyType !== "RESOURCE_POLICY") {
      throw new KeyakiError(
        "INVALID_RESOURCE_TYPE",
        `a validate-policy resource type is allowed only with policy type RESOURCE_POLICY, not \`${input.policyType}\``,
      );
    }
  }
}
