// The checks a scan runs on one extracted policy, each answering with the library's response.
// Contract: `SCAN_CHECKS[name]` says whether a check applies to a policy (or why not: the policy
// is then listed as skipped, never silently passed) and runs it through the public API. A policy
// with holes is read by unknowns.ts: the generous reading first (so a PASS holds whatever the
// holes are); a FAIL there is confirmed on the instance reading (every hole its placeholder, one
// value it may take) and reported from it, or else becomes UNKNOWN — a FAIL that only the
// reading of the unknowns produced is not a FAIL anyone could replay. Against a base version,
// the base is read strictly; two versions equal up to their holes are compared as instances,
// which is exact since the same holes take the same values in both. Every hole a reading
// decided is a located SCAN_UNRESOLVED warning on the result. Reasons are located in the source
// (file, line, column and pointer of the statement), not in the extracted text.
// Later, the check registry of the API can take this table over: each entry is a name, a
// predicate and a call.

import type { CheckResponse } from "../checks/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ScanCheckName, ScanCheckSpec } from "./config.js";
import type { ExtractedPolicy } from "./types.js";
import { materialise, type Reading } from "./unknowns.js";
import { canonical, type Hole } from "./value.js";

export type Api = Pick<
  typeof import("../index.js"),
  "checkNoNewAccess" | "checkNoPublicAccess" | "checkNoExternalAccess" | "checkAccessNotGranted"
>;

/** Where a statement of a policy is in its source file, or undefined. */
export type Locate = (file: string, pointer: string) => { line: number; column: number } | undefined;

export interface ScanReason {
  description: string;
  statementIndex: number;
  statementId?: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
}

export type FileDiagnostic = Diagnostic & { file: string };

export interface ScanCheckResult extends Omit<CheckResponse, "reasons" | "diagnostics"> {
  reasons: ScanReason[];
  diagnostics?: FileDiagnostic[];
  /** The values of the template's finite unknowns this answer is for (variants.ts). */
  assignment?: Record<string, string>;
}

type Variant = ExtractedPolicy & { assignment?: Record<string, string> };

/**
 * A check over a policy's variants: the first FAIL (for its assignment), else the first UNKNOWN,
 * else PASS. Variants with the same document are checked once. Without variants: the policy.
 */
export async function overVariants(
  p: ExtractedPolicy,
  go: (q: Variant) => Promise<ScanCheckResult>,
  /** What else the answer depends on (the base version compared with): variants differing there are checked apart. */
  context: (q: Variant) => string = () => "",
): Promise<ScanCheckResult> {
  if (!p.variants || p.variants.length === 0) return go(p);
  const seen = new Set<string>();
  let pass: ScanCheckResult | undefined;
  let unknown: ScanCheckResult | undefined;
  for (const q of p.variants) {
    const key = (q.text ?? canonical(q.document)) + "\u0000" + context(q);
    if (seen.has(key)) continue;
    seen.add(key);
    const r = { ...(await go(q)), assignment: q.assignment };
    if (r.result === "FAIL") return r;
    if (r.result === "UNKNOWN") unknown ??= r;
    else pass ??= r;
  }
  if (unknown) return unknown;
  const { assignment: _, ...rest } = pass!;
  return rest;
}

interface Prepared {
  text: string;
  /** Per statement of `text`, its source pointer relative to the document. */
  pointers?: string[];
  decided: Hole[];
  unknownReason?: string;
}

function prepare(p: ExtractedPolicy, reading: Reading): Prepared {
  if (p.text !== undefined) return { text: p.text, decided: [] };
  const m = materialise(p.document, reading);
  if (m.unknownReason !== undefined) return { text: "", decided: m.decided, unknownReason: m.unknownReason };
  return { text: JSON.stringify(m.document, null, 2), pointers: m.statementPointers, decided: m.decided };
}

/** The source location of statement `index` of a prepared policy. */
function statementAt(
  p: ExtractedPolicy,
  prep: Prepared,
  index: number,
  locate: Locate,
): { file: string; line: number; column: number; pointer: string } {
  const rel = prep.pointers?.[index] ?? `/Statement/${index}`;
  const fromSynth = p.kind === "synthesized" ? p.statementPointers?.[Number(rel.split("/")[2])] : undefined;
  // A policy held as one string (a plan's attribute) is located at the string.
  const pointer = fromSynth ?? (p.text !== undefined && p.pointer !== "" ? p.pointer : p.pointer + rel);
  const loc = locate(p.file, pointer) ?? { line: p.line, column: p.column };
  return { file: p.file, ...loc, pointer };
}

function holeWarnings(holes: Hole[]): FileDiagnostic[] {
  const seen = new Set<string>();
  const out: FileDiagnostic[] = [];
  for (const h of holes) {
    const key = `${h.id}\u0000${h.line}:${h.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      severity: "warning",
      code: "SCAN_UNRESOLVED",
      message: `${h.reason}; the check reads it as any value`,
      line: h.line,
      column: h.column,
      offset: 0,
      path: h.pointer,
      file: h.file,
    });
  }
  return out;
}

/** A response located in the source: reasons by statement, the policy's own warnings by pointer. */
function located(r: CheckResponse, p: ExtractedPolicy, prep: Prepared, locate: Locate, extra: FileDiagnostic[]): ScanCheckResult {
  // The library's `location` is in the extracted text: the source's replaces it.
  const reasons = r.reasons.map(({ location: _, ...reason }) => ({ ...reason, ...statementAt(p, prep, reason.statementIndex, locate) }));
  const diagnostics: FileDiagnostic[] = (r.diagnostics ?? []).map((d) => {
    // The check's pointer is into the text it read: map its statement back to the source.
    const m = /^\/Statement\/(\d+)(.*)$/.exec(d.path);
    if (p.text !== undefined && p.pointer === "") return { ...d, file: p.file };
    const at = m ? statementAt(p, prep, Number(m[1]), locate) : { file: p.file, line: p.line, column: p.column, pointer: p.pointer };
    return { ...d, file: at.file, line: at.line, column: at.column, path: at.pointer };
  });
  const all = [...diagnostics, ...extra];
  const { diagnostics: _, reasons: __, ...rest } = r;
  return { ...rest, reasons, ...(all.length > 0 ? { diagnostics: all } : {}) };
}

function unknown(message: string, reason: string, warnings: FileDiagnostic[]): ScanCheckResult {
  return { result: "UNKNOWN", message, reasons: [], unknownReason: reason, ...(warnings.length > 0 ? { diagnostics: warnings } : {}) };
}

const HOLES_DECIDE =
  "the check fails when the unresolved parts are read as any value, but not when each takes its placeholder value: give their values (`--parameters`, `--account`, `--region`, `--partition`) to decide";

/** Runs `call` on the generous reading, confirming a FAIL on the instance reading. */
async function single(p: ExtractedPolicy, call: (text: string) => Promise<CheckResponse>, locate: Locate): Promise<ScanCheckResult> {
  const gen = prepare(p, "generous");
  const warnings = holeWarnings(gen.decided);
  if (gen.unknownReason !== undefined)
    return unknown("The policy cannot be checked: a part it depends on is not known.", gen.unknownReason, warnings);
  const r = await call(gen.text);
  if (r.result !== "FAIL" || gen.decided.length === 0) return located(r, p, gen, locate, warnings);
  const inst = prepare(p, "instance");
  const r2 = inst.unknownReason === undefined ? await call(inst.text).catch(() => undefined) : undefined;
  if (r2?.result === "FAIL") return located(r2, p, inst, locate, holeWarnings(inst.decided));
  return unknown("The check fails only for some values of the policy's unresolved parts.", HOLES_DECIDE, warnings);
}

/** check-no-new-access of `head` against its version `base` (both extracted). */
export async function againstBase(
  api: Api,
  head: ExtractedPolicy,
  base: ExtractedPolicy,
  locate: Locate,
  timeoutSeconds: number,
  partition?: string,
): Promise<ScanCheckResult> {
  const policyType = newAccessType(head);
  const call = (existing: string, next: string) =>
    api.checkNoNewAccess(
      { existingPolicyDocument: existing, newPolicyDocument: next, policyType },
      checkOptions({ timeoutSeconds, partition }),
    );
  const same = (head.text ?? canonical(head.document)) === (base.text ?? canonical(base.document));
  if (same) {
    // The same holes take the same values in both versions: equal documents allow the same.
    const h = prepare(head, "instance");
    const b = prepare(base, "instance");
    if (h.unknownReason === undefined && b.unknownReason === undefined) return located(await call(b.text, h.text), head, h, locate, []);
  }
  const newer = prepare(head, "generous");
  const older = prepare(base, "strict");
  const warnings = holeWarnings([...newer.decided, ...older.decided]);
  if (newer.unknownReason !== undefined || older.unknownReason !== undefined)
    return unknown(
      "The policies cannot be compared: a part they depend on is not known.",
      (newer.unknownReason ?? older.unknownReason)!,
      warnings,
    );
  const r = await call(older.text, newer.text);
  if (r.result !== "FAIL" || warnings.length === 0) return located(r, head, newer, locate, warnings);
  const h = prepare(head, "instance");
  const b = prepare(base, "instance");
  const r2 = h.unknownReason === undefined && b.unknownReason === undefined ? await call(b.text, h.text).catch(() => undefined) : undefined;
  if (r2?.result === "FAIL") return located(r2, head, h, locate, holeWarnings(h.decided));
  return unknown("The change grants new access only for some values of the policies' unresolved parts.", HOLES_DECIDE, warnings);
}

/** The policy type check-no-new-access compares under: SCPs read as identity policies, RCPs as resource policies. */
function newAccessType(p: ExtractedPolicy): "IDENTITY_POLICY" | "RESOURCE_POLICY" {
  return p.policyType === "IDENTITY_POLICY" || p.policyType === "SERVICE_CONTROL_POLICY" ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
}

interface CheckContext {
  locate: Locate;
  timeoutSeconds: number;
  /** The partition the policy (variant) is deployed in: the checks' requests come from it. */
  partition?: string;
  readFile(path: string): string;
}

/** The library options of one check: its time bound and the partition of its requests. */
const checkOptions = (ctx: { timeoutSeconds: number; partition?: string }) => ({
  timeoutSeconds: ctx.timeoutSeconds,
  ...(ctx.partition !== undefined ? { partition: ctx.partition } : {}),
});

export interface ScanCheck {
  /** undefined when it applies; else why it does not (the policy is listed as skipped). */
  skip(p: ExtractedPolicy, spec: ScanCheckSpec, publicTypes: readonly string[]): string | undefined;
  run(api: Api, p: ExtractedPolicy, spec: ScanCheckSpec, ctx: CheckContext): Promise<ScanCheckResult>;
}

const needsResourceType = (p: ExtractedPolicy, publicTypes: readonly string[]): string | undefined => {
  if (p.policyType !== "RESOURCE_POLICY") return "not a resource policy";
  if (!p.resourceType) return "its resource type is not known";
  if (!publicTypes.includes(p.resourceType)) return `resource type \`${p.resourceType}\` is not one the check accepts`;
  return undefined;
};

export const SCAN_CHECKS: Record<ScanCheckName, ScanCheck> = {
  "check-no-public-access": {
    skip: (p, _, types) => needsResourceType(p, types),
    run: (api, p, _, ctx) =>
      single(p, (text) => api.checkNoPublicAccess({ policyDocument: text, resourceType: p.resourceType! }, checkOptions(ctx)), ctx.locate),
  },
  "check-no-external-access": {
    skip: (p, _, types) => needsResourceType(p, types),
    run: (api, p, spec, ctx) =>
      single(
        p,
        (text) =>
          api.checkNoExternalAccess(
            {
              policyDocument: text,
              resourceType: p.resourceType!,
              trustedAccounts: spec.trustedAccounts ?? [],
              ...(spec.trustedOrganizations ? { trustedOrganizations: spec.trustedOrganizations } : {}),
            },
            checkOptions(ctx),
          ),
        ctx.locate,
      ),
  },
  "check-access-not-granted": {
    skip: (p) =>
      p.policyType === "IDENTITY_POLICY" || p.policyType === "RESOURCE_POLICY"
        ? undefined
        : `the check takes identity and resource policies, not \`${p.policyType}\``,
    run: (api, p, spec, ctx) =>
      single(
        p,
        (text) =>
          api.checkAccessNotGranted(
            {
              policyDocument: text,
              access: [{ ...(spec.actions ? { actions: spec.actions } : {}), ...(spec.resources ? { resources: spec.resources } : {}) }],
              policyType: p.policyType as "IDENTITY_POLICY",
            },
            checkOptions(ctx),
          ),
        ctx.locate,
      ),
  },
  "check-no-new-access": {
    skip: (p, spec) =>
      spec.referencePolicies?.[newAccessType(p)] ? undefined : `no reference policy for \`${newAccessType(p)}\` in the config`,
    run: (api, p, spec, ctx) => {
      const type = newAccessType(p);
      const reference = ctx.readFile(spec.referencePolicies![type]!);
      return single(
        p,
        (text) => api.checkNoNewAccess({ existingPolicyDocument: reference, newPolicyDocument: text, policyType: type }, checkOptions(ctx)),
        ctx.locate,
      );
    },
  },
};
