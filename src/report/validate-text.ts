// validate-policy's text: a summary line, then one block per finding — `file:line:column: TYPE
// CODE: details` (column from 1 here, as every keyaki text location; AWS's span counts from 0),
// a code frame, the other locations, and AWS's learn-more link.
// Contract: a pure function of the response and the document (same input → same bytes).

import type { ValidatePolicyFinding, ValidatePolicyResponse } from "../validate/types.js";
import { frameAt, type TextDocument } from "./text.js";

const TYPE_WORDS: Record<string, [string, string]> = {
  ERROR: ["error", "errors"],
  SECURITY_WARNING: ["security warning", "security warnings"],
  WARNING: ["warning", "warnings"],
  SUGGESTION: ["suggestion", "suggestions"],
};

function summary(r: ValidatePolicyResponse): string {
  if (r.findings.length === 0) return "No findings.";
  const counts = Object.keys(TYPE_WORDS)
    .map((t) => [t, r.findings.filter((f) => f.findingType === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${TYPE_WORDS[t][n === 1 ? 0 : 1]}`);
  return `${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}: ${counts.join(", ")}.`;
}

function findingText(f: ValidatePolicyFinding, doc: TextDocument): string {
  const [first, ...rest] = f.locations;
  const where = (l: typeof first) => `${doc.name}:${l.span.start.line}:${l.span.start.column + 1}`;
  const lines = [`${first ? where(first) : doc.name}: ${f.findingType} ${f.issueCode}: ${f.findingDetails}`];
  if (first) {
    const { start, end } = first.span;
    const length = end.line === start.line ? Math.max(1, end.column - start.column) : undefined;
    lines.push(frameAt(doc, { line: start.line, column: start.column + 1, length }));
  }
  for (const l of rest) lines.push(`  also at ${where(l)}`);
  lines.push(`  learn more: ${f.learnMoreLink}`);
  return lines.join("\n");
}

export function validateText(r: ValidatePolicyResponse, doc: TextDocument): string {
  return [summary(r), ...r.findings.map((f) => findingText(f, doc))].join("\n\n") + "\n";
}
