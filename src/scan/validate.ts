// validate-policy in a scan: AWS's policy checks on each extracted policy, located in its source.
// Contract: `VALIDATE_CHECK` is the scan check `validate-policy`. It skips AWS managed policies
// attached by ARN (AWS maintains them) and documents that are wholly unknown; it runs on every
// other policy, with the policy type and `validatePolicyResourceType` its kind and resource type
// give (`validateTypes`). A policy held as one string (a plan's attribute, a policy file) is
// validated as that exact text; any other is validated on its instance reading (unknowns.ts:
// each hole its placeholder), once per distinct variant, and the findings are merged. A finding
// whose element holds an unresolved part is not reported (its value decides it): a located
// SCAN_UNRESOLVED warning says so instead, so nothing is silent and no placeholder makes an ERROR.
// A synthesised statement (Lambda permissions) is validated without its Sid: that is the
// service's statement id, whose rules are not IAM's.
// Each finding is located in the source file (file, line and column from 1, the JSON Pointer of
// the element at fault in the parsed source; the element itself when the template writes it
// literally, else the nearest enclosing node there). The result is FAIL when some finding's type
// is in the spec's `failOn` (default ERROR and SECURITY_WARNING, as `keyaki validate-policy`
// exits 2 on them), else PASS; the findings are listed either way.

import type { ValidatePolicyFinding, ValidatePolicyResourceType, ValidatePolicyType, PathElement } from "../validate/types.js";
import type { FileDiagnostic, Locate, ScanCheck, ScanCheckResult, ScanFinding } from "./checks.js";
import type { ScanCheckSpec } from "./config.js";
import type { ExtractedPolicy } from "./types.js";
import { materialise } from "./unknowns.js";
import { canonical, holesOf, isObject, Unknown, type Hole, type Value } from "./value.js";

/** The finding types that fail a scan unless the config says otherwise (validate-policy's exit 2). */
export const DEFAULT_FAIL_ON = ["ERROR", "SECURITY_WARNING"] as const;

/** Extracted resource types → AWS's ValidatePolicyResourceType (the types it has special rules for). */
const VALIDATE_RESOURCE_TYPES: Record<string, ValidatePolicyResourceType> = {
  "AWS::IAM::AssumeRolePolicyDocument": "AWS::IAM::AssumeRolePolicyDocument",
  "AWS::S3::Bucket": "AWS::S3::Bucket",
  "AWS::S3::AccessPoint": "AWS::S3::AccessPoint",
  "AWS::S3::MultiRegionAccessPoint": "AWS::S3::MultiRegionAccessPoint",
  "AWS::S3ObjectLambda::AccessPoint": "AWS::S3ObjectLambda::AccessPoint",
  "AWS::DynamoDB::Table": "AWS::DynamoDB::Table",
};

/** validate-policy's request types for an extracted policy. */
export function validateTypes(p: Pick<ExtractedPolicy, "kind" | "policyType" | "resourceType">): {
  policyType: ValidatePolicyType;
  validatePolicyResourceType?: ValidatePolicyResourceType;
} {
  if (p.kind === "trust") return { policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument" };
  if (p.policyType !== "RESOURCE_POLICY") return { policyType: p.policyType };
  const rt = p.resourceType !== undefined ? VALIDATE_RESOURCE_TYPES[p.resourceType] : undefined;
  return { policyType: "RESOURCE_POLICY", ...(rt ? { validatePolicyResourceType: rt } : {}) };
}

type Token = string | number;

function tokensOf(path: readonly PathElement[]): Token[] {
  const out: Token[] = [];
  for (const e of path) {
    if ("index" in e) out.push(e.index);
    else if ("value" in e) out.push(e.value);
    else if ("key" in e) out.push(e.key);
    else break; // a substring: the element holding it is the place
  }
  return out;
}

const escape = (t: Token) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");

/** How many items an array item becomes in the instance reading (unknowns.ts `instance`). */
function instanceWidth(item: Value): number {
  if (!(item instanceof Unknown)) return 1;
  if (!item.alternatives) return 1;
  if (item.alternatives.length === 0) return 0;
  const first = item.alternatives[0];
  return Array.isArray(first) ? first.reduce<number>((n, x) => n + instanceWidth(x), 0) : 1;
}

/**
 * Follows a path of the instance document through the document with holes: the source tokens
 * (array indexes of the source, which an expanded unknown item shifts) and the first hole the
 * element depends on, if any.
 */
export function followPath(document: Value, tokens: readonly Token[]): { source: Token[]; hole?: Hole } {
  let v: Value | undefined = document;
  const source: Token[] = [];
  for (const t of tokens) {
    if (v instanceof Unknown) return { source, hole: v.hole };
    if (Array.isArray(v) && typeof t === "number") {
      let at = 0;
      let found: number | undefined;
      for (let j = 0; j < v.length; j++) {
        const w = instanceWidth(v[j]);
        if (t < at + w) {
          found = j;
          break;
        }
        at += w;
      }
      if (found === undefined) return { source };
      source.push(found);
      v = v[found];
    } else if (isObject(v) && typeof t === "string" && t in v) {
      source.push(t);
      v = v[t];
    } else break;
  }
  const holes = v === undefined ? [] : holesOf(v);
  return holes.length > 0 ? { source, hole: holes[0] } : { source };
}

const TYPE_WORDS: Record<string, [string, string]> = {
  ERROR: ["error", "errors"],
  SECURITY_WARNING: ["security warning", "security warnings"],
  WARNING: ["warning", "warnings"],
  SUGGESTION: ["suggestion", "suggestions"],
};

function summary(findings: readonly ScanFinding[]): string {
  if (findings.length === 0) return "No findings.";
  const counts = Object.keys(TYPE_WORDS)
    .map((t) => [t, findings.filter((f) => f.findingType === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${TYPE_WORDS[t][n === 1 ? 0 : 1]}`);
  return `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${counts.join(", ")}.`;
}

type Variant = ExtractedPolicy & { assignment?: Record<string, string> };

/** One variant's findings, located in the source, and the warnings for those a hole decides. */
function locateFindings(
  q: Variant,
  findings: readonly ValidatePolicyFinding[],
  locate: Locate,
  statementPointers: readonly string[] | undefined,
): { findings: ScanFinding[]; warnings: FileDiagnostic[] } {
  const out: ScanFinding[] = [];
  const warnings: FileDiagnostic[] = [];
  for (const f of findings) {
    const loc = f.locations[0];
    const tokens = loc ? tokensOf(loc.path) : [];
    const base = { findingType: f.findingType, issueCode: f.issueCode, findingDetails: f.findingDetails, learnMoreLink: f.learnMoreLink };
    if (q.text !== undefined) {
      // The exact text was validated: a policy file is the text itself; a plan's string is one node.
      if (q.pointer === "" && loc) {
        out.push({
          ...base,
          file: q.file,
          line: loc.span.start.line,
          column: loc.span.start.column + 1,
          pointer: tokens.map((t) => "/" + escape(t)).join(""),
        });
      } else out.push({ ...base, file: q.file, line: q.line, column: q.column, pointer: q.pointer });
      continue;
    }
    const { source, hole } = followPath(q.document, tokens);
    if (hole) {
      warnings.push({
        severity: "warning",
        code: "SCAN_UNRESOLVED",
        message: `${hole.reason}; validate-policy's ${f.issueCode} on it depends on its value and is not reported`,
        line: hole.line,
        column: hole.column,
        offset: 0,
        path: hole.pointer,
        file: hole.file,
      });
      continue;
    }
    let pointer: string;
    if (q.kind === "synthesized" && source[0] === "Statement") {
      // A synthesised statement comes from its resource's properties.
      const i = typeof source[1] === "number" ? source[1] : 0;
      pointer = q.statementPointers?.[i] ?? statementPointers?.[i] ?? q.pointer;
    } else pointer = q.pointer + source.map((t) => "/" + escape(t)).join("");
    const at = locate(q.file, pointer) ?? { line: q.line, column: q.column };
    out.push({ ...base, file: q.file, line: at.line, column: at.column, pointer });
  }
  return { findings: out, warnings };
}

export const VALIDATE_CHECK: ScanCheck = {
  skip: (p) => {
    if (p.kind === "managed") return "a managed policy attached by ARN: AWS maintains it, or its document is not here";
    if (p.text === undefined && p.document instanceof Unknown && !p.document.alternatives) return "the policy document is not known";
    return undefined;
  },
  run: async (api, p, spec: ScanCheckSpec, ctx) => {
    const failOn: readonly string[] = spec.failOn ?? DEFAULT_FAIL_ON;
    const variants: Variant[] = p.variants && p.variants.length > 0 ? p.variants : [p];
    const seen = new Set<string>();
    const findings: ScanFinding[] = [];
    const warnings: FileDiagnostic[] = [];
    const once = new Set<string>();
    let unknownReason: string | undefined;
    for (const q of variants) {
      const key = q.text ?? canonical(q.document);
      if (seen.has(key)) continue;
      seen.add(key);
      let text = q.text;
      let pointers: string[] | undefined;
      if (text === undefined) {
        const m = materialise(q.document, "instance");
        if (m.unknownReason !== undefined || !m.document) {
          unknownReason ??= m.unknownReason;
          continue;
        }
        // A synthesised statement's Sid is the service's statement id (Lambda's StatementId allows
        // `-` and `_`), not an IAM Sid: IAM's Sid rules do not apply to it.
        if (q.kind === "synthesized" && Array.isArray(m.document.Statement))
          for (const st of m.document.Statement as Array<Record<string, unknown>>) if (st && typeof st === "object") delete st.Sid;
        text = JSON.stringify(m.document, null, 2);
        pointers = m.statementPointers;
      }
      const r = await api.validatePolicy({ policyDocument: text, ...validateTypes(q) }, { timeoutSeconds: ctx.timeoutSeconds });
      const got = locateFindings(q, r.findings, ctx.locate, pointers);
      for (const f of got.findings) {
        const k = `${f.issueCode}\u0000${f.pointer}\u0000${f.findingDetails}`;
        if (once.has(k)) continue;
        once.add(k);
        findings.push(f);
      }
      for (const w of got.warnings) {
        const k = `${w.message}\u0000${w.line}:${w.column}`;
        if (once.has(k)) continue;
        once.add(k);
        warnings.push(w);
      }
    }
    const diagnostics = warnings.length > 0 ? { diagnostics: warnings } : {};
    if (seen.size > 0 && unknownReason !== undefined && findings.length === 0)
      return { result: "UNKNOWN", message: "The policy cannot be validated: it is not known.", reasons: [], unknownReason, ...diagnostics };
    const failing = findings.some((f) => failOn.includes(f.findingType));
    const result: ScanCheckResult = {
      result: failing ? "FAIL" : "PASS",
      message: summary(findings),
      reasons: [],
      findings,
      ...diagnostics,
    };
    return result;
  },
};
