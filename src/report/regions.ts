// Source regions for reports: where a statement or a diagnosed value sits in a document.
// Contract: `regionOf` turns a span (a statement's location, a diagnostic's position) into
// a SARIF region: start as given (line and column from 1), end computed from offset + length
// (exclusive end column, as SARIF counts), lines split at \n, \r\n or \r; a span without a
// length covers the JSON token at its offset (one character at least).

import type * as Sarif from "sarif";
import { tokenLength } from "../diagnostics/codeframe.js";
import { positionAt } from "../policy/json.js";

export interface Span {
  line: number;
  column: number;
  offset: number;
  length?: number;
}

export function regionOf(text: string, span: Span): Sarif.Region {
  const offset = Math.max(0, Math.min(span.offset, text.length));
  const length = Math.max(1, span.length ?? (offset < text.length ? tokenLength(text, offset) : 1));
  const end = positionAt(text, offset + length);
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
