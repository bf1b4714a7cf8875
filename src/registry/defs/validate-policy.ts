// validate-policy (AWS's ValidatePolicy): AWS's policy validation checks, offline. The body is
// validate/validate.ts; the server adds AWS's paging (maxResults, nextToken in the query).

import { KeyakiError } from "../../diagnostics/diagnostic.js";
import { VALIDATE_POLICY_RESOURCE_TYPES, VALIDATE_POLICY_TYPES } from "../../validate/types.js";
import type { ValidatePolicyInput, ValidatePolicyOptions, ValidatePolicyResponse } from "../../validate/types.js";
import { defineCheck } from "../check-definition.js";
import { checkValidatePolicyRequest } from "../../validate/request.js";
import { DOC_HELP } from "./shared.js";

export const validatePolicyDef = defineCheck({
  command: "validate-policy",
  fn: "validatePolicy",
  operation: { name: "ValidatePolicy", path: "/policy/validation" },
  kind: "validate",
  members: [
    {
      name: "policyDocument",
      type: "string",
      cli: { flag: "policy-document", arg: "DOC", read: "doc", help: "the policy to validate" },
    },
    {
      name: "policyType",
      type: "string",
      values: VALIDATE_POLICY_TYPES,
      cli: {
        flag: "policy-type",
        arg: "TYPE",
        read: "value",
        help: "IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY",
        usageValues: true,
      },
    },
    {
      name: "validatePolicyResourceType",
      type: "string",
      values: VALIDATE_POLICY_RESOURCE_TYPES,
      optional: true,
      cli: {
        flag: "validate-policy-resource-type",
        arg: "TYPE",
        read: "value",
        help: "with RESOURCE_POLICY only: AWS::S3::Bucket, AWS::S3::AccessPoint,\nAWS::S3::MultiRegionAccessPoint, AWS::S3ObjectLambda::AccessPoint,\nAWS::IAM::AssumeRolePolicyDocument or AWS::DynamoDB::Table",
      },
    },
    // AWS's enum Locale; findingDetails are English whatever it says.
    { name: "locale", type: "string", values: ["DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW"], optional: true },
    { name: "maxResults", type: "integer", in: "query", optional: true },
    { name: "nextToken", type: "string", in: "query", optional: true },
  ],
  partition: false,
  help: {
    summary: "AWS's policy validation checks (errors, security warnings, warnings, suggestions)",
    synopsis: [
      "--policy-document DOC",
      "--policy-type IDENTITY_POLICY|RESOURCE_POLICY|SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY",
      "[--validate-policy-resource-type TYPE] [options]",
    ],
    description: `Runs IAM Access Analyzer's policy validation checks (ValidatePolicy) offline and lists the
findings with AWS's issue codes, each located in the document. Where AWS decides by the text,
keyaki also asks its engine: REDUNDANT_STATEMENT only when removing the statement provably changes
nothing, and the PassRole / service-linked-role warnings say whether the policy really allows it.`,
    notes: [DOC_HELP],
    timeout:
      "time bound of the engine's questions (default 10); past it they are left\nundecided: REDUNDANT_STATEMENT falls back to AWS's rule, PassRole findings say so",
    exitCodes: `Exit codes: 0 no ERROR or SECURITY_WARNING finding, 2 some, 1 error (bad usage, an unreadable file,
a document over 1 MiB).
A document that is not JSON is a JSON_SYNTAX_ERROR finding (exit 2), as AWS answers it.`,
  },
  report: {
    ruleName: "ValidatePolicy",
    question:
      "Is the policy valid, and does it follow AWS's best practices (AWS's policy validation checks: errors, security warnings, warnings, suggestions)?",
  },
  validate: (input) => checkValidatePolicyRequest(input as unknown as ValidatePolicyInput),
  run: async (input: ValidatePolicyInput, options: ValidatePolicyOptions | undefined, runtime): Promise<ValidatePolicyResponse> =>
    (await import("../../validate/validate.js")).validatePolicy(input, options, runtime),
  async serve(run, input, options) {
    const { maxResults, nextToken, ...request } = input;
    const { findings } = await run(request as unknown as ValidatePolicyInput, options);
    // Paging as AWS pages: the token is where the next page starts (the answer is deterministic).
    const start = nextToken === undefined ? 0 : Number(nextToken);
    if (!Number.isInteger(start) || start < 0 || start > findings.length)
      throw new KeyakiError("INVALID_INPUT", `\`nextToken\` \`${String(nextToken)}\` is not a token this server gave`, [
        {
          severity: "error",
          code: "INVALID_INPUT",
          message: "not a token this server gave",
          line: 1,
          column: 1,
          offset: 0,
          path: "",
          document: "nextToken",
        },
      ]);
    const end = maxResults === undefined ? findings.length : Math.min(findings.length, start + Math.max(1, maxResults as number));
    return { findings: findings.slice(start, end), ...(end < findings.length ? { nextToken: String(end) } : {}) };
  },
  outcome: (r) => `findings=${r.findings.length}`,
  exit: (r) => (r.findings.some((f) => f.findingType === "ERROR" || f.findingType === "SECURITY_WARNING") ? 2 : 0),
});
