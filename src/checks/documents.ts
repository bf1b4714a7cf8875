// Turns a check's raw inputs into parsed policies, or one KeyakiError listing every problem.
// Contract: each diagnostic is tagged with the input it is about (`existingPolicyDocument`, ...);
// any error in any document rejects the whole check (no verdict on bad input); warnings — the
// parser's, then the condition-key catalogue's (policy/key-diagnostics.ts) — are returned for the
// response.

import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { conditionKeyDiagnostics } from "../policy/key-diagnostics.js";
import type { Policy, PolicyType } from "../iam/ast.js";
import { parsePolicy } from "../policy/parse.js";
import { checkTime, type Expired } from "../diagnostics/time-up.js";

export interface ParsedDocument {
  name: string;
  policy: Policy;
}

export { checkPolicyType } from "./inputs.js";

export function parseDocuments(
  inputs: ReadonlyArray<{ name: string; text: unknown }>,
  type: PolicyType,
  /** Past the check's deadline reading stops with TimeUp (diagnostics/time-up.ts). */
  expired?: Expired,
): { documents: ParsedDocument[]; warnings: Diagnostic[] } {
  const documents: ParsedDocument[] = [];
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const { name, text } of inputs) {
    if (typeof text !== "string") {
      throw new KeyakiError("INVALID_INPUT", `\`${name}\` must be a JSON string, not ${typeof text}`);
    }
    checkTime(expired, "reading the policy");
    const { policy, diagnostics } = parsePolicy(text, type, { expired });
    for (const d of diagnostics) (d.severity === "error" ? errors : warnings).push({ ...d, document: name });
    if (policy) {
      checkTime(expired, "reading the policy");
      documents.push({ name, policy });
      for (const d of conditionKeyDiagnostics(policy)) warnings.push({ ...d, document: name });
    }
  }
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new KeyakiError(first.code, `\`${first.document}\`:${first.line}:${first.column}: ${first.message}${more}`, errors);
  }
  return { documents, warnings };
}
