// `--output text`: the report for people.
// Contract: a pure function of its arguments (same input → same bytes), newline-terminated, no
// colours. A response renders as: the verdict line `RESULT: message`; per reason, the statement's
// `file:line:column: description` and code frame, from the reason's location in the document it
// names; the counterexample as labelled lines (context keys sorted, `(absent)` for an absent
// key); per warning, `file:line:column: warning CODE: message` and a code frame; then the reason
// for UNKNOWN. An error renders each diagnostic as `file:line:column: error CODE: message` and a
// code frame, or `keyaki: error CODE: message` when it has none. Sections are separated by blank
// lines. Frames are drawn from locations and the document's text: nothing is parsed here.

import type { CheckResponse, Counterexample } from "../checks/types.js";
import { renderCodeFrame, tokenLength } from "../diagnostics/codeframe.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ErrorShape } from "./json.js";
import { checkNamed, CHECKS } from "../registry/registry.js";

/** A document as the report shows it: its display name (a path, `<stdin>`, …) and its text. */
export interface TextDocument {
  name: string;
  text: string;
}

export interface TextContext {
  command: string;
  /** The documents read so far, by the library's input name (newPolicyDocument, access, …). */
  docs: Record<string, TextDocument>;
}

/** The library's name of the policy under check: its reasons point into this document. */
export function underCheck(command: string): string {
  return checkNamed(command, CHECKS)?.report.underCheck ?? "policyDocument";
}

/**
 * The code frame at a location of `doc` (no trailing newline), underlining `length` characters,
 * or without one the whole JSON token at `offset`.
 */
export function frameAt(doc: TextDocument, loc: { line: number; column: number; length?: number; offset?: number }): string {
  const length = loc.length ?? (loc.offset !== undefined ? tokenLength(doc.text, loc.offset) : undefined);
  return renderCodeFrame(doc.text, { line: loc.line, column: loc.column, length });
}

/** A value as written when it is one plain token, else as a JSON string (so spaces show). */
export function display(s: string): string {
  return /^[\x21-\x7e]+$/.test(s) && !/^["(\[]/.test(s) ? s : JSON.stringify(s);
}

function block(lines: string[], frame: string): string {
  return frame === "" ? lines.join("\n") : [...lines, frame].join("\n");
}

export function diagnosticText(d: Diagnostic, ctx: TextContext, fallback: string): string {
  const doc = ctx.docs[d.document ?? fallback] ?? ctx.docs[fallback];
  const head = `${doc?.name ?? "<input>"}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  return block([head], doc ? frameAt(doc, { line: d.line, column: d.column, offset: d.offset }) : "");
}

function reasonText(r: CheckResponse["reasons"][number], ctx: TextContext): string {
  const loc = r.location;
  const doc = ctx.docs[loc?.document ?? underCheck(ctx.command)];
  const name = doc?.name ?? "<input>";
  if (!doc || !loc) return `${name}: ${r.description}`;
  return block([`${name}:${loc.line}:${loc.column}: ${r.description}`], frameAt(doc, loc));
}

function principalText(p: Counterexample["principal"]): string {
  if (p === undefined) return "(the identity the policy is attached to)";
  if (p === "anonymous") return "anonymous";
  const [type, value] = Object.entries(p)[0] as [string, string];
  return `${type} ${display(value)}`;
}

function contextValueText(v: string | string[] | null): string {
  if (v === null) return "(absent)";
  if (Array.isArray(v)) return "[" + v.map((s) => JSON.stringify(s)).join(", ") + "]";
  return display(v);
}

export function counterexampleText(c: Counterexample, command: string): string {
  const lines = [
    checkNamed(command, CHECKS)?.report.counterexampleHeading ?? "Counterexample:",
    `  principal: ${principalText(c.principal)}`,
    `  action:    ${display(c.action)}`,
    `  resource:  ${display(c.resource)}`,
  ];
  const keys = Object.keys(c.context).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) lines.push("  context:   (no condition keys)");
  else {
    lines.push("  context:");
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) lines.push(`    ${k.padEnd(width)}  ${contextValueText(c.context[k])}`);
  }
  return lines.join("\n");
}

export function responseText(response: CheckResponse, ctx: TextContext): string {
  const sections = [`${response.result}: ${response.message}`];
  for (const r of response.reasons) sections.push(reasonText(r, ctx));
  if (response.counterexample) sections.push(counterexampleText(response.counterexample, ctx.command));
  for (const d of response.diagnostics ?? []) sections.push(diagnosticText(d, ctx, underCheck(ctx.command)));
  if (response.unknownReason !== undefined) sections.push(`Why UNKNOWN: ${response.unknownReason}`);
  return sections.join("\n\n") + "\n";
}

/** An error's diagnostics, each located; its own message only when it has none (it summarises them). */
export function errorText(error: ErrorShape, ctx: TextContext): string {
  if (error.diagnostics.length === 0) return `keyaki: error ${error.code}: ${error.message}\n`;
  return error.diagnostics.map((d) => diagnosticText(d, ctx, underCheck(ctx.command))).join("\n\n") + "\n";
}
