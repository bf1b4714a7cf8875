// Source regions for reports: where a statement or a diagnosed value sits in a document.
// Contract: `statementSpans` parses the text as the check did (same policy type) and returns each
// statement's span, or [] when the text does not parse to a policy. `regionOf` turns a span into
// a SARIF region: start as given (line and column from 1), end computed from offset + length
// (exclusive end column, as SARIF counts), lines split at \n, \r\n or \r; a span without a
// length covers the JSON token at its offset (one character at least).

import type * as Sarif from "sarif";
import { tokenLength } from "../diagnostics/codeframe.js";
import type { PolicyType } from "../iam/ast.js";
import { parsePolicy } from "../policy/parse.js";

export interface Span {
  line: number;
  column: number;
  offset: number;
  length?: number;
}

export function statementSpans(text: string, type: string): Span[] {
  if (type !== "IDENTITY_POLICY" && type !== "RESOURCE_POLICY") return [];
  const policy = parsePolicy(text, type as PolicyType).policy;
  return policy
    ? policy.statements.map((s) => ({ line: s.loc.line, column: s.loc.column, offset: s.loc.offset, length: s.loc.length }))
    : [];
}

/** Line and column (from 1) of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

export function regionOf(text: string, span: Span): Sarif.Region {
  const offset = Math.max(0, Math.min(span.offset, text.length));
  const length = Math.max(1, span.length ?? (offset < text.length ? tokenLength(text, offset) : 1));
  const end = position(text, Math.min(offset + length, text.length));
  const endColumn = Math.max(end.line === span.line ? span.column + 1 : 1, end.column);
  return {
    startLine: span.line,
    startColumn: span.column,
    endLine: Math.max(end.line, span.line),
    endColumn,
    charOffset: offset,
    charLength: Math.min(length, Math.max(0, text.length - offset)),
  };
}
