// Builds policy ASTs directly (no parser) for the evaluator and encoder tests, with placeholder
// locations, and checks one request against both the evaluator and the encoder.

import { expect } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { requestToAssignment } from "../../src/eval/request-view.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { ContextValue, Request, RequestPrincipal } from "../../src/iam/request.js";
import type { PolicyEvaluation, Tri } from "../../src/eval/types.js";
import type { KeyTypes } from "../../src/iam/key-types.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import {
  BASE_OPERATORS,
  type BaseOperator,
  type Condition,
  type Effect,
  type Loc,
  type Policy,
  type PolicyType,
  type PrincipalValue,
  type SetQualifier,
  type Statement,
} from "../../src/iam/ast.js";

export const LOC: Loc = { line: 1, column: 1, offset: 0, length: 0, path: "" };
const located = (value: string) => ({ value, loc: LOC });

/** `ForAnyValue:StringLikeIfExists` → its parts, as the parser would. */
export function cond(operator: string, key: string, values: string | string[]): Condition {
  let rest = operator;
  let qualifier: SetQualifier | undefined;
  for (const q of ["ForAllValues", "ForAnyValue"] as const) {
    if (rest.startsWith(q + ":")) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  const ifExists = rest.endsWith("IfExists") && rest !== "IfExists";
  const base = (ifExists ? rest.slice(0, -"IfExists".length) : rest) as BaseOperator;
  if (!BASE_OPERATORS.includes(base)) throw new Error(`unknown operator ${operator}`);
  const vs = Array.isArray(values) ? values : [values];
  return { operator, base, qualifier, ifExists, key, values: vs.map(located), loc: LOC };
}

export type PrincipalSpec = "*" | Partial<Record<"AWS" | "Service" | "Federated" | "CanonicalUser", string | string[]>>;

function principalValues(p: PrincipalSpec): PrincipalValue[] {
  if (p === "*") return [{ type: "*", loc: LOC }];
  const out: PrincipalValue[] = [];
  for (const [type, v] of Object.entries(p)) {
    for (const value of Array.isArray(v) ? v : [v]) out.push({ type: type as "AWS", value, loc: LOC });
  }
  return out;
}

export interface StatementSpec {
  effect?: Effect;
  action?: string | string[];
  notAction?: string | string[];
  resource?: string | string[];
  notResource?: string | string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions?: Condition[];
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]).map(located);

export function stmt(spec: StatementSpec, index = 0): Statement {
  const p = spec.principal ?? spec.notPrincipal;
  const r = spec.resource ?? spec.notResource;
  return {
    index,
    effect: spec.effect ?? "Allow",
    principal: p === undefined ? undefined : { negated: spec.principal === undefined, values: principalValues(p), loc: LOC },
    action: { negated: spec.action === undefined, patterns: list(spec.action ?? spec.notAction ?? []), loc: LOC },
    resource: r === undefined ? undefined : { negated: spec.resource === undefined, patterns: list(r), loc: LOC },
    conditions: spec.conditions ?? [],
    loc: LOC,
  };
}

/** `version` null = no Version element (which means 2008-10-17). */
export function policy(type: PolicyType, statements: StatementSpec[], version: string | null = "2012-10-17"): Policy {
  return { version: version ?? undefined, statements: statements.map((s, i) => stmt(s, i)), text: "", type };
}

export const identity = (statements: StatementSpec[], version?: string | null) => policy("IDENTITY_POLICY", statements, version);
export const resourcePolicy = (statements: StatementSpec[], version?: string | null) => policy("RESOURCE_POLICY", statements, version);

export function req(action: string, resource = "*", context: Record<string, ContextValue> = {}, principal?: RequestPrincipal): Request {
  return { action, resource, context, principal };
}

/**
 * Evaluates `r` against `p` and checks the encoder agrees: with no frees the evaluator is
 * three-valued; with every free construct false, then true, the formula under the request's view
 * equals the evaluator's two-valued answer (and a definite Kleene answer equals both).
 */
export function both(p: Policy, r: Request, keyTypes: KeyTypes = keyTypesOf([p])): PolicyEvaluation {
  const ctx: EncodeContext = { keyTypes, frees: new Map() };
  const enc = encodePolicy(p, ctx);
  const kleene = evaluatePolicy(p, r, { keyTypes });
  for (const id of kleene.touched) expect(ctx.frees.has(id), `free ${id} registered`).toBe(true);
  for (const value of [false, true]) {
    const frees = new Map([...ctx.frees.keys()].map((id) => [id, value]));
    const ev = evaluatePolicy(p, r, { keyTypes, frees });
    const a = requestToAssignment(r, keyTypes, frees);
    const agree = (f: Parameters<typeof evaluateFormula>[0], t: Tri, k: Tri) => {
      const fv = evaluateFormula(f, a);
      expect(t).toBe(fv);
      if (k !== "unknown") expect(k).toBe(fv);
    };
    agree(enc.allows, ev.allowed, kleene.allowed);
    enc.statements.forEach((f, i) => agree(f, ev.statements[i], kleene.statements[i]));
  }
  return kleene;
}

/** The Kleene `allowed` of one request, checked against the encoder. */
export function allowed(p: Policy, r: Request, keyTypes?: KeyTypes): Tri {
  return both(p, r, keyTypes).allowed;
}
