// keyaki's public API: the checks of IAM Access Analyzer's custom policy checks, decided offline.
// Every function takes AWS's request shape (policy documents as JSON strings) and resolves to
// AWS's response shape plus keyaki's additions (counterexample, diagnostics, unknownReason).
// Bad input rejects with a KeyakiError carrying a stable code and located diagnostics.
// The functions are the check registry's (registry/registry.ts), run by the default instance
// (keyaki.ts), made on first use; `close()` frees its solver workers. `createKeyaki(options)`
// makes an instance of one's own: engine, slicing, timeout and partition as options.

import { defaultKeyaki, type CheckFunctions } from "./keyaki.js";
import { close as closeDefaultSolver } from "./solve/index.js";

/** Each function of the default instance, looked up when called (the instance is made then). */
function plain<K extends keyof CheckFunctions>(name: K): CheckFunctions[K] {
  return ((input: never, options?: never) =>
    (defaultKeyaki()[name] as (i: never, o?: never) => unknown)(input, options)) as CheckFunctions[K];
}

export const checkNoNewAccess = plain("checkNoNewAccess");
export const checkAccessNotGranted = plain("checkAccessNotGranted");
export const checkNoPublicAccess = plain("checkNoPublicAccess");
export const checkNoExternalAccess = plain("checkNoExternalAccess");
export const findings = plain("findings");
export const validatePolicy = plain("validatePolicy");

/** Frees the default instance's solver workers. Safe to call more than once; keyaki stays usable. */
export async function close(): Promise<void> {
  await closeDefaultSolver();
}

export { createKeyaki, defaultKeyaki, type Keyaki, type KeyakiOptions } from "./keyaki.js";
export type { EngineChoice } from "./solve/index.js";
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
