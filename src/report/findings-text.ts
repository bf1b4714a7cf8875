// The findings command's text: a summary line, one block per finding (with where its statements
// are, from the finding's statementLocations), warnings, and why completeness is unproved.
// Contract: a pure function of the response and the documents (same input → same bytes).

import type { Finding, FindingsResponse } from "../checks/types.js";
import { diagnosticText, display, type TextContext } from "./text.js";

function findingText(f: Finding, n: number, ctx: TextContext): string {
  const where = f.statementIndexes.map((i, k) => {
    const loc = f.statementLocations?.[k];
    const doc = loc && ctx.docs[loc.document];
    return loc && doc ? `${i} (${doc.name}:${loc.line}:${loc.column})` : String(i);
  });
  const [type, value] = Object.entries(f.principal)[0];
  const conditions = Object.entries(f.condition);
  const flags = [
    f.isPublic ? "public" : "not public",
    ...(f.overApproximates ? ["over-approximates: also covers requests the policy does not allow"] : []),
    ...(f.unknownReason ? [f.unknownReason] : []),
  ];
  return [
    `Finding ${n} (${flags.join("; ")}):`,
    `  principal: ${type} ${display(value)}`,
    `  action:    ${f.action.map(display).join(", ")}`,
    `  resource:  ${display(f.resource)}`,
    conditions.length === 0 ? "  condition: (none)" : `  condition: ${conditions.map(([k, v]) => `${k} ${display(v)}`).join(", ")}`,
    `  from:      statement${where.length === 1 ? "" : "s"} ${where.join(", ") || "(the whole policy)"}`,
  ].join("\n");
}

export function findingsText(r: FindingsResponse, ctx: TextContext): string {
  const n = r.findings.length;
  const head =
    n === 0 && r.unknownReason === undefined
      ? "No findings: nothing outside the zone of trust can access the resource."
      : `${n} finding${n === 1 ? "" : "s"}: access from outside the zone of trust.`;
  const sections = [head, ...r.findings.map((f, i) => findingText(f, i + 1, ctx))];
  for (const d of r.diagnostics ?? []) sections.push(diagnosticText(d, ctx, "policyDocument"));
  if (r.unknownReason !== undefined) sections.push(`Why UNKNOWN: ${r.unknownReason}`);
  return sections.join("\n\n") + "\n";
}
