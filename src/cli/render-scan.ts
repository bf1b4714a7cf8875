// The report of `keyaki scan`: text grouped by file, or the report object as JSON.
// Contract: pure functions of the report and the sources (same input → same bytes), newline-
// terminated, no colours. Text: per file (in report order), its errors (located, with a code
// frame), one status line per check of its policies, then the details of each FAIL and UNKNOWN —
// the reasons located at the statement inside the template (file:line:column and a code frame
// of the source file, not of the extracted text), the counterexample, the warnings, and why it
// is UNKNOWN; then the policies new and removed since the base; then a one-line summary.

import { renderCodeFrame } from "../diagnostics/codeframe.js";
import type { FileDiagnostic } from "../scan/checks.js";
import type { ScanOutcome, ScanReport, ScanResultEntry } from "../scan/run.js";
import { counterexampleText } from "../report/text.js";

export function scanJson(report: ScanReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

function frame(sources: ScanOutcome["sources"], file: string, line: number, column: number): string {
  const text = sources.get(file);
  return text === undefined ? "" : renderCodeFrame(text, { line, column });
}

function located(sources: ScanOutcome["sources"], d: FileDiagnostic, withFrame: boolean): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  const f = withFrame ? frame(sources, d.file, d.line, d.column) : "";
  return f === "" ? head : `${head}\n${f}`;
}

const KIND: Record<string, string> = {
  identity: "identity policy",
  resource: "resource policy",
  trust: "trust policy",
  managed: "managed policy",
  synthesized: "synthesised resource policy",
};

function details(r: ScanResultEntry, report: ScanReport, sources: ScanOutcome["sources"]): string {
  const p = report.policies[r.policy];
  const against = r.against !== undefined ? ` against ${r.against}` : "";
  const sections = [
    `${r.result}: ${r.check}${against} on ${p.name} (${KIND[p.kind]}${p.resourceType ? ", " + p.resourceType : ""}): ${r.message}`,
  ];
  if (r.assignment)
    sections.push(
      `For ${Object.entries(r.assignment)
        .map(([k, v]) => `${k} = ${v}`)
        .join(", ")} (every value it may take is checked)`,
    );
  for (const reason of r.reasons) {
    const f = frame(sources, reason.file, reason.line, reason.column);
    sections.push([`${reason.file}:${reason.line}:${reason.column}: ${reason.description}`, ...(f ? [f] : [])].join("\n"));
  }
  if (r.counterexample) sections.push(counterexampleText(r.counterexample, r.check));
  for (const d of r.diagnostics ?? []) sections.push(located(sources, d, true));
  if (r.unknownReason !== undefined) sections.push(`Why UNKNOWN: ${r.unknownReason}`);
  return sections.join("\n\n");
}

export function scanText({ report, sources }: ScanOutcome): string {
  const files: string[] = [];
  const add = (f: string) => {
    if (!files.includes(f)) files.push(f);
  };
  report.errors.forEach((e) => add(e.file));
  report.policies.forEach((p) => add(p.file));
  const out: string[] = [];
  for (const file of files) {
    const block: string[] = [file];
    const errors = report.errors.filter((e) => e.file === file);
    const lines: string[] = [];
    const more: string[] = [];
    report.results.forEach((r) => {
      const p = report.policies[r.policy];
      if (p.file !== file) return;
      const against = r.against !== undefined ? ` (against ${r.against})` : "";
      lines.push(`  ${r.result.padEnd(7)}  ${r.check}${against}  ${p.name}  ${p.line}:${p.column}`);
      if (r.result !== "PASS") more.push(details(r, report, sources));
    });
    for (const s of report.skipped) {
      const p = report.policies[s.policy];
      if (p.file === file) lines.push(`  skipped  ${s.check}  ${p.name}  ${p.line}:${p.column}: ${s.reason}`);
    }
    if (lines.length === 0 && errors.length === 0) lines.push("  (no checks apply to its policies)");
    block.push(...lines);
    out.push(block.join("\n"));
    for (const e of errors) out.push(located(sources, e, true));
    out.push(...more);
  }
  if (report.base) {
    const { ref } = report.base;
    if (report.base.new.length > 0)
      out.push(
        [
          `New since ${ref}:`,
          ...report.base.new.map(
            (i) => `  ${report.policies[i].file}:${report.policies[i].line}:${report.policies[i].column}: ${report.policies[i].name}`,
          ),
        ].join("\n"),
      );
    if (report.base.removed.length > 0)
      out.push([`Removed since ${ref}:`, ...report.base.removed.map((p) => `  ${p.file}: ${p.name}`)].join("\n"));
  }
  for (const w of report.warnings) out.push(located(sources, w, false));
  const s = report.summary;
  out.push(
    `${s.policies} ${s.policies === 1 ? "policy" : "policies"} in ${s.files} ${s.files === 1 ? "file" : "files"}: ` +
      `${s.pass} passed, ${s.fail} failed, ${s.unknown} unknown, ${s.skipped} skipped; ${s.errors} ${s.errors === 1 ? "error" : "errors"}`,
  );
  return out.join("\n\n") + "\n";
}

/** 1 on any error, else 2 on a FAIL, else 3 on an UNKNOWN, else 0. */
export function scanExit(report: ScanReport): number {
  if (report.errors.length > 0) return 1;
  if (report.summary.fail > 0) return 2;
  if (report.summary.unknown > 0) return 3;
  return 0;
}
