// `--output sarif`: a check's answer as one SARIF 2.1.0 log, for code-scanning dashboards.
// Contract: a pure function of its input (same input → same bytes), newline-terminated JSON.
// One run per invocation, tool `keyaki` with its version. Rules: every check (ruleId = the
// command's name, with a help text), then each diagnostic code the run reports (ruleId = the
// code), in order of first use. Results, one per:
//   - reason of a FAIL: level error, located at the statement at fault in the policy under check,
//     the counterexample in `properties`;
//   - finding of `findings`: level error, located at each statement it comes from;
//   - UNKNOWN (or a findings list not proved complete): level note, at the policy under check;
//   - diagnostic: level error for errors, warning for warnings, located at the value at fault;
//   - validate-policy finding: rule = its issue code (help: its type and AWS's learn-more link),
//     level error for ERROR, warning for SECURITY_WARNING and WARNING, note for SUGGESTION, at
//     each of its locations (AWS's span: columns from 0, end exclusive).
// A PASS has no result. Statements are located by the reasons' and findings' own locations (nothing
// here parses a document). Locations are physical: the document (a file's path as given, as a
// relative URI; inline and standard-input documents are embedded in `artifacts` instead) and a
// region (startLine, startColumn, endLine, endColumn, charOffset, charLength; columns in UTF-16
// code units, from 1). An error without a located diagnostic (bad usage, an internal error)
// becomes a tool execution notification, with `executionSuccessful: false`, as every error does.

import type * as Sarif from "sarif";
import type { StatementLocation } from "../checks/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { CHECKS } from "../registry/registry.js";
import { regionOf, type Span } from "./regions.js";
import type { Report } from "./report.js";
import { checkRule, diagnosticRule, validateRule } from "./rules.js";
import { underCheck } from "./text.js";

export const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * A run's rules, each added once by its id (`rule` answers its index), starting with every check
 * of the registry (so a dashboard knows them all).
 */
export function ruleTable(): { rules: Sarif.ReportingDescriptor[]; rule(id: string, make: () => Sarif.ReportingDescriptor): number } {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const rule = (id: string, make: () => Sarif.ReportingDescriptor): number => {
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, rules.length);
      rules.push(make());
    }
    return ruleIndex.get(id)!;
  };
  for (const c of CHECK_COMMANDS) rule(c, () => checkRule(c));
  return { rules, rule };
}

export function sarifLog(input: Report): Sarif.Log {
  const policy = underCheck(input.command);
  const { rules, rule } = ruleTable();
  if (input.outcome.kind !== "error") rule(input.command, () => checkRule(input.command));

  // Artifacts: each document read, in input order; a file by its path, any other by its text.
  const names = Object.keys(input.docs);
  const artifacts: Sarif.Artifact[] = names.map((n) => {
    const d = input.docs[n];
    return d.path !== undefined
      ? { location: { uri: fileUri(d.path) } }
      : { contents: { text: d.text }, description: { text: `${d.name}: the ${n} given inline or on standard input` } };
  });
  const locate = (docName: string, span: Span | undefined): Sarif.Location[] => {
    const i = names.indexOf(docName);
    if (i < 0) return [];
    const d = input.docs[docName];
    const artifactLocation: Sarif.ArtifactLocation = d.path !== undefined ? { uri: fileUri(d.path), index: i } : { index: i };
    return [{ physicalLocation: { artifactLocation, region: regionOf(d.text, span ?? { offset: 0, length: 0, line: 1, column: 1 }) } }];
  };
  // A statement where its location says, else (a response not from the library) the policy's start.
  const at = (loc: StatementLocation | undefined) => (loc ? locate(loc.document, loc) : locate(policy, undefined));

  const results: Sarif.Result[] = [];
  const diagnosticResult = (d: Diagnostic) => {
    results.push({
      ruleId: d.code,
      ruleIndex: rule(d.code, () => diagnosticRule(d.code, d.severity)),
      level: d.severity === "error" ? "error" : "warning",
      message: { text: d.message },
      locations: locate(d.document ?? policy, { line: d.line, column: d.column, offset: d.offset }),
      properties: { path: d.path },
    });
  };
  const checkIndex = rules.findIndex((r) => r.id === input.command);
  const unknown = (message: string, reason: string) =>
    results.push({
      ruleId: input.command,
      ruleIndex: checkIndex,
      level: "note",
      message: { text: `UNKNOWN: ${message} ${reason}` },
      locations: locate(policy, undefined),
      properties: { result: "UNKNOWN", unknownReason: reason },
    });

  const notifications: Sarif.Notification[] = [];
  const out = input.outcome;
  if (out.kind === "response") {
    const r = out.response;
    for (const reason of r.reasons)
      results.push({
        ruleId: input.command,
        ruleIndex: checkIndex,
        level: "error",
        message: { text: `${r.message} ${reason.description}` },
        locations: at(reason.location),
        properties: {
          result: r.result,
          statementIndex: reason.statementIndex,
          ...(reason.statementId !== undefined ? { statementId: reason.statementId } : {}),
          ...(r.counterexample ? { counterexample: r.counterexample } : {}),
        },
      });
    if (r.result === "UNKNOWN") unknown(r.message, r.unknownReason ?? "");
    for (const d of r.diagnostics ?? []) diagnosticResult(d);
  } else if (out.kind === "findings") {
    const r = out.response;
    for (const f of r.findings) {
      const [type, value] = Object.entries(f.principal)[0];
      const where = f.statementIndexes.flatMap((_, k) => at(f.statementLocations?.[k]));
      results.push({
        ruleId: input.command,
        ruleIndex: checkIndex,
        level: "error",
        message: {
          text: `Access from outside the zone of trust: ${type} \`${value}\` can perform \`${f.action.join("`, `")}\` on \`${f.resource}\`.`,
        },
        locations: where.length > 0 ? where : locate(policy, undefined),
        properties: { finding: f },
      });
    }
    if (r.unknownReason !== undefined) unknown("The findings may be incomplete.", r.unknownReason);
    for (const d of r.diagnostics ?? []) diagnosticResult(d);
  } else if (out.kind === "validate") {
    for (const f of out.response.findings) {
      const docName = policy;
      const i = names.indexOf(docName);
      const d = input.docs[docName];
      const where: Sarif.Location[] =
        i < 0
          ? []
          : f.locations.slice(0, 10).map((l) => ({
              physicalLocation: {
                artifactLocation: d.path !== undefined ? { uri: fileUri(d.path), index: i } : { index: i },
                region: regionOf(d.text, {
                  line: l.span.start.line,
                  column: l.span.start.column + 1,
                  offset: l.span.start.offset,
                  length: l.span.end.offset - l.span.start.offset,
                }),
              },
            }));
      results.push({
        ruleId: f.issueCode,
        ruleIndex: rule(f.issueCode, () => validateRule(f.issueCode, f.findingType, f.learnMoreLink)),
        level: f.findingType === "ERROR" ? "error" : f.findingType === "SUGGESTION" ? "note" : "warning",
        message: { text: f.findingDetails },
        locations: where.length > 0 ? where : locate(docName, undefined),
        properties: { findingType: f.findingType },
      });
    }
  } else {
    for (const d of out.diagnostics) diagnosticResult(d);
    if (out.diagnostics.length === 0) notifications.push({ level: "error", message: { text: out.message }, descriptor: { id: out.code } });
  }

  const invocation: Sarif.Invocation = {
    executionSuccessful: out.kind !== "error",
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keyaki", version: input.version, semanticVersion: input.version, rules } },
        invocations: [invocation],
        ...(artifacts.length > 0 ? { artifacts } : {}),
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

export function sarifText(input: Report): string {
  return JSON.stringify(sarifLog(input), null, 2) + "\n";
}

/** The check commands (the registry's), each a rule of every run (so a dashboard knows them all). */
export const CHECK_COMMANDS: readonly string[] = CHECKS.map((c) => c.command);

/** A relative path as a URI reference (forward slashes, each segment percent-encoded). */
export function fileUri(path: string): string {
  const p = path.replace(/\\/g, "/");
  const encoded = p
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
  return p.startsWith("/") ? "file://" + encoded : encoded;
}
