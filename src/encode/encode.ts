// The encoder: a policy as formulas over the request variables, mirroring eval/evaluate.ts.
// Contract: statements[i] holds exactly when statement i applies to the request (principal ∧
// action ∧ resource ∧ every condition, iam-semantics §6.1); denied = OR of the Deny statements;
// allows = OR of the Allow statements ∧ ¬denied. Free constructs become
// `narrow ∨ (wide ∧ free:<id>)` and are registered in ctx.frees. For every request the model
// represents (single-valued, well-typed context) and every frees assignment, each formula's value
// under eval/request-view.ts's assignment equals evaluate.ts's two-valued answer: the differential
// test in test/encode holds the two to that.

import { actionMatcher } from "../iam/action.js";
import type { Matcher } from "../iam/ambiguity.js";
import { resourceMatcher } from "../iam/arn.js";
import { and, not, or, type Formula } from "../logic/ir.js";
import { variablesEnabled, type Policy, type Statement } from "../iam/ast.js";
import { checkTime } from "../diagnostics/time-up.js";
import { encodeCondition } from "./condition.js";
import { EncodeEnv } from "./env.js";
import { encodePrincipalBlock, tiePrincipalKeys } from "./principal.js";
import type { EncodeContext, EncodedPolicy } from "./types.js";

function block(matchers: Matcher[], negated: boolean, v: string, env: EncodeEnv): Formula {
  const any = or(...matchers.map((m) => env.matches(m, v)));
  return negated ? not(any) : any;
}

function encodeStatement(policy: Policy, s: Statement, env: EncodeEnv): Formula {
  const parts: Formula[] = [];
  if (policy.type === "RESOURCE_POLICY" && s.principal) {
    parts.push(encodePrincipalBlock(s.principal, env));
  }
  parts.push(
    block(
      s.action.patterns.map((p) => actionMatcher(p.value)),
      s.action.negated,
      "action",
      env,
    ),
  );
  if (s.resource) {
    const matchers = s.resource.patterns.map((p) => resourceMatcher(p.value, env.variables, env.ctx.keyTypes));
    parts.push(block(matchers, s.resource.negated, "resource", env));
  }
  for (const c of s.conditions) parts.push(encodeCondition(c, env));
  return and(...parts);
}

export function encodePolicy(policy: Policy, ctx: EncodeContext): EncodedPolicy {
  const env = new EncodeEnv(ctx, variablesEnabled(policy));
  const statements = policy.statements.map((s, i) => {
    if (i % 64 === 63) checkTime(ctx.expired, "encoding the policy");
    return encodeOne(policy, s, env, ctx);
  });
  return assemble(policy, statements);
}

/**
 * `encodePolicy`, letting other work run (`turn`) every STATEMENTS_PER_TURN statements: a check
 * encoding a large policy must not hold up the checks running beside it (issue 11).
 */
export async function encodePolicyInTurns(policy: Policy, ctx: EncodeContext, turn: () => Promise<void>): Promise<EncodedPolicy> {
  const env = new EncodeEnv(ctx, variablesEnabled(policy));
  const statements: Formula[] = [];
  for (const [i, s] of policy.statements.entries()) {
    if (i % STATEMENTS_PER_TURN === STATEMENTS_PER_TURN - 1) {
      await turn();
      checkTime(ctx.expired, "encoding the policy");
    }
    statements.push(encodeOne(policy, s, env, ctx));
  }
  return assemble(policy, statements);
}

const STATEMENTS_PER_TURN = 64;

// Resource policies: the principal keys are facts about the principal (encode/principal.ts).
function encodeOne(policy: Policy, s: Statement, env: EncodeEnv, ctx: EncodeContext): Formula {
  const f = encodeStatement(policy, s, env);
  return policy.type === "RESOURCE_POLICY" ? tiePrincipalKeys(f, ctx.keyTypes) : f;
}

function assemble(policy: Policy, statements: Formula[]): EncodedPolicy {
  const denied = or(...statements.filter((_, i) => policy.statements[i].effect === "Deny"));
  const allowedAny = or(...statements.filter((_, i) => policy.statements[i].effect === "Allow"));
  return { allows: and(allowedAny, not(denied)), denied, statements };
}
