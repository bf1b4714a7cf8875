// ValidatePolicy's request and response shapes, as AWS's API model (Access Analyzer 2019-11-01,
// ValidatePolicyRequest / ValidatePolicyResponse / ValidatePolicyFinding / Location / PathElement
// / Span / Position) defines them, plus keyaki's options.
// Positions follow AWS's Position shape: `line` counts from 1, `column` from 0, `offset` from 0
// (API reference, Position: "line (starts at 1) … column (starts at 0) … offset (starts at 0)";
// the AWS CLI's validate-policy example agrees: the empty Sid value `""` on line 5 spans columns
// 19–21). A span's start is inclusive, its end exclusive.

export type ValidatePolicyType = "IDENTITY_POLICY" | "RESOURCE_POLICY" | "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** AWS's ValidatePolicyResourceType enum. */
export const VALIDATE_POLICY_RESOURCE_TYPES = [
  "AWS::S3::Bucket",
  "AWS::S3::AccessPoint",
  "AWS::S3::MultiRegionAccessPoint",
  "AWS::S3ObjectLambda::AccessPoint",
  "AWS::IAM::AssumeRolePolicyDocument",
  "AWS::DynamoDB::Table",
] as const;
export type ValidatePolicyResourceType = (typeof VALIDATE_POLICY_RESOURCE_TYPES)[number];

export const VALIDATE_POLICY_TYPES: readonly ValidatePolicyType[] = [
  "IDENTITY_POLICY",
  "RESOURCE_POLICY",
  "SERVICE_CONTROL_POLICY",
  "RESOURCE_CONTROL_POLICY",
];

export interface ValidatePolicyInput {
  policyDocument: string;
  policyType: ValidatePolicyType;
  /** Only with RESOURCE_POLICY (AWS answers a ValidationException otherwise). */
  validatePolicyResourceType?: ValidatePolicyResourceType;
  /** Accepted for AWS compatibility; findingDetails are always English. */
  locale?: string;
}

export type FindingType = "ERROR" | "SECURITY_WARNING" | "SUGGESTION" | "WARNING";

/** Exactly one member is set (AWS's PathElement union). */
export type PathElement = { index: number } | { key: string } | { value: string } | { substring: { start: number; length: number } };

export interface Position {
  line: number; // from 1
  column: number; // from 0
  offset: number; // from 0
}

export interface Span {
  start: Position; // inclusive
  end: Position; // exclusive
}

export interface Location {
  path: PathElement[];
  span: Span;
}

export interface ValidatePolicyFinding {
  findingDetails: string;
  findingType: FindingType;
  issueCode: string;
  learnMoreLink: string;
  locations: Location[];
}

export interface ValidatePolicyResponse {
  findings: ValidatePolicyFinding[];
}

export interface ValidatePolicyOptions {
  /**
   * Solver time bound in seconds for the semantic checks (REDUNDANT_STATEMENT, the PassRole and
   * service-linked-role confirmations), for the whole call (default 10).
   */
  timeoutSeconds?: number;
  /** Decide the semantic checks with the engine (default true); false gives AWS's syntax only. */
  semantic?: boolean;
}
