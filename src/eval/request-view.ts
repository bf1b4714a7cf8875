// A request as values of the formula variables, and back (iam-semantics §0.2: every
// counterexample is a concrete request replayed through the evaluator).
// Contract:
//  - requestToAssignment(r, keyTypes, frees?): the request's view. action = the action
//    lower-cased; resource; principal and principal-session (when the request has one; the
//    principal keys then as eval/principal.ts derives them); for each key of keyTypes:
//    present:k and its family's value variable (absent keys get a default value, which no
//    formula reads: every value atom is guarded by present:k); free:<id> for each given free.
//    A multi-valued key (keyTypes.sets) gets in:k#i and the value variable of k#i for i = 1..n:
//    its distinct values in order when there are at most n; otherwise one witness per question
//    the query asks of the key that some value answers (decided by the evaluator under `frees`),
//    or any one value when none does — the exactness argument of docs/semantics.md.
//    Requests outside the symbolic model throw: several distinct values for a single-valued key
//    or a value that does not parse for its key's family — except binary keys, whose
//    undecodable text is kept as is (it equals no canonical base64, as the evaluator finds), and
//    loose keys (keyTypes.loose), whose ill-typed value sets illtyped:k (printed back as
//    `ill-typed`).
//  - assignmentToRequest(a, keyTypes, policyType): a solver model as a request. The context
//    lists every key of keyTypes, null when absent; typed values in canonical text (numbers as
//    decimals, dates as ISO 8601 UTC, IPs by formatIp, Booleans "true"/"false"); a multi-valued
//    key as the sorted, de-duplicated list of its elements in the set (null when empty).
//    Re-encoding the result gives every atom of a single-valued key the same truth value (value
//    atoms of absent keys aside) and every formula the same value (a value set's elements may
//    come back in another order).
//    For resource policies the principal is decoded from principal and principal-session, a
//    role session's role ARN goes to the context as aws:PrincipalArn, and the derived principal
//    keys are printed as the evaluator derives them.
//  - requestDomain(policyType): what every real request satisfies and a model must too (for
//    resource policies, a principal of a known kind: iam/principal.ts principalDomain).

import { actionValue } from "../iam/action.js";
import { isLoose, type KeyFamily, type KeySet, type KeyTypes } from "../iam/key-types.js";
import { elementKey, elementVar, freeVar, illTypedVar, presentVar, valueVar } from "../iam/operators.js";
import { globPattern } from "../logic/pattern.js";
import { principalDomain, principalFromView, PRINCIPAL_VAR, SESSION_VAR } from "../iam/principal.js";
import { derivedKeyRule } from "../iam/principal-keys.js";
import { withPrincipalKeys } from "./principal.js";
import { canonicalBase64, formatDate, formatIp, parseBool, parseDate, parseIp, parseNumber } from "../iam/values.js";
import { and, emptyAssignment, match, type Assignment, type Formula } from "../logic/ir.js";
import { rational, type Rational } from "../logic/rational.js";
import type { PolicyType } from "../iam/ast.js";
import { requestValues, valueMatches } from "./condition.js";
import { EvalEnv } from "./env.js";
import type { ContextValue, Request } from "../iam/request.js";
import { decimalText } from "./decimal.js";

const ZERO = rational(0n);

/** What an ill-typed value of a loose key prints as: no number, date, address or Boolean. */
const ILL_TYPED_TEXT = "ill-typed";

/** A request value as the symbolic model holds it; undefined when it does not parse for the family. */
function parsed(family: KeyFamily, text: string): string | Rational | boolean | undefined {
  switch (family) {
    case "string":
      return text;
    case "binary":
      return canonicalBase64(text) ?? text;
    case "numeric":
      return parseNumber(text);
    case "date":
      return parseDate(text);
    case "ip": {
      const v = parseIp(text);
      return v === undefined ? undefined : rational(v);
    }
    case "bool":
      return parseBool(text);
  }
}

/** parsed, or an error: the symbolic model assumes well-typed values (but for loose keys). */
function typed(family: KeyFamily, key: string, text: string): string | Rational | boolean {
  const v = parsed(family, text);
  if (v === undefined)
    throw new Error(`the request value \`${text}\` of \`${key}\` is not a ${family} value, which the symbolic model assumes`);
  return v;
}

export function requestToAssignment(request: Request, keyTypes: KeyTypes, frees?: ReadonlyMap<string, boolean>): Assignment {
  const a = emptyAssignment();
  a.strings.set("action", actionValue(request.action));
  a.strings.set("resource", request.resource);
  // The principal and its session; the principal keys as the evaluator derives them.
  const { request: derived, view } = withPrincipalKeys(request, keyTypes);
  request = derived;
  if (view !== undefined) {
    a.strings.set(PRINCIPAL_VAR, view.text);
    a.strings.set(SESSION_VAR, view.session);
  }
  for (const [key, family] of keyTypes) {
    const values = [...new Set(requestValues(request, key))];
    const set = keyTypes.sets?.get(key);
    const loose = isLoose(keyTypes, key);
    // One element's (or the key's) value; a loose key's ill-typed value sets illtyped:k instead.
    const put = (k: string, text: string | undefined) => {
      const v = text === undefined ? undefined : loose ? parsed(family, text) : typed(family, key, text);
      if (loose) a.bools.set(illTypedVar(k), text !== undefined && v === undefined);
      setValue(a, family, k, v);
    };
    if (set) {
      if (!loose) for (const v of values) typed(family, key, v); // well-typed, or throw
      const chosen = values.length <= set.elements ? values : witnesses(set, values, request, keyTypes, frees);
      a.bools.set(presentVar(key), chosen.length > 0);
      for (let i = 1; i <= set.elements; i++) {
        const text = chosen[i - 1];
        a.bools.set(elementVar(key, i), text !== undefined);
        put(elementKey(key, i), text);
      }
      continue;
    }
    if (values.length > 1)
      throw new Error(`the request gives the single-valued key \`${key}\` several values, which the symbolic model does not represent`);
    const raw = values[0];
    a.bools.set(presentVar(key), raw !== undefined);
    put(key, raw);
  }
  for (const [id, v] of frees ?? []) a.bools.set(freeVar(id), v);
  return a;
}

/** Sets the family's value variable of `key` (a default when absent: no formula reads it unguarded). */
function setValue(a: Assignment, family: KeyFamily, key: string, v: string | Rational | boolean | undefined): void {
  const name = valueVar(family, key);
  if (typeof v === "string" || (v === undefined && (family === "string" || family === "binary"))) a.strings.set(name, v ?? "");
  else if (typeof v === "boolean" || (v === undefined && family === "bool")) a.bools.set(name, v ?? false);
  else a.numbers.set(name, v ?? ZERO);
}

/**
 * At most `set.elements` values of V that answer the same questions as V: for each question
 * ∃v∈V ±M(v), one value answering it (when some does), one other than "" where one does; with a
 * spare element (EMPTY_STRING_AS_ABSENT), a value other than "" if V has one, so that V without
 * "" answers alike too; any one value when none does.
 */
function witnesses(set: KeySet, values: string[], request: Request, keyTypes: KeyTypes, frees?: ReadonlyMap<string, boolean>): string[] {
  const out = new Set<string>();
  // A value other than "" answers the question with "" read as absent too (EMPTY_STRING_AS_ABSENT).
  const ordered = [...values.filter((v) => v !== ""), ...values.filter((v) => v === "")];
  for (const q of set.questions) {
    const env = new EvalEnv({ keyTypes, frees: frees ?? new Map() }, q.variables, request);
    const w = ordered.find((v) => valueMatches(q.condition, v, request, env) === q.positive);
    if (w !== undefined) out.add(w);
  }
  // V without "" is empty exactly when the chosen values are "" alone (the spare element).
  if (set.spare && ordered[0] !== undefined && ordered[0] !== "") out.add(ordered[0]);
  if (out.size === 0 && values.length > 0) out.add(values[0]);
  return [...out];
}

function valueText(a: Assignment, family: KeyFamily, key: string): string | undefined {
  const name = valueVar(family, key);
  switch (family) {
    case "string":
    case "binary":
      return a.strings.get(name);
    case "bool": {
      const b = a.bools.get(name);
      return b === undefined ? undefined : String(b);
    }
  }
  const n = a.numbers.get(name);
  if (n === undefined) return undefined;
  if (family === "numeric") return decimalText(n);
  if (family === "date") return formatDate(n);
  return formatIp(n.num / n.den);
}

/** ILL_TYPED_TEXT when the model makes a loose key's value (or element k) ill-typed. */
function looseText(a: Assignment, keyTypes: KeyTypes, key: string, k: string): string | undefined {
  return isLoose(keyTypes, key) && a.bools.get(illTypedVar(k)) === true ? ILL_TYPED_TEXT : undefined;
}

const DEFAULT_TEXT: Record<KeyFamily, string> = {
  string: "",
  binary: "",
  numeric: "0",
  date: formatDate(ZERO),
  ip: formatIp(0n),
  bool: "false",
};

export function assignmentToRequest(
  a: Assignment,
  keyTypes: KeyTypes,
  policyType: PolicyType,
): { request: Request; frees: Map<string, boolean> } {
  const context: Record<string, ContextValue> = {};
  for (const [key, family] of keyTypes) {
    const set = keyTypes.sets?.get(key);
    if (set) {
      const texts: string[] = [];
      for (let i = 1; i <= set.elements; i++) {
        if (a.bools.get(elementVar(key, i)) === true)
          texts.push(looseText(a, keyTypes, key, elementKey(key, i)) ?? valueText(a, family, elementKey(key, i)) ?? DEFAULT_TEXT[family]);
      }
      context[key] = texts.length > 0 ? [...new Set(texts)].sort() : null;
      continue;
    }
    const text = looseText(a, keyTypes, key, key) ?? valueText(a, family, key);
    // A model assigns only the variables its formula mentions: an unassigned presence bit
    // follows whether the value was assigned.
    const present = a.bools.get(presentVar(key)) ?? text !== undefined;
    context[key] = present ? (text ?? DEFAULT_TEXT[family]) : null;
  }
  const request: Request = {
    // Unmentioned variables are unconstrained: any value in the domain will do.
    action: a.strings.get("action") ?? "s3:getobject",
    resource: a.strings.get("resource") ?? "*",
    context,
  };
  if (policyType === "RESOURCE_POLICY") {
    const text = a.strings.get(PRINCIPAL_VAR) ?? "anonymous";
    const found = principalFromView(text, a.strings.get(SESSION_VAR) ?? "session");
    if (found === undefined) throw new Error(`the model's principal \`${text}\` is outside the principal domain`);
    request.principal = found.principal;
    // A role session's ARN does not give its role's path: the context carries the role ARN.
    if (found.roleArn !== undefined && (!keyTypes.has("aws:principalarn") || derivedKeyRule("aws:principalarn", keyTypes))) {
      delete context["aws:principalarn"];
      context[keyTypes.has("aws:principalarn") ? "aws:principalarn" : "aws:PrincipalArn"] = found.roleArn;
    }
    // The principal keys are printed as the evaluator derives them from the principal.
    request.context = withPrincipalKeys(request, keyTypes).request.context;
  }
  const frees = new Map<string, boolean>();
  for (const [name, v] of a.bools) if (name.startsWith("free:")) frees.set(name.slice(5), v);
  return { request, frees };
}

export function requestDomain(policyType: PolicyType): Formula {
  const action = match("action", globPattern("?*:?*"));
  if (policyType !== "RESOURCE_POLICY") return action;
  return and(action, principalDomain());
}
