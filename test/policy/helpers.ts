// Test helpers for the policy parser: locate text in a document, pick diagnostics by code.

import { expect } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { PolicyType } from "../../src/iam/ast.js";
import { parsePolicy } from "../../src/policy/parse.js";

/** 1-based line and column of the nth occurrence of `needle` in `text`, counted independently. */
export function pos(text: string, needle: string, nth = 0): { line: number; column: number; offset: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

/** An identity-policy statement document with the given statement members (JSON text). */
export function identity(members: string, version = `"Version": "2012-10-17", `): string {
  return `{${version}"Statement": [{${members}}]}`;
}

export function resource(members: string): string {
  return `{"Version": "2012-10-17", "Statement": [{${members}}]}`;
}

export const ALLOW_ALL = `"Effect": "Allow", "Action": "*", "Resource": "*"`;

/** Every diagnostic must follow the house style and the result must honour the contract. */
export function checked(text: string, type: PolicyType = "IDENTITY_POLICY") {
  const r = parsePolicy(text, type);
  const hasError = r.diagnostics.some((d) => d.severity === "error");
  expect(r.policy === undefined).toBe(hasError);
  for (let i = 1; i < r.diagnostics.length; i++) expect(r.diagnostics[i].offset).toBeGreaterThanOrEqual(r.diagnostics[i - 1].offset);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(d.message).toMatch(/^[^A-Z]/);
    expect(d.message).not.toMatch(/\.$/);
    // Every message quotes the offending value, except a syntax error at the end or in nothing.
    if (!/^(the document is empty|unexpected end of input)$/.test(d.message)) expect(d.message).toContain("`");
  }
  return r;
}

/** Expects exactly one diagnostic with `code` and returns it. */
export function one(r: { diagnostics: Diagnostic[] }, code: string): Diagnostic {
  const found = r.diagnostics.filter((d) => d.code === code);
  expect(found, `diagnostics: ${JSON.stringify(r.diagnostics, null, 1)}`).toHaveLength(1);
  return found[0];
}

/** Asserts a diagnostic's code, severity, position (of `needle` in `text`) and path. */
export function expectAt(
  text: string,
  type: PolicyType,
  code: string,
  severity: "error" | "warning",
  at: { needle: string; nth?: number } | { line: number; column: number },
  path: string,
): Diagnostic {
  const r = checked(text, type);
  const d = one(r, code);
  const where = "needle" in at ? pos(text, at.needle, at.nth) : at;
  expect({ severity: d.severity, line: d.line, column: d.column, path: d.path }).toEqual({
    severity,
    line: where.line,
    column: where.column,
    path,
  });
  if ("offset" in where) expect(d.offset).toBe(where.offset);
  if (severity === "warning") expect(r.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
  return d;
}
