// keyaki's public API: the checks of IAM Access Analyzer's custom policy checks, decided offline.
// Every function takes AWS's request shape (policy documents as JSON strings) and resolves to
// AWS's response shape plus keyaki's additions (counterexample, diagnostics, unknownReason).
// Bad input rejects with a KeyakiError carrying a stable code and located diagnostics.

export { checkNoNewAccess, checkAccessNotGranted } from "./checks/api.js";
export { checkNoPublicAccess, checkNoExternalAccess } from "./checks/outside.js";
export { findings } from "./checks/findings.js";
export { close } from "./solve/index.js";
export { KeyakiError } from "./diagnostics/diagnostic.js";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic.js";
export type {
  Access,
  CheckAccessNotGrantedInput,
  CheckNoExternalAccessInput,
  CheckNoNewAccessInput,
  CheckNoPublicAccessInput,
  CheckOptions,
  CheckResponse,
  CheckResult,
  Counterexample,
  Finding,
  FindingsInput,
  FindingsResponse,
  PolicyType,
  ReasonSummary,
  StatementLocation,
  ZoneOfTrust,
} from "./checks/types.js";
export { validatePolicy } from "./validate/validate.js";
export type {
  FindingType,
  Location,
  PathElement,
  Position,
  Span,
  ValidatePolicyFinding,
  ValidatePolicyInput,
  ValidatePolicyOptions,
  ValidatePolicyResourceType,
  ValidatePolicyResponse,
  ValidatePolicyType,
} from "./validate/types.js";
