// The concrete evaluator: the reference semantics every encoding is held to.
// Contract: evaluatePolicy(policy, request, options) decides, in Kleene three-valued logic,
// whether each statement applies (principal ∧ action ∧ resource ∧ every condition, §6.1) and
// what the policy decides: ExplicitDeny if some Deny statement applies, else Allow if some Allow
// applies, else ImplicitDeny; "Unknown" when three-valued logic cannot tell. Free constructs are
// "unknown" where their readings differ (their ids go to `touched`), or take `options.frees`.
// Every element of a statement whose action matches is evaluated (no short-circuit past that),
// so `touched` lists every construct whose readings differ on this request and could change a
// statement's answer. Principals are read only in resource policies.

import { actionMatcher, actionValue } from "../iam/action.js";
import type { Matcher } from "../iam/ambiguity.js";
import { resourceMatcher } from "../iam/arn.js";
import type { PrincipalView } from "../iam/principal.js";
import { variablesEnabled, type Policy, type Statement } from "../iam/ast.js";
import { evaluateCondition } from "./condition.js";
import { EvalEnv } from "./env.js";
import { principalBlock, withPrincipalKeys } from "./principal.js";
import type { Request } from "../iam/request.js";
import { triAnd, triNot, triOr } from "./tri.js";
import type { EvalOptions, PolicyEvaluation, Tri } from "./types.js";

/** A block of patterns: OR of its matchers, negated for Not-elements. */
function block(matchers: Matcher[], negated: boolean, value: string, env: EvalEnv): Tri {
  const any = triOr(matchers.map((m) => env.matches(m, value)));
  return negated ? triNot(any) : any;
}

function statementApplies(policy: Policy, s: Statement, request: Request, view: PrincipalView | undefined, env: EvalEnv): Tri {
  const parts: Tri[] = [];
  if (policy.type === "RESOURCE_POLICY" && s.principal) {
    if (view === undefined) throw new Error("a resource policy is evaluated against a request without a principal");
    parts.push(principalBlock(s.principal, view, env));
  }
  const action = block(
    s.action.patterns.map((p) => actionMatcher(p.value)),
    s.action.negated,
    actionValue(request.action),
    env,
  );
  // A statement whose action cannot match does not apply, whatever its other elements say.
  if (action === false) return false;
  parts.push(action);
  if (s.resource) {
    const matchers = s.resource.patterns.map((p) => resourceMatcher(p.value, env.variables, env.options.keyTypes));
    parts.push(block(matchers, s.resource.negated, request.resource, env));
  }
  for (const c of s.conditions) parts.push(evaluateCondition(c, request, env));
  return triAnd(parts);
}

export function evaluatePolicy(policy: Policy, request: Request, options: EvalOptions): PolicyEvaluation {
  // Resource policies: the principal keys follow from the principal (eval/principal.ts).
  const { request: r, view } =
    policy.type === "RESOURCE_POLICY" ? withPrincipalKeys(request, options.keyTypes) : { request, view: undefined };
  const env = new EvalEnv(options, variablesEnabled(policy), r);
  const statements = policy.statements.map((s) => statementApplies(policy, s, r, view, env));
  const denied = triOr(statements.filter((_, i) => policy.statements[i].effect === "Deny"));
  const allowedAny = triOr(statements.filter((_, i) => policy.statements[i].effect === "Allow"));
  const allowed = triAnd([allowedAny, triNot(denied)]);
  const decision: PolicyEvaluation["decision"] =
    denied === true
      ? "ExplicitDeny"
      : denied === "unknown"
        ? "Unknown"
        : allowedAny === true
          ? "Allow"
          : allowedAny === "unknown"
            ? "Unknown"
            : "ImplicitDeny";
  return { decision, allowed, statements, touched: env.touched };
}
