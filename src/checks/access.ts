// The `access` argument of check-access-not-granted: validation, its formula, its concrete test.
// Contract: an entry lists actions (IAM action strings, wildcards allowed) and/or resources
// (ARNs, wildcards only in the resource-id part, as AWS requires); a request is "in" the entry
// when its action matches one of the actions (if any are listed) and its resource matches one
// of the resources (if any are listed). Actions compare case-insensitively, resources not.

import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Request } from "../iam/request.js";
import { globPattern, matchPattern, type Pattern } from "../logic/pattern.js";
import { and, match, or, TRUE, type Formula } from "../logic/ir.js";
import type { Access } from "./types.js";

export interface AccessPatterns {
  actions?: Pattern[];
  resources?: Pattern[];
}

const ACTION_RE = /^([A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+|\*)$/;

function inputError(code: string, message: string, path: string): Diagnostic {
  return { severity: "error", code, message, line: 1, column: 1, offset: 0, path, document: "access" };
}

export function parseAccess(access: unknown): { entry: Access; patterns: AccessPatterns } {
  const fail = (d: Diagnostic): never => {
    throw new KeyakiError(d.code, d.message, [d]);
  };
  if (!Array.isArray(access)) fail(inputError("INVALID_ACCESS", "`access` must be a list with one entry", ""));
  const list = access as unknown[];
  if (list.length !== 1) fail(inputError("INVALID_ACCESS", `\`access\` must list exactly one entry, not ${list.length}`, ""));
  const entry = list[0] as Record<string, unknown>;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    fail(inputError("INVALID_ACCESS", "an access entry must be an object with `actions` and/or `resources`", "/0"));
  for (const key of Object.keys(entry))
    if (key !== "actions" && key !== "resources") fail(inputError("INVALID_ACCESS", `unknown access field \`${key}\``, `/0/${key}`));
  const strings = (key: "actions" | "resources"): string[] | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
      fail(inputError("INVALID_ACCESS", `\`${key}\` must be a list of strings`, `/0/${key}`));
    if ((v as string[]).length > 100) fail(inputError("INVALID_ACCESS", `\`${key}\` lists more than 100 items`, `/0/${key}`));
    return v as string[];
  };
  const actions = strings("actions");
  const resources = strings("resources");
  if (!actions?.length && !resources?.length)
    fail(inputError("INVALID_ACCESS", "an access entry must list at least one action or resource", "/0"));
  actions?.forEach((a, i) => {
    if (!ACTION_RE.test(a)) fail(inputError("INVALID_ACTION", `action \`${a}\` is not of the form service:action`, `/0/actions/${i}`));
  });
  resources?.forEach((r, i) => {
    const parts = r.split(":");
    if (r.length > 2048 || parts.length < 6 || parts[0] !== "arn")
      fail(inputError("INVALID_ARN", `resource \`${r}\` is not a valid ARN`, `/0/resources/${i}`));
    if (/[*?]/.test(parts.slice(0, 5).join(":")))
      fail(inputError("INVALID_ARN", `resource \`${r}\` has a wildcard outside the resource id`, `/0/resources/${i}`));
  });
  return {
    entry: { ...(actions ? { actions } : {}), ...(resources ? { resources } : {}) },
    patterns: {
      actions: actions?.length ? actions.map((a) => globPattern(a.toLowerCase())) : undefined,
      resources: resources?.length ? resources.map((r) => globPattern(r)) : undefined,
    },
  };
}

export function accessFormula(p: AccessPatterns): Formula {
  return and(
    p.actions ? or(...p.actions.map((x) => match("action", x))) : TRUE,
    p.resources ? or(...p.resources.map((x) => match("resource", x))) : TRUE,
  );
}

export function accessMatches(p: AccessPatterns, request: Request): boolean {
  const action = request.action.toLowerCase();
  return (
    (!p.actions || p.actions.some((x) => matchPattern(x, action))) &&
    (!p.resources || p.resources.some((x) => matchPattern(x, request.resource)))
  );
}
