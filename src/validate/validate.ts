// validatePolicy: AWS's ValidatePolicy, offline — the request shape in, `{findings}` out.
// Contract: never rejects on a bad document (a document that is not JSON is a JSON_SYNTAX_ERROR
// finding, as AWS answers); rejects with a KeyakiError only on a bad request (policy type,
// resource type, a non-string document, a bad timeout). Findings come from, in order: the parser's
// and the condition-key catalogue's diagnostics mapped to AWS's codes (from-parser.ts); the
// catalogue and pattern checks on a tolerant view of the document (actions.ts, conditions.ts,
// resources.ts, tags.ts); the policy-type and principal rules (policy-types.ts, principals.ts); and the security and redundancy
// checks, decided by keyaki's engine where AWS only looks at syntax (security.ts, redundant.ts).
// Each check module reports through one ValidateContext; none depends on another.

import type { Runtime } from "../checks/runtime.js";
import { checkValidatePolicyRequest } from "./request.js";
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
import { type ValidatePolicyInput, type ValidatePolicyOptions, type ValidatePolicyResponse } from "./types.js";
import { policyView } from "./view.js";

const DEFAULT_TIMEOUT_SECONDS = 10;

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

export async function validatePolicy(
  input: ValidatePolicyInput,
  options: ValidatePolicyOptions | undefined,
  runtime: Runtime,
): Promise<ValidatePolicyResponse> {
  checkValidatePolicyRequest(input);
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
  const semantic = options?.semantic !== false ? { policy, deadline, runtime } : undefined;
  await securityChecks(ctx, semantic);
  await redundantStatements(ctx, semantic);
  return { findings: ctx.findings() };
}
