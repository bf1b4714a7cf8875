// `--output json` and the server's bodies: every JSON object keyaki writes, in one key order.
// Contract: pure functions; the same value is always the same bytes. Known keys come first in
// the order below — AWS's members as AWS orders them, then keyaki's additions — and keys not
// listed follow in their own order; nothing is added or dropped, undefined members are left out.
// A check response: result, message, reasons (description, statementIndex, statementId?,
// location), counterexample?, diagnostics?, unknownReason?. Findings: `{"findings": [...]}` (each
// in Access Analyzer's order, then keyaki's statementIndexes, statementLocations,
// overApproximates, unknownReason), diagnostics?, unknownReason?. validate-policy: AWS's shape in
// AWS's order. An error: `{"error": {"code", "message", "diagnostics": [...]}}`. Text is 2-space
// indented and newline-terminated.

import type { CheckResponse, FindingsResponse } from "../checks/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ValidatePolicyResponse } from "../validate/types.js";

const RESPONSE_KEYS = ["result", "message", "reasons", "counterexample", "diagnostics", "unknownReason"];
const REASON_KEYS = ["description", "statementIndex", "statementId", "location"];
// As a Diagnostic orders its position (diagnostics/diagnostic.ts), with the statement's length.
const LOCATION_KEYS = ["line", "column", "offset", "length", "path", "document"];
const COUNTEREXAMPLE_KEYS = ["principal", "action", "resource", "context"];
const DIAGNOSTIC_KEYS = ["severity", "code", "message", "line", "column", "offset", "path", "document"];
const FINDINGS_KEYS = ["findings", "diagnostics", "unknownReason"];
const FINDING_KEYS = [
  "principal",
  "action",
  "resource",
  "condition",
  "isPublic",
  "statementIndexes",
  "statementLocations",
  "overApproximates",
  "unknownReason",
];
// AWS's ValidatePolicy response and finding (API reference, ValidatePolicyFinding).
const VALIDATE_KEYS = ["findings", "nextToken"];
const VALIDATE_FINDING_KEYS = ["findingDetails", "findingType", "issueCode", "learnMoreLink", "locations"];

export interface ErrorShape {
  code: string;
  message: string;
  diagnostics: readonly Diagnostic[];
}

/** A copy of `obj` with `keys` first (those present), then the rest in their own order. */
function ordered(obj: object, keys: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

const diagnosticsObject = (list: readonly Diagnostic[]) => list.map((d) => ordered(d, DIAGNOSTIC_KEYS));

export function responseObject(response: CheckResponse): Record<string, unknown> {
  const out = ordered(response, RESPONSE_KEYS);
  out.reasons = response.reasons.map((r) => {
    const reason = ordered(r, REASON_KEYS);
    if (r.location) reason.location = ordered(r.location, LOCATION_KEYS);
    return reason;
  });
  if (response.counterexample) out.counterexample = ordered(response.counterexample, COUNTEREXAMPLE_KEYS);
  if (response.diagnostics) out.diagnostics = diagnosticsObject(response.diagnostics);
  return out;
}

export function findingsObject(response: FindingsResponse): Record<string, unknown> {
  const out = ordered(response, FINDINGS_KEYS);
  out.findings = response.findings.map((f) => {
    const finding = ordered(f, FINDING_KEYS);
    if (f.statementLocations) finding.statementLocations = f.statementLocations.map((l) => ordered(l, LOCATION_KEYS));
    return finding;
  });
  if (response.diagnostics) out.diagnostics = diagnosticsObject(response.diagnostics);
  return out;
}

export function validateObject(response: ValidatePolicyResponse): Record<string, unknown> {
  const out = ordered(response, VALIDATE_KEYS);
  out.findings = response.findings.map((f) => ordered(f, VALIDATE_FINDING_KEYS));
  return out;
}

export function errorObject(error: ErrorShape): { error: Record<string, unknown> } {
  return { error: { code: error.code, message: error.message, diagnostics: diagnosticsObject(error.diagnostics) } };
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
