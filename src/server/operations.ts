// The operations `keyaki serve` answers, declared once as data: AWS's operation name, its
// restJson1 route, its request members, and the library function that answers it.
// Contract: the server derives its routes and its request validation from OPERATIONS, and the
// worker derives its dispatch from it; adding an operation is one entry here. Shapes and routes
// are Access Analyzer's (botocore's accessanalyzer 2019-11-01 model; AWS API Reference pages
// CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess). This module must stay cheap to
// import: the library is handed to `run`, never imported here.

import { accessNotGrantedWords, NO_NEW_ACCESS, NO_PUBLIC_ACCESS, type CheckWords } from "../checks/messages.js";
import { RESOURCE_TYPES } from "../checks/public-rules.js";
import type { Access, CheckOptions, CheckResponse } from "../checks/types.js";

type Api = typeof import("../index.js");

/** One request member: its name as the SDK sends it, its JSON type, and its allowed values. */
export interface Member {
  name: string;
  type: "string" | "list";
  /** The values an enum member may take (AWS's enum, as the API model spells it). */
  values?: readonly string[];
}

export interface Operation {
  /** AWS's operation name, e.g. `CheckNoNewAccess`. */
  name: string;
  /** The CLI's name of the same check, e.g. `check-no-new-access`. */
  command: string;
  /** restJson1: `POST <path>`, no query or path parameters. */
  path: string;
  /** Every member is required, as in AWS's model for these operations. */
  members: readonly Member[];
  /** The check's words (its UNKNOWN message, when the server must answer one itself). */
  words(input: Record<string, unknown>): CheckWords;
  /** Answers a validated request (members present and of their type) through the library. */
  run(api: Api, input: Record<string, unknown>, options: CheckOptions): Promise<CheckResponse>;
}

// AWS's enum AccessCheckPolicyType.
const POLICY_TYPE: Member = { name: "policyType", type: "string", values: ["IDENTITY_POLICY", "RESOURCE_POLICY"] };

export const OPERATIONS: readonly Operation[] = [
  {
    name: "CheckNoNewAccess",
    command: "check-no-new-access",
    path: "/policy/check-no-new-access",
    members: [{ name: "newPolicyDocument", type: "string" }, { name: "existingPolicyDocument", type: "string" }, POLICY_TYPE],
    words: () => NO_NEW_ACCESS,
    run: (api, input, options) => api.checkNoNewAccess(input as never, options),
  },
  {
    name: "CheckAccessNotGranted",
    command: "check-access-not-granted",
    path: "/policy/check-access-not-granted",
    // `access`'s entries (one, with actions and/or resources) are validated by the library, located.
    members: [{ name: "policyDocument", type: "string" }, { name: "access", type: "list" }, POLICY_TYPE],
    words: (input) => accessNotGrantedWords(((input.access as unknown[])[0] ?? {}) as Access),
    run: (api, input, options) => api.checkAccessNotGranted(input as never, options),
  },
  {
    name: "CheckNoPublicAccess",
    command: "check-no-public-access",
    path: "/policy/check-no-public-access",
    // AWS's enum AccessCheckResourceType (the 26 values of the current API reference).
    members: [{ name: "policyDocument", type: "string" }, { name: "resourceType", type: "string", values: RESOURCE_TYPES }],
    words: () => NO_PUBLIC_ACCESS,
    run: (api, input, options) => api.checkNoPublicAccess(input as never, options),
  },
];

export function operationNamed(name: string): Operation | undefined {
  return OPERATIONS.find((o) => o.name === name);
}

export function operationAt(path: string): Operation | undefined {
  return OPERATIONS.find((o) => o.path === path);
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
export function validateMembers(op: Operation, body: Record<string, unknown>): { input: Record<string, unknown> } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input: Record<string, unknown> = {};
  for (const m of op.members) {
    const v = body[m.name];
    if (v === undefined || v === null) problems.push({ name: m.name, message: `\`${m.name}\` is required` });
    else if (m.type === "string" && typeof v !== "string") problems.push({ name: m.name, message: `\`${m.name}\` must be a string` });
    else if (m.type === "list" && !Array.isArray(v)) problems.push({ name: m.name, message: `\`${m.name}\` must be a list` });
    else if (m.type === "list" && deeperThan(v, MAX_DEPTH))
      problems.push({ name: m.name, message: `\`${m.name}\` is nested more than ${MAX_DEPTH} levels deep` });
    else if (m.values && !m.values.includes(v as string))
      problems.push({ name: m.name, message: `\`${String(v)}\` is not a valid value for \`${m.name}\`; expected one of ${m.values.join(", ")}` });
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
