// Where a statement sits in the document a check read, so every surface can point at it
// without reading the document again.
// Contract: `statementLocation(statement, document)` is keyaki's `location` beside AWS's
// `statementIndex` (on a reason, and per entry of a finding's statementIndexes): the statement's
// start — line and column from 1, offset from 0 — its length in characters, its JSON Pointer,
// and the library's name of the document (`newPolicyDocument`, `policyDocument`, …), counted
// as a Diagnostic counts them (diagnostics/diagnostic.ts).

import type { Statement } from "../iam/ast.js";
import type { StatementLocation } from "./types.js";

export function statementLocation(statement: Statement, document: string): StatementLocation {
  const { line, column, offset, length, path } = statement.loc;
  return { line, column, offset, length, path, document };
}
