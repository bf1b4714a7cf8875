// The validate-policy command: AWS's ValidatePolicy, offline.
// Contract: `runValidate` reads the document, calls validatePolicy (of an instance made with the
// environment's options, cli/instance.ts), writes the response and returns the exit code (the
// registry's, registry/defs/validate-policy.ts) — 0 with no ERROR or SECURITY_WARNING finding, 2 with some
// (a document that is not JSON is such a finding, as AWS answers it), 1 for a bad request, an
// unreadable file or a document over 1 MiB (KeyakiError: stderr in text mode, `{"error": …}` on stdout in json mode).
// JSON output is the response exactly as the library returns it (AWS's shape), 2-space indented.
// Text output: a summary line, then one block per finding — `file:line:column: TYPE CODE:
// details` (column from 1 here, as every keyaki text location), a code frame, the other
// locations, and AWS's learn-more link. Other exceptions propagate to main's INTERNAL_ERROR.

import { renderCodeFrame } from "../diagnostics/codeframe.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { validatePolicyDef } from "../registry/defs/validate-policy.js";
import type { Keyaki } from "../keyaki.js";
import type { ValidatePolicyFinding, ValidatePolicyResponse, ValidatePolicyType } from "../validate/types.js";
import type { ValidatePolicyInvocation } from "./args.js";
import { readDoc, type SourceDoc } from "./input.js";
import type { CliIO } from "./main.js";
import { errorJson } from "./render-json.js";
import { version } from "./help.js";
import type { SarifOutcome } from "../report/sarif.js";

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

function findingText(f: ValidatePolicyFinding, doc: SourceDoc): string {
  const [first, ...rest] = f.locations;
  const where = (l: typeof first) => `${doc.name}:${l.span.start.line}:${l.span.start.column + 1}`;
  const lines = [`${first ? where(first) : doc.name}: ${f.findingType} ${f.issueCode}: ${f.findingDetails}`];
  if (first) {
    const { start, end } = first.span;
    const length = end.line === start.line ? Math.max(1, end.column - start.column) : undefined;
    lines.push(renderCodeFrame(doc.text, { line: start.line, column: start.column + 1, length }));
  }
  for (const l of rest) lines.push(`  also at ${where(l)}`);
  lines.push(`  learn more: ${f.learnMoreLink}`);
  return lines.join("\n");
}

export function validateText(r: ValidatePolicyResponse, doc: SourceDoc): string {
  return [summary(r), ...r.findings.map((f) => findingText(f, doc))].join("\n\n") + "\n";
}

export function validateJson(r: ValidatePolicyResponse): string {
  return JSON.stringify(r, null, 2) + "\n";
}

/** `--output sarif` (report/sarif.ts): one result per finding, at each of its locations. */
async function validateSarif(inv: ValidatePolicyInvocation, docs: Record<string, SourceDoc>, outcome: SarifOutcome): Promise<string> {
  const { sarifText } = await import("../report/sarif.js");
  const path = inv.policyDocument.kind === "file" ? inv.policyDocument.path : undefined;
  const sdocs = Object.fromEntries(Object.entries(docs).map(([k, d]) => [k, path !== undefined ? { ...d, path } : d]));
  return sarifText({
    command: "validate-policy",
    version: version(),
    docs: sdocs,
    underCheck: "policyDocument",
    policyType: inv.policyType as ValidatePolicyType,
    outcome,
  });
}

export async function runValidate(inv: ValidatePolicyInvocation, io: CliIO): Promise<number> {
  let keyaki: Keyaki | undefined;
  const docs: Record<string, SourceDoc> = {};
  try {
    const doc = await readDoc(inv.policyDocument, "policy-document", io);
    docs.policyDocument = doc;
    keyaki = await (await import("./instance.js")).cliInstance(io.env);
    const response = await keyaki.validatePolicy(
      {
        policyDocument: doc.text,
        policyType: inv.policyType as ValidatePolicyType,
        ...(inv.validatePolicyResourceType !== undefined ? { validatePolicyResourceType: inv.validatePolicyResourceType as never } : {}),
      },
      { timeoutSeconds: inv.timeoutSeconds },
    );
    if (inv.output === "sarif") io.stdout(await validateSarif(inv, { policyDocument: doc }, { kind: "validate", response }));
    else io.stdout(inv.output === "json" ? validateJson(response) : validateText(response, doc));
    return validatePolicyDef.exit(response);
  } catch (e) {
    if (!(e instanceof KeyakiError)) throw e;
    if (inv.output === "sarif") {
      io.stdout(await validateSarif(inv, docs, { kind: "error", code: e.code, message: e.message, diagnostics: e.diagnostics }));
    } else if (inv.output === "json") {
      io.stdout(errorJson({ code: e.code, message: e.message, diagnostics: e.diagnostics }));
    } else io.stderr(`keyaki: error ${e.code}: ${e.message}\n`);
    return 1;
  } finally {
    await keyaki?.close();
  }
}
