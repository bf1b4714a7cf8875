// One source file → its kind and its located policies: the entry point of the extractors.
// Contract: `extractSource(text, file, ctx)` never throws. It parses the text (tree.ts), tells by
// content what it is (a CloudFormation template, a CDK assembly manifest, a Terraform plan, a
// plain policy document; first match in that order), and returns that extractor's policies. A
// file that is none of them returns undefined (it is not a source, not an error); a file that
// cannot be parsed, or whose extraction fails, returns a located SCAN_* error and no policies.
// `looksLikeSource(name)` is the cheap name filter the directory walk applies first.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { assemblyTemplates, isAssemblyManifest } from "./cdk.js";
import { extractTemplate, isTemplate } from "./cloudformation.js";
import type { ManagedPolicies } from "./managed.js";
import { createNestingState, type NestingState } from "./nested.js";
import { extractPolicyFile, isPolicyDocument } from "./policy-file.js";
import { extractPlan, isPlan } from "./terraform.js";
import { member, parseSource, type TNode } from "./tree.js";
import { canonicalText, type ScanOptions } from "./intrinsics.js";
import type { ExtractedPolicy, Extraction } from "./types.js";
import { holesOf } from "./value.js";
import { templateVariants } from "./variants.js";

export interface ExtractContext {
  options: ScanOptions;
  managed: ManagedPolicies;
  /**
   * Reads a file a template names (a nested stack's template) by its report name, or undefined
   * when it cannot. Without it such files are not read (a located error says so).
   */
  readFile?: (file: string) => string | undefined;
}

export function looksLikeSource(name: string): boolean {
  return /\.(json|ya?ml|template|tfplan\.json)$/i.test(name);
}

function located(file: string, d: Diagnostic): Diagnostic & { file: string } {
  return { ...d, file };
}

/** A template's policies, each with its variants when the template has finite unknowns. */
function withVariants(root: TNode, file: string, ctx: ExtractContext, state: NestingState): ExtractedPolicy[] {
  const nesting = { state, chain: [file], via: "" };
  const policies = extractTemplate(root, { file, options: ctx.options, managed: ctx.managed, nesting });
  const holes = new Set(policies.flatMap((p) => holesOf(p.document).map((h) => h.id)));
  // A hole on a condition depends on what the condition reads.
  const conditions = member(root, "Conditions");
  if (conditions?.type === "object")
    for (let grew = true; grew;) {
      grew = false;
      for (const c of conditions.entries) {
        const text = `${c.key}: ${canonicalText(c.value)}`;
        if (!holes.has(text) && [...holes].some((id) => new RegExp(`(^|[^A-Za-z0-9])${c.key}([^A-Za-z0-9]|$)`).test(id))) {
          holes.add(text);
          grew = true;
        }
      }
    }
  const variants = templateVariants(root, holes, ctx.options);
  if (variants.length === 0) return policies;
  const byName = new Map(policies.map((p) => [p.name, p]));
  for (const v of variants)
    for (const q of extractTemplate(root, { file, managed: ctx.managed, options: v.options, nesting })) {
      // A policy only some variants create is checked in those; one no variant names keeps its holes.
      const p = byName.get(q.name);
      if (p) (p.variants ??= []).push({ ...q, assignment: v.assignment });
    }
  return policies;
}

export function extractSource(text: string, file: string, ctx: ExtractContext, explicit = false): Extraction | undefined {
  const parsed = parseSource(text, file);
  if (!parsed.root) {
    // A file found by walking a directory that is not JSON or YAML is not ours to complain about;
    // one that looks like a template but is broken is.
    const claimed = explicit || /AWSTemplateFormatVersion|"?Resources"?\s*:|planned_values|"?Statement"?\s*:/.test(text);
    return claimed ? { kind: "cloudformation", policies: [], diagnostics: parsed.diagnostics.map((d) => located(file, d)) } : undefined;
  }
  const root = parsed.root;
  const warnings = parsed.diagnostics.map((d) => located(file, d));
  try {
    if (isTemplate(root)) {
      const state = createNestingState(ctx.readFile);
      const policies = withVariants(root, file, ctx, state);
      const sources = Object.fromEntries(state.sources);
      return {
        kind: "cloudformation",
        policies,
        diagnostics: [...warnings, ...state.diagnostics.values()],
        ...(state.sources.size > 0 ? { sources } : {}),
      };
    }
    if (isAssemblyManifest(root)) return { kind: "cdk-assembly", policies: [], diagnostics: warnings, includes: assemblyTemplates(root) };
    if (isPlan(root)) return { kind: "terraform-plan", policies: extractPlan(root, { file, ...ctx }), diagnostics: warnings };
    if (isPolicyDocument(root) && parsed.format === "json")
      return { kind: "policy", policies: [extractPolicyFile(root, text, file)], diagnostics: warnings };
  } catch (e) {
    const message = `cannot extract policies: ${(e as Error).message}`;
    const d: Diagnostic = { severity: "error", code: "SCAN_EXTRACT_ERROR", message, line: 1, column: 1, offset: 0, path: "" };
    return { kind: "cloudformation", policies: [], diagnostics: [located(file, d)] };
  }
  return undefined;
}
