// The findings command's output.
// Contract: pure functions of the response. JSON: exactly `{"findings": [...]}` (each finding's
// keys in Access Analyzer's order — principal, action, resource, condition, isPublic — then
// keyaki's statementIndexes, overApproximates and unknownReason), plus `diagnostics` and `unknownReason` when
// present. Text: a summary line, one block per finding (with where its statements are), warnings,
// and why completeness is unproved. Exit: 3 when completeness (or some finding) is unproved, else
// 2 with findings, 0 without.

import type { Finding, FindingsResponse } from "../checks/types.js";
import { diagnosticText, display, type TextContext } from "./render-text.js";

const FINDING_KEYS = [
  "principal",
  "action",
  "resource",
  "condition",
  "isPublic",
  "statementIndexes",
  "overApproximates",
  "unknownReason",
] as const;
const DIAGNOSTIC_KEYS = ["severity", "code", "message", "line", "column", "offset", "path", "document"] as const;

function ordered<T extends object>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

export function findingsExit(r: FindingsResponse): number {
  return r.unknownReason !== undefined ? 3 : r.findings.length > 0 ? 2 : 0;
}

export function findingsJson(r: FindingsResponse): string {
  const out: Record<string, unknown> = { findings: r.findings.map((f) => ordered(f, FINDING_KEYS)) };
  if (r.diagnostics) out.diagnostics = r.diagnostics.map((d) => ordered(d, DIAGNOSTIC_KEYS));
  if (r.unknownReason !== undefined) out.unknownReason = r.unknownReason;
  return JSON.stringify(out, null, 2) + "\n";
}

function findingText(f: Finding, n: number, ctx: TextContext): string {
  const doc = ctx.docs.policyDocument;
  const where = f.statementIndexes.map((i) => {
    const loc = doc && ctx.framer.statementLoc(doc, i);
    return loc ? `${i} (${doc.name}:${loc.line}:${loc.column})` : String(i);
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
