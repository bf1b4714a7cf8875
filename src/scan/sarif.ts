// `keyaki scan --output sarif`: a scan's report as one SARIF 2.1.0 log, for code scanning.
// Contract: a pure function of the outcome and keyaki's version (same input → same bytes),
// newline-terminated JSON. One run, tool `keyaki`. Rules: every check (report/sarif.ts ruleTable),
// then each validate-policy issue code and diagnostic code the run reports, in order of first
// use. Results, each located in the template file (its path relative to the scan's working
// directory, as a relative URI; the region of the element at fault in the template, not in an
// extracted string):
//   - each reason of a FAIL: level error, rule = the check, at the statement;
//   - a FAIL without reasons: level error, at the policy;
//   - an UNKNOWN: level note, at the policy, with why;
//   - each validate-policy finding: rule = its issue code, level error for ERROR, warning for
//     SECURITY_WARNING and WARNING, note for SUGGESTION, at the element at fault;
//   - each diagnostic (a result's warnings, the report's errors and warnings): rule = its code,
//     level error or warning, at its place; the same one on several checks is one result.
// A PASS has no result. An error about a file that could not be read at all (missing, unreadable)
// has no region to point at: it is a tool execution notification. `executionSuccessful` is false
// when the report has errors. Regions: the node's extent when the template parses to a node
// starting there (tree.ts keeps each node's end), else the token at the line and column.

import type * as Sarif from "sarif";
import { regionOf, type Span } from "../report/regions.js";
import { checkRule, diagnosticRule, validateRule } from "../report/rules.js";
import { fileUri, ruleTable, SCHEMA } from "../report/sarif.js";
import type { FileDiagnostic } from "./checks.js";
import type { ScanOutcome, ScanResultEntry } from "./run.js";
import { nodeAt, parseSource, type TNode } from "./tree.js";

/** The 0-based offset of a 1-based line and column (lines end at \n). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

const LEVEL: Record<string, Sarif.Result.level> = { ERROR: "error", SECURITY_WARNING: "warning", WARNING: "warning", SUGGESTION: "note" };

export function scanSarifLog({ report, sources }: ScanOutcome, version: string): Sarif.Log {
  const { rules, rule } = ruleTable();

  const artifacts: Sarif.Artifact[] = [];
  const artifactIndex = new Map<string, number>();
  const trees = new Map<string, TNode | undefined>();
  const locate = (file: string, line: number, column: number, pointer?: string): Sarif.Location[] => {
    const text = sources.get(file);
    if (text === undefined) return [];
    if (!artifactIndex.has(file)) {
      artifactIndex.set(file, artifacts.length);
      artifacts.push({ location: { uri: fileUri(file) } });
    }
    if (!trees.has(file)) trees.set(file, parseSource(text, file).root);
    const tree = trees.get(file);
    const node = tree && pointer !== undefined ? nodeAt(tree, pointer) : undefined;
    const span: Span =
      node && node.loc.line === line && node.loc.column === column
        ? { line, column, offset: node.loc.offset, ...(node.loc.end !== undefined ? { length: node.loc.end - node.loc.offset } : {}) }
        : { line, column, offset: offsetOf(text, line, column) };
    return [
      { physicalLocation: { artifactLocation: { uri: fileUri(file), index: artifactIndex.get(file)! }, region: regionOf(text, span) } },
    ];
  };

  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  // The same warning on several checks of one policy (an unresolved part each reads) is one result.
  const seen = new Set<string>();
  const diagnostic = (d: FileDiagnostic) => {
    const key = `${d.code}\u0000${d.file}:${d.line}:${d.column}\u0000${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const where = locate(d.file, d.line, d.column, d.path);
    if (where.length === 0) {
      notifications.push({
        level: d.severity === "error" ? "error" : "warning",
        message: { text: `${d.file}: ${d.message}` },
        descriptor: { id: d.code },
      });
      return;
    }
    results.push({
      ruleId: d.code,
      ruleIndex: rule(d.code, () => diagnosticRule(d.code, d.severity)),
      level: d.severity === "error" ? "error" : "warning",
      message: { text: d.message },
      locations: where,
      properties: { pointer: d.path },
    });
  };

  const checkResult = (r: ScanResultEntry) => {
    const p = report.policies[r.policy];
    const subject = `${r.check}${r.against !== undefined ? ` against ${r.against}` : ""} on ${p.name}`;
    const props = {
      policy: p.name,
      policyPointer: p.pointer,
      result: r.result,
      ...(r.against !== undefined ? { against: r.against } : {}),
      ...(r.assignment ? { assignment: r.assignment } : {}),
    };
    const checkIndex = rule(r.check, () => checkRule(r.check));
    const atPolicy = () => locate(p.file, p.line, p.column, p.pointer);
    if (r.result === "FAIL" && r.check !== "validate-policy") {
      for (const reason of r.reasons)
        results.push({
          ruleId: r.check,
          ruleIndex: checkIndex,
          level: "error",
          message: { text: `${subject}: ${r.message} ${reason.description}` },
          locations: locate(reason.file, reason.line, reason.column, reason.pointer),
          properties: {
            ...props,
            statementIndex: reason.statementIndex,
            ...(reason.statementId !== undefined ? { statementId: reason.statementId } : {}),
            ...(r.counterexample ? { counterexample: r.counterexample } : {}),
          },
        });
      if (r.reasons.length === 0)
        results.push({
          ruleId: r.check,
          ruleIndex: checkIndex,
          level: "error",
          message: { text: `${subject}: ${r.message}` },
          locations: atPolicy(),
          properties: { ...props, ...(r.counterexample ? { counterexample: r.counterexample } : {}) },
        });
    }
    if (r.result === "UNKNOWN")
      results.push({
        ruleId: r.check,
        ruleIndex: checkIndex,
        level: "note",
        message: { text: `UNKNOWN: ${subject}: ${r.message} ${r.unknownReason ?? ""}`.trim() },
        locations: atPolicy(),
        properties: { ...props, unknownReason: r.unknownReason ?? "" },
      });
    for (const f of r.findings ?? [])
      results.push({
        ruleId: f.issueCode,
        ruleIndex: rule(f.issueCode, () => validateRule(f.issueCode, f.findingType, f.learnMoreLink)),
        level: LEVEL[f.findingType] ?? "warning",
        message: { text: `${f.findingDetails} (${p.name})` },
        locations: locate(f.file, f.line, f.column, f.pointer),
        properties: { ...props, findingType: f.findingType, learnMoreLink: f.learnMoreLink },
      });
    for (const d of r.diagnostics ?? []) diagnostic(d);
  };

  for (const r of report.results) checkResult(r);
  for (const e of report.errors) diagnostic(e);
  for (const w of report.warnings) diagnostic(w);

  const invocation: Sarif.Invocation = {
    executionSuccessful: report.errors.length === 0,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keyaki", version, semanticVersion: version, rules } },
        invocations: [invocation],
        ...(artifacts.length > 0 ? { artifacts } : {}),
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

export function scanSarif(outcome: ScanOutcome, version: string): string {
  return JSON.stringify(scanSarifLog(outcome, version), null, 2) + "\n";
}

/** A scan that could not run (bad usage, config or base): a log with the error as a notification. */
export function scanSarifError(code: string, message: string, version: string): string {
  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keyaki", version, semanticVersion: version, rules: ruleTable().rules } },
        invocations: [
          {
            executionSuccessful: false,
            toolExecutionNotifications: [{ level: "error", message: { text: message }, descriptor: { id: code } }],
          },
        ],
        results: [],
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
