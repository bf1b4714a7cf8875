// validatePolicy: AWS's ValidatePolicy, offline — the request shape in, `{findings}` out.
// Contract: never rejects on a bad document (a document that is not JSON is a JSON_SYNTAX_ERROR
// finding, as AWS answers); rejects with a KeyakiError only on a bad request (policy type,
// resource type, a non-string document, a bad timeout). Findings come from, in order: the parser's
// and the condition-key catalogue's diagnostics mapped to AWS's codes (from-parser.ts); the
// catalogue and pattern checks on a tolerant view of the document (actions.ts, conditions.ts,
// resources.ts, tags.ts); the policy-type and principal rules (policy-types.ts, principals.ts); and the security and redundancy
// checks, decided by keyaki's engine where AWS only looks at syntax (security.ts, redundant.ts).
// Each check module reports through one ValidateContext; none depends on another.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import { conditionKeyDiagnostics } from "../policy/key-diagnostics.js";
import type { Policy, PolicyType } from "../iam/ast.js";
import { parsePolicy } from "../policy/parse.js";
import { actionChecks } from "./actions.js";
import { conditionChecks, keyDiagnosticsPolicy } from "./conditions.js";
import { ValidateContext } from "./context.js";
import { parserFindings } from "./from-parser.js";
import { locator } from "./locate.js";
import { policyTypeChecks } from "./policy-types.js";
import { redundantStatements } from "./redundant.js";
import { resourceChecks } from "./resources.js";
import { securityChecks } from "./security.js";
import { tagChecks } from "./tags.js";
import { principalChecks } from "./principals.js";
import {
  VALIDATE_POLICY_RESOURCE_TYPES,
  VALIDATE_POLICY_TYPES,
  type ValidatePolicyInput,
  type ValidatePolicyOptions,
  type ValidatePolicyResponse,
} from "./types.js";
import { policyView } from "./view.js";

const DEFAULT_TIMEOUT_SECONDS = 10;

function checkRequest(input: ValidatePolicyInput): void {
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

function timeoutMs(options: ValidatePolicyOptions | undefined): number {
  const s = options?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (typeof s !== "number" || !(s > 0) || !Number.isFinite(s)) {
    throw new KeyakiError("INVALID_TIMEOUT", `timeout \`${String(s)}\` must be a positive number of seconds`);
  }
  return s * 1000;
}

/** The parser's reading of each AWS policy type: SCPs name no principal, RCPs do. */
function parserType(input: ValidatePolicyInput): PolicyType {
  return input.policyType === "IDENTITY_POLICY" || input.policyType === "SERVICE_CONTROL_POLICY" ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
}

export async function validatePolicy(input: ValidatePolicyInput, options?: ValidatePolicyOptions): Promise<ValidatePolicyResponse> {
  checkRequest(input);
  const deadline = Date.now() + timeoutMs(options);
  const text = input.policyDocument;
  const loc = locator(text);
  const ctx = new ValidateContext(text, input.policyType, input.validatePolicyResourceType, loc, policyView(loc.root, text));
  const parsed = parsePolicy(text, parserType(input));
  parserFindings(ctx, parsed.diagnostics);
  if (!loc.root) return { findings: ctx.findings() }; // not JSON: the syntax error is the answer
  parserFindings(ctx, conditionKeyDiagnostics(keyDiagnosticsPolicy(ctx.view)));
  actionChecks(ctx);
  conditionChecks(ctx);
  resourceChecks(ctx);
  policyTypeChecks(ctx);
  principalChecks(ctx);
  tagChecks(ctx);
  const policy: Policy | undefined = parsed.policy;
  const semantic = options?.semantic !== false ? { policy, deadline } : undefined;
  await securityChecks(ctx, semantic);
  await redundantStatements(ctx, semantic);
  return { findings: ctx.findings() };
}
