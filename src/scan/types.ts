// The shapes every extractor returns: located policies, each with its holes, and located errors.
// Contract: one ExtractedPolicy per policy a check can read, in source order; `pointer` is the
// RFC 6901 JSON Pointer of the policy document in the parsed source (for a synthesised policy,
// its first resource's `Properties`; for a managed-policy reference, the ARN's element); `name`
// is unique within its file and stable across versions (what `--base` matches on); `unresolved`
// lists every hole in `document`, so nothing unknown is ever silent.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Hole, Value } from "./value.js";

export type PolicyKind = "identity" | "resource" | "trust" | "managed" | "synthesized";

export type ScanPolicyType = "IDENTITY_POLICY" | "RESOURCE_POLICY" | "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

export type SourceKind = "cloudformation" | "cdk-assembly" | "terraform-plan" | "policy";

export interface ExtractedPolicy {
  file: string;
  pointer: string;
  name: string;
  kind: PolicyKind;
  policyType: ScanPolicyType;
  /** The resource type CheckNoPublicAccess knows it by, or the source's own type name. */
  resourceType?: string;
  /** Where the document (or the ARN, or the synthesising resource) starts in `file`. */
  line: number;
  column: number;
  /** The document with its holes. */
  document: Value;
  /** The exact JSON text, when the source holds the document as one string (plans, policy files). */
  text?: string;
  unresolved: Hole[];
  /**
   * The policy under each assignment of the template's finite unknowns (variants.ts), when it
   * has some: its checks run on these (distinct documents once each), not on `document`.
   */
  variants?: Array<ExtractedPolicy & { assignment: Record<string, string> }>;
  /** A synthesised policy: each statement's source (its resource's Properties), in order. */
  statementPointers?: string[];
}

export interface Extraction {
  kind: SourceKind;
  policies: ExtractedPolicy[];
  /** Located errors (the file or part of it could not be read) and warnings. */
  diagnostics: Array<Diagnostic & { file: string }>;
  /** Further files this one names (a cloud assembly's templates), relative to its directory. */
  includes?: string[];
  /** The texts of further files read to extract this one (nested stacks' templates), by report name. */
  sources?: Record<string, string>;
}
