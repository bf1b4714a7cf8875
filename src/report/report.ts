// The report layer: one shape for what a command produced, one entry point to print it.
// Contract: a Report is the command, keyaki's version, the documents it read (display name,
// text, and a file's path as given) and its outcome — a check's response, findings, a
// validate-policy response, or an error. `render(report, format)` is a pure function of it
// (same report → same bytes, newline-terminated): `text` for people (text.ts, findings-text.ts,
// validate-text.ts), `json` in one key order (json.ts), `sarif` as one SARIF 2.1.0 log (sarif.ts).
// Locations come from the outcome (reasons', findings' and diagnostics' own); nothing here parses
// a document. (Exit codes are the check registry's: registry/defs.)

import type { CheckResponse, FindingsResponse } from "../checks/types.js";
import type { ValidatePolicyResponse } from "../validate/types.js";
import { findingsText } from "./findings-text.js";
import { errorObject, findingsObject, jsonText, responseObject, validateObject, type ErrorShape } from "./json.js";
import { sarifText } from "./sarif.js";
import { errorText, responseText } from "./text.js";
import { validateText } from "./validate-text.js";

export type Outcome =
  | { kind: "response"; response: CheckResponse }
  | { kind: "findings"; response: FindingsResponse }
  | { kind: "validate"; response: ValidatePolicyResponse }
  | ({ kind: "error" } & ErrorShape);

export interface ReportDocument {
  /** What the text output calls it: a path, `<stdin>`, `<policy-document>`, … */
  name: string;
  text: string;
  /** The file's path as given; absent for inline and standard-input documents. */
  path?: string;
}

export interface Report {
  /** The command, e.g. `check-no-new-access` (`keyaki` for an error before any command). */
  command: string;
  /** keyaki's version (SARIF names the tool with it). */
  version: string;
  /** The documents read, by the library's input name (`newPolicyDocument`, `access`, …), in input order. */
  docs: Record<string, ReportDocument>;
  outcome: Outcome;
}

export type Format = "text" | "json" | "sarif";

export function render(report: Report, format: Format): string {
  if (format === "sarif") return sarifText(report);
  const out = report.outcome;
  const ctx = { command: report.command, docs: report.docs };
  switch (out.kind) {
    case "response":
      return format === "json" ? jsonText(responseObject(out.response)) : responseText(out.response, ctx);
    case "findings":
      return format === "json" ? jsonText(findingsObject(out.response)) : findingsText(out.response, ctx);
    case "validate":
      return format === "json" ? jsonText(validateObject(out.response)) : validateText(out.response, report.docs.policyDocument);
    case "error":
      if (format === "json") return jsonText(errorObject(out));
      // validate-policy's errors are one line (its refusals' diagnostics are not drawn).
      return report.command === "validate-policy" ? `keyaki: error ${out.code}: ${out.message}\n` : errorText(out, ctx);
  }
}
