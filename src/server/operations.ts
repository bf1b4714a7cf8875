// The operations `keyaki serve` answers, declared once as data: AWS's operation name, its
// restJson1 route, its request members, and the library function that answers it.
// Contract: the server derives its routes and its request validation from OPERATIONS, and the
// worker derives its dispatch from it; adding an operation is one entry here. Shapes and routes
// are Access Analyzer's (botocore's accessanalyzer 2019-11-01 model; AWS API Reference pages
// CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess, ValidatePolicy). This module
// must stay cheap to import: the library is handed to `run`, never imported here.

import { accessNotGrantedWords, NO_NEW_ACCESS, NO_PUBLIC_ACCESS, type CheckWords } from "../checks/messages.js";
import { RESOURCE_TYPES } from "../checks/public-rules.js";
import type { Access, CheckOptions, CheckResponse } from "../checks/types.js";
import { VALIDATE_POLICY_RESOURCE_TYPES, VALIDATE_POLICY_TYPES } from "../validate/types.js";

type Api = typeof import("../index.js");

/** One request member: its name as the SDK sends it, its JSON type, and its allowed values. */
export interface Member {
  name: string;
  type: "string" | "list" | "integer";
  /** Optional members may be left out (default: required). */
  optional?: true;
  /** restJson1 binds some members to the query string (ValidatePolicy's paging). */
  in?: "query";
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
  members: readonly Member[];
  /**
   * The check's words, for the UNKNOWN the server answers itself when a worker overran its hard
   * bound; an operation without them (no UNKNOWN in its API) answers an InternalServerException.
   */
  words?(input: Record<string, unknown>): CheckWords;
  /** Answers a validated request (members present and of their type) through the library. */
  run(api: Api, input: Record<string, unknown>, options: CheckOptions): Promise<object>;
  /** What the request log calls a response (a check's result; validate-policy's finding count). */
  outcome(response: Record<string, unknown>): string;
}

const result = (r: Record<string, unknown>) => String((r as unknown as CheckResponse).result);

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
    outcome: result,
  },
  {
    name: "CheckAccessNotGranted",
    command: "check-access-not-granted",
    path: "/policy/check-access-not-granted",
    // `access`'s entries (one, with actions and/or resources) are validated by the library, located.
    members: [{ name: "policyDocument", type: "string" }, { name: "access", type: "list" }, POLICY_TYPE],
    words: (input) => accessNotGrantedWords(((input.access as unknown[])[0] ?? {}) as Access),
    run: (api, input, options) => api.checkAccessNotGranted(input as never, options),
    outcome: result,
  },
  {
    name: "CheckNoPublicAccess",
    command: "check-no-public-access",
    path: "/policy/check-no-public-access",
    // AWS's enum AccessCheckResourceType (the 26 values of the current API reference).
    members: [
      { name: "policyDocument", type: "string" },
      { name: "resourceType", type: "string", values: RESOURCE_TYPES },
    ],
    words: () => NO_PUBLIC_ACCESS,
    run: (api, input, options) => api.checkNoPublicAccess(input as never, options),
    outcome: result,
  },
  {
    name: "ValidatePolicy",
    command: "validate-policy",
    path: "/policy/validation",
    members: [
      { name: "policyDocument", type: "string" },
      { name: "policyType", type: "string", values: VALIDATE_POLICY_TYPES },
      { name: "validatePolicyResourceType", type: "string", values: VALIDATE_POLICY_RESOURCE_TYPES, optional: true },
      // AWS's enum Locale; findingDetails are English whatever it says.
      { name: "locale", type: "string", values: ["DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW"], optional: true },
      { name: "maxResults", type: "integer", in: "query", optional: true },
      { name: "nextToken", type: "string", in: "query", optional: true },
    ],
    async run(api, input, options) {
      const { maxResults, nextToken, ...request } = input;
      const { findings } = await api.validatePolicy(request as never, options);
      // Paging as AWS pages: the token is where the next page starts (the answer is deterministic).
      const start = nextToken === undefined ? 0 : Number(nextToken);
      if (!Number.isInteger(start) || start < 0 || start > findings.length)
        throw new api.KeyakiError("INVALID_INPUT", `\`nextToken\` \`${String(nextToken)}\` is not a token this server gave`, [
          {
            severity: "error",
            code: "INVALID_INPUT",
            message: "not a token this server gave",
            line: 1,
            column: 1,
            offset: 0,
            path: "",
            document: "nextToken",
          },
        ]);
      const end = maxResults === undefined ? findings.length : Math.min(findings.length, start + Math.max(1, maxResults as number));
      return { findings: findings.slice(start, end), ...(end < findings.length ? { nextToken: String(end) } : {}) };
    },
    outcome: (r) => `findings=${(r.findings as unknown[]).length}`,
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
