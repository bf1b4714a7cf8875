// The operations `keyaki serve` answers: the check registry's checks that are AWS operations
// (registry/registry.ts), each with AWS's operation name, its restJson1 route and its request
// members as the registry declares them.
// Contract: the server derives its routes and its request validation from OPERATIONS, and the
// worker derives its dispatch from it; adding an operation is adding a check with an
// `operation` to the registry. Shapes and routes are Access Analyzer's (botocore's
// accessanalyzer 2019-11-01 model; AWS API Reference pages CheckNoNewAccess,
// CheckAccessNotGranted, CheckNoPublicAccess, ValidatePolicy). This module stays cheap to
// import: the registry loads a check's body only when it runs.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { Member } from "../registry/check-definition.js";
import { CHECKS, type AnyCheck } from "../registry/registry.js";
import type { CheckWords } from "../checks/messages.js";
import type { LibraryError } from "./errors.js";

export type { Member } from "../registry/check-definition.js";

export interface Operation {
  /** AWS's operation name, e.g. `CheckNoNewAccess`. */
  name: string;
  /** The CLI's name of the same check, e.g. `check-no-new-access`. */
  command: string;
  /** restJson1: `POST <path>`. */
  path: string;
  members: readonly Member[];
  /** The registry's declaration of the check. */
  check: AnyCheck;
  /**
   * The check's words, for the UNKNOWN the server answers itself when a worker overran its hard
   * bound; an operation without them (no UNKNOWN in its API) answers an InternalServerException.
   */
  words?(input: Record<string, unknown>): CheckWords;
  /** What the request log calls a response (a check's result; validate-policy's finding count). */
  outcome(response: Record<string, unknown>): string;
}

/** The operations of `checks` (the registry's by default): those with an AWS operation. */
export function operationsOf(checks: readonly AnyCheck[] = CHECKS): Operation[] {
  return checks.flatMap((check): Operation[] =>
    check.operation
      ? [
          {
            name: check.operation.name,
            command: check.command,
            path: check.operation.path,
            members: check.members,
            check,
            ...(check.words ? { words: (input: Record<string, unknown>) => check.words!(input) } : {}),
            outcome: (r) => check.outcome(r),
          },
        ]
      : [],
  );
}

export const OPERATIONS: readonly Operation[] = operationsOf();

export function operationNamed(name: string): Operation | undefined {
  return OPERATIONS.find((o) => o.name === name);
}

export function operationAt(path: string): Operation | undefined {
  return OPERATIONS.find((o) => o.path === path);
}

/**
 * The library's validation of a request whose members are present and of their type (the
 * check's own, checks/inputs.ts), on the server's thread: bad input is refused before it takes
 * a worker, with the error the library would answer; undefined when the request is valid.
 */
export function validateRequest(op: Operation, input: Record<string, unknown>): LibraryError | undefined {
  try {
    op.check.validate(input);
    return undefined;
  } catch (e) {
    if (!(e instanceof KeyakiError)) throw e;
    return { code: e.code, message: e.message, diagnostics: e.diagnostics };
  }
}

export interface FieldProblem {
  name: string;
  message: string;
}

/**
 * The request's members as the operation declares them, or the problems with them (AWS's
 * ValidationExceptionField: `{name, message}`). Members the operation does not declare are
 * ignored, as newer SDKs may send members this server does not know.
 */
export function validateMembers(
  op: Operation,
  body: Record<string, unknown>,
  query: Record<string, string> = {},
): { input: Record<string, unknown> } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input: Record<string, unknown> = {};
  for (const m of op.members) {
    let v = m.in === "query" ? query[m.name] : body[m.name];
    if (m.in === "query" && m.type === "integer" && v !== undefined) v = /^\d{1,9}$/.test(v as string) ? Number(v) : v;
    if ((v === undefined || v === null) && m.optional) continue;
    if (v === undefined || v === null) problems.push({ name: m.name, message: `\`${m.name}\` is required` });
    else if (m.type === "integer" && (typeof v !== "number" || !Number.isInteger(v) || v < 1))
      problems.push({ name: m.name, message: `\`${m.name}\` must be a positive integer` });
    else if (m.type === "string" && typeof v !== "string") problems.push({ name: m.name, message: `\`${m.name}\` must be a string` });
    else if (m.type === "list" && !Array.isArray(v)) problems.push({ name: m.name, message: `\`${m.name}\` must be a list` });
    else if (m.type === "list" && deeperThan(v, MAX_DEPTH))
      problems.push({ name: m.name, message: `\`${m.name}\` is nested more than ${MAX_DEPTH} levels deep` });
    else if (m.values && !m.values.includes(v as string))
      problems.push({
        name: m.name,
        message: `\`${String(v)}\` is not a valid value for \`${m.name}\`; expected one of ${m.values.join(", ")}`,
      });
    else input[m.name] = v;
  }
  return problems.length > 0 ? { problems } : { input };
}

/** AWS's request shapes nest three levels (access → entry → actions); deeper input is refused
 * before it reaches anything recursive (the copy to a worker thread is). */
const MAX_DEPTH = 8;

/** Whether `value` nests arrays or objects more than `max` levels deep (iterative: no recursion). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
