// The whole question of a check, asked with no rewrite, for the check-level cross-check: the
// policies encoded as they are (no slicing), the violation written from the encodings' `allows`
// (not from the check's own assembly), the principal-variable ties conjoined as a fact (not split
// into cases), the request domain conjoined, and the exact finite engine alone deciding it (no
// literal split, no var-token abstraction, no Z3). A formula with var tokens is outside that
// engine's fragment: "unsupported", which the caller counts and does not compare.

import { accessFormula, parseAccess } from "../../src/checks/access.js";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { principalVariableTies } from "../../src/encode/principal.js";
import { realRequests } from "../../src/encode/real-requests.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { varsOf } from "../../src/encode/vars.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, not, type Formula } from "../../src/logic/ir.js";
import type { Policy, PolicyType } from "../../src/iam/ast.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { createFiniteEngine } from "../../src/solve/finite/index.js";

const finite = createFiniteEngine({ strict: true });

export type WholeVerdict = "PASS" | "FAIL" | "UNKNOWN" | "UNSUPPORTED";

function parse(text: string, type: PolicyType): Policy {
  const p = parsePolicy(text, type).policy;
  if (!p) throw new Error(`the cross-check's document does not parse: ${text}`);
  return p;
}

async function decideWhole(violation: Formula, type: PolicyType, ctx: EncodeContext, timeoutMs: number): Promise<WholeVerdict> {
  const tied = type === "RESOURCE_POLICY" ? and(violation, principalVariableTies(violation, ctx.keyTypes)) : violation;
  const query = and(tied, realRequests(tied, { policyType: type, keyTypes: ctx.keyTypes, partition: "aws" }));
  const vars = varsOf(query);
  if (!finite.supports(query, vars)) return "UNSUPPORTED";
  const r = await finite.solve(query, vars, { timeoutMs });
  if (r.status === "unsat") return "PASS";
  if (r.status === "unknown") return "UNKNOWN";
  // The engine's model must satisfy the question it was asked.
  if (!evaluateFormula(query, r.model)) throw new Error("the exact engine's model does not satisfy the whole question");
  return "FAIL";
}

/** check-no-new-access on the whole question: some request the new policy allows and the existing one does not. */
export function noNewAccessWhole(existing: string, updated: string, type: PolicyType, timeoutMs = 10_000): Promise<WholeVerdict> {
  const [o, n] = [parse(existing, type), parse(updated, type)];
  const ctx: EncodeContext = { keyTypes: keyTypesOf([o, n]), frees: new Map() };
  const old = encodePolicy(o, ctx);
  const neu = encodePolicy(n, ctx);
  return decideWhole(and(neu.allows, not(old.allows)), type, ctx, timeoutMs);
}

/** check-access-not-granted on the whole question: some request of the access the policy allows. */
export function accessNotGrantedWhole(policy: string, actions: string[], type: PolicyType, timeoutMs = 10_000): Promise<WholeVerdict> {
  const p = parse(policy, type);
  const ctx: EncodeContext = { keyTypes: keyTypesOf([p]), frees: new Map() };
  const { patterns } = parseAccess([{ actions }]);
  return decideWhole(and(encodePolicy(p, ctx).allows, accessFormula(patterns)), type, ctx, timeoutMs);
}
