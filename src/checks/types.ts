// The public input and output shapes of the checks, mirroring the AWS SDK's (Access Analyzer's
// CheckNoNewAccess / CheckAccessNotGranted) with keyaki's additions: a counterexample on FAIL,
// warnings as diagnostics, and a reason when UNKNOWN.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { PolicyType } from "../iam/ast.js";
import type { ContextValue, RequestPrincipal } from "../iam/request.js";

export type { PolicyType };

export interface CheckNoNewAccessInput {
  existingPolicyDocument: string;
  newPolicyDocument: string;
  policyType: PolicyType;
}

export interface Access {
  actions?: string[];
  resources?: string[];
}

export interface CheckAccessNotGrantedInput {
  policyDocument: string;
  access: Access[];
  policyType: PolicyType;
}

/** CheckNoPublicAccess's request: a resource policy and one of AWS's resource types. */
export interface CheckNoPublicAccessInput {
  policyDocument: string;
  resourceType: string;
}

/** The zone of trust: account ids (12 digits) and, optionally, organization ids (`o-…`). */
export interface ZoneOfTrust {
  trustedAccounts: string[];
  trustedOrganizations?: string[];
}

export interface CheckNoExternalAccessInput extends CheckNoPublicAccessInput, ZoneOfTrust {}

export type FindingsInput = CheckNoExternalAccessInput;

/** One class of outside access, shaped like Access Analyzer's finding, plus keyaki's additions. */
export interface Finding {
  /** `{"AWS": "*"}`, `{"AWS": "111122223333"}`, `{"Service": "…"}`, `{"Federated": "…"}`, … */
  principal: Record<string, string>;
  action: string[];
  resource: string;
  /** Condition keys findings report, with the policy's value (wildcards kept). */
  condition: Record<string, string>;
  /** Some request of this finding is public (check-no-public-access's outsider). */
  isPublic: boolean;
  /** The statements whose access this finding reports (0-based). */
  statementIndexes: number[];
  /** keyaki's: where each of `statementIndexes` is, in the same order. */
  statementLocations: StatementLocation[];
  /** It also covers requests the policy does not allow, for a reason its shape cannot state. */
  overApproximates?: true;
  /**
   * Present when the solver could not settle something about this finding in time (whether it
   * grants access, is public, or has a Deny carve-out): the finding then takes the cautious
   * reading, and the response carries an `unknownReason` too.
   */
  unknownReason?: string;
}

export interface FindingsResponse {
  findings: Finding[];
  diagnostics?: Diagnostic[];
  /** Present when completeness could not be proved (a timeout): the list may then miss access. */
  unknownReason?: string;
}

/** Options every check takes beyond AWS's request shape. */
export interface CheckOptions {
  /** Solver time bound in seconds (default 10). */
  timeoutSeconds?: number;
  /**
   * The partition the check runs in (default `aws`): every request it reasons about comes from
   * it, as AWS runs a check in its caller's partition. One of aws, aws-cn, aws-us-gov, aws-iso,
   * aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.
   */
  partition?: string;
}

/**
 * Where a statement is in the document the check read (keyaki's addition; AWS has none):
 * counted as a Diagnostic counts (line and column from 1, offset from 0), with the statement's
 * length in characters, its JSON Pointer and the library's name of the document.
 */
export interface StatementLocation {
  line: number;
  column: number;
  offset: number;
  length: number;
  /** JSON Pointer of the statement, e.g. `/Statement/0` (or `/Statement` for a lone object). */
  path: string;
  /** The input it is in: `newPolicyDocument`, `policyDocument`, … */
  document: string;
}

export interface ReasonSummary {
  description: string;
  statementIndex: number;
  statementId?: string;
  /** keyaki's: where statement `statementIndex` is. */
  location: StatementLocation;
}

export interface Counterexample {
  principal?: RequestPrincipal;
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

export type CheckResult = "PASS" | "FAIL" | "UNKNOWN";

export interface CheckResponse {
  result: CheckResult;
  message: string;
  reasons: ReasonSummary[];
  /** Present exactly when result is FAIL. */
  counterexample?: Counterexample;
  /** Warnings about the input (never errors: those reject with a KeyakiError). */
  diagnostics?: Diagnostic[];
  /** Present exactly when result is UNKNOWN. */
  unknownReason?: string;
}
