// The parser's diagnostics (src/policy/) and the condition-key catalogue's (policy/key-diagnostics.ts)
// as AWS's findings: keyaki already detects these things, so they are mapped, not re-detected.
// Contract: `parserFindings(ctx, diagnostics)` reports one finding per diagnostic whose code has
// an AWS counterpart (CODE_MAP; most codes are AWS's own already), in keyaki's words (the
// diagnostic's message), located at the diagnostic's JSON Pointer. Codes with no AWS counterpart
// (BARE_ACCOUNT_PRINCIPAL and UNRECOGNISED_AWS_PRINCIPAL, which AWS's checks do not name, and
// FORANYVALUE_WITH_SINGLE_VALUED_KEY, for which AWS has no check) are left out: the response
// carries AWS's codes only. An INTERNAL_PARSE_ERROR is thrown: it is keyaki's bug, not a finding;
// so are the limits' refusals (POLICY_TOO_LARGE, STRING_TOO_LONG, TOO_MANY_WILDCARDS: past AWS's
// quotas, policy/limits.ts) and INVALID_UNICODE: no check reads such a document, and a response
// with no ERROR would read as a clean bill.
// Policy-type refinements: in an SCP a Principal is SCP_SYNTAX_ERROR_PRINCIPAL, in a role trust
// policy a partial wildcard principal is ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL; an
// empty condition value list takes the ForAllValues / ForAnyValue / IfExists variant of its operator.

import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseOperator } from "../policy/operators.js";
import type { ValidateContext } from "./context.js";

/** keyaki's code → AWS's issue code (same name where keyaki already uses AWS's). */
const CODE_MAP: Record<string, string> = {
  JSON_SYNTAX_ERROR: "JSON_SYNTAX_ERROR",
  DUPLICATE_KEY: "JSON_SYNTAX_ERROR",
  NESTING_TOO_DEEP: "JSON_SYNTAX_ERROR",
  INVALID_ELEMENT_TYPE: "DATA_TYPE_MISMATCH",
  INVALID_POLICY_ELEMENT: "INVALID_POLICY_ELEMENT",
  INVALID_VERSION: "INVALID_VERSION",
  MISSING_VERSION: "MISSING_VERSION",
  MISSING_STATEMENT: "MISSING_STATEMENT",
  MISSING_EFFECT: "MISSING_EFFECT",
  INVALID_EFFECT: "INVALID_EFFECT",
  MISSING_ACTION: "MISSING_ACTION",
  MISSING_RESOURCE: "MISSING_RESOURCE",
  MISSING_PRINCIPAL: "MISSING_PRINCIPAL",
  UNSUPPORTED_PRINCIPAL: "UNSUPPORTED_PRINCIPAL",
  UNSUPPORTED_ELEMENT_COMBINATION: "UNSUPPORTED_ELEMENT_COMBINATION",
  UNSUPPORTED_SID: "UNSUPPORTED_SID",
  UNIQUE_SIDS_RECOMMENDED: "UNIQUE_SIDS_RECOMMENDED",
  INVALID_PRINCIPAL_FORMAT: "INVALID_PRINCIPAL_FORMAT",
  INVALID_PRINCIPAL_KEY: "INVALID_PRINCIPAL_KEY",
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
  EMPTY_OBJECT_PRINCIPAL: "EMPTY_OBJECT_PRINCIPAL",
  EMPTY_ARRAY_PRINCIPAL: "EMPTY_ARRAY_PRINCIPAL",
  EMPTY_ARRAY_ACTION: "EMPTY_ARRAY_ACTION",
  EMPTY_ARRAY_RESOURCE: "EMPTY_ARRAY_RESOURCE",
  INVALID_ACTION: "INVALID_ACTION",
  WILDCARD_IN_SERVICE_NAME: "WILDCARD_IN_SERVICE_NAME",
  MISSING_ARN_FIELD: "MISSING_ARN_FIELD",
  EMPTY_OBJECT_CONDITION: "EMPTY_OBJECT_CONDITION",
  EMPTY_ARRAY_CONDITION: "EMPTY_ARRAY_CONDITION",
  INVALID_CONDITION_OPERATOR: "INVALID_CONDITION_OPERATOR",
  NULL_WITH_IF_EXISTS: "NULL_WITH_IF_EXISTS",
  NULL_WITH_QUALIFIER: "NULL_WITH_QUALIFIER",
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
  INVALID_CONDITION_DATA_TYPE: "INVALID_CONDITION_DATA_TYPE",
  INVALID_CONDITION_MULTIPLE_BOOLEAN: "INVALID_CONDITION_MULTIPLE_BOOLEAN",
  WILDCARD_WITHOUT_LIKE_OPERATOR: "WILDCARD_WITHOUT_LIKE_OPERATOR",
  // A value its operator cannot read: AWS's "Type mismatch <type>" warnings, by operator family.
  INVALID_NUMBER_VALUE: "TYPE_MISMATCH_NUMBER",
  INVALID_DATE_VALUE: "TYPE_MISMATCH_DATE",
  INVALID_IP_ADDRESS: "TYPE_MISMATCH_IP_RANGE",
  INVALID_BOOLEAN_VALUE: "TYPE_MISMATCH_BOOLEAN",
  INVALID_NULL_VALUE: "TYPE_MISMATCH_BOOLEAN",
  INVALID_BINARY_VALUE: "TYPE_MISMATCH_STRING",
  MISSING_BRACE_IN_VARIABLE: "MISSING_BRACE_IN_VARIABLE",
  MISSING_QUOTE_IN_VARIABLE: "MISSING_QUOTE_IN_VARIABLE",
  UNSUPPORTED_SPACE_IN_VARIABLE: "UNSUPPORTED_SPACE_IN_VARIABLE",
  EMPTY_VARIABLE: "EMPTY_VARIABLE",
  VARIABLE_UNSUPPORTED_IN_ELEMENT: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
  VARIABLE_UNSUPPORTED_IN_VERSION: "VARIABLE_UNSUPPORTED_IN_VERSION",
  INVALID_VARIABLE_FOR_OPERATOR: "INVALID_VARIABLE_FOR_OPERATOR",
  // policy/key-diagnostics.ts
  INVALID_GLOBAL_CONDITION_KEY: "INVALID_GLOBAL_CONDITION_KEY",
  TYPE_MISMATCH: "TYPE_MISMATCH",
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
  MULTIVALUED_KEY_WITHOUT_SET_OPERATOR: "MISSING_QUALIFIER",
};

function refine(ctx: ValidateContext, d: Diagnostic, code: string): string {
  if (code === "UNSUPPORTED_PRINCIPAL" && ctx.type === "SERVICE_CONTROL_POLICY") return "SCP_SYNTAX_ERROR_PRINCIPAL";
  if (code === "UNSUPPORTED_WILDCARD_IN_PRINCIPAL" && ctx.trust) return "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL";
  if (code === "EMPTY_ARRAY_CONDITION") {
    // The pointer is /Statement/i/Condition/<operator>/<key>: the operator is the next-to-last token.
    const tokens = d.path.split("/");
    const op = parseOperator((tokens[tokens.length - 2] ?? "").replace(/~1/g, "/").replace(/~0/g, "~"));
    if (op?.qualifier === "ForAllValues") return "EMPTY_ARRAY_CONDITION_FORALLVALUES";
    if (op?.qualifier === "ForAnyValue") return "EMPTY_ARRAY_CONDITION_FORANYVALUE";
    if (op?.ifExists) return "EMPTY_ARRAY_CONDITION_IFEXISTS";
  }
  return code;
}

/** Input past keyaki's limits (policy/limits.ts, json.ts): refused, as no check reads it. */
const REFUSED = new Set(["POLICY_TOO_LARGE", "STRING_TOO_LONG", "TOO_MANY_WILDCARDS", "INVALID_UNICODE"]);

export function parserFindings(ctx: ValidateContext, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.code === "INTERNAL_PARSE_ERROR") throw new KeyakiError("INTERNAL_ERROR", d.message);
    if (REFUSED.has(d.code)) throw new KeyakiError(d.code, d.message, [d]);
    const mapped = CODE_MAP[d.code];
    if (!mapped) continue;
    ctx.report(refine(ctx, d, mapped), d.message, [{ pointer: d.path, offset: d.offset }]);
  }
}
