// The checks about who outside can reach a resource, with AWS's request and response shapes.
//   check-no-public-access:   ∃ request: Allows(p) ∧ ¬Restricted(request)       PASS = none exists
//   check-no-external-access: ∃ request: Allows(p) ∧ ¬InsideZone(request)       PASS = none exists
// Restricted and InsideZone are synthetic all-Deny policies (zone.ts), so the solver's query and
// the counterexample replay read them through the same encoder and evaluator as the policy.
// Statement i is at fault iff it applies to some such request that the policy allows.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { encodePolicy, encodePolicyInTurns } from "../encode/encode.js";
import { keyTypesOf } from "../encode/key-types.js";
import type { EncodeContext } from "../encode/types.js";
import { evaluatePolicy } from "../eval/evaluate.js";
import { and, not } from "../logic/ir.js";
import type { Partition } from "../iam/partitions.js";
import type { Policy } from "../iam/ast.js";
import { begin, denied, respond, untilTimeUp } from "./api.js";
import { parseDocuments } from "./documents.js";
import { NO_EXTERNAL_ACCESS, NO_PUBLIC_ACCESS } from "./messages.js";
import { turns, type Property } from "./run.js";
import type { Expired } from "../diagnostics/time-up.js";
import { triAnd, triNot, triOr } from "../eval/tri.js";
import type { CheckNoExternalAccessInput, CheckNoPublicAccessInput, CheckOptions, CheckResponse } from "./types.js";
import type { Runtime } from "./runtime.js";
import { publicRestriction, trustZone } from "./zone.js";
import { checkResourceType, checkZone } from "./inputs.js";

export { checkResourceType, checkZone } from "./inputs.js";

/** Allows(policy) ∧ no statement of `zone` applies, as a property the runner decides. */
export async function outsideProperty(
  policy: Policy,
  buildZone: (keyTypes: EncodeContext["keyTypes"]) => Policy,
  partition: Partition,
  expired?: Expired,
  nextTurn: () => Promise<void> = turns(),
): Promise<Property> {
  const zone = buildZone(keyTypesOf([policy]));
  const ctx: EncodeContext = { keyTypes: keyTypesOf([policy, zone]), frees: new Map(), expired };
  const enc = await encodePolicyInTurns(policy, ctx, nextTurn);
  const inside = encodePolicy(zone, ctx).denied;
  ctx.expired = undefined;
  return {
    policyType: "RESOURCE_POLICY",
    partition,
    keyTypes: ctx.keyTypes,
    frees: ctx.frees,
    violation: and(enc.allows, not(inside)),
    statementCount: policy.statements.length,
    canBeAtFault: (i) => policy.statements[i].effect === "Allow",
    statementAllows: (i) => enc.statements[i],
    faultContext: and(not(enc.denied), not(inside)),
    replay(request, frees) {
      const e = evaluatePolicy(policy, request, { keyTypes: ctx.keyTypes, frees });
      const z = evaluatePolicy(zone, request, { keyTypes: ctx.keyTypes, frees });
      const outside = triNot(triOr(z.statements));
      const notDenied = triNot(denied(policy, e));
      return {
        violated: triAnd([e.allowed, outside]),
        atFault: policy.statements.map((s, i) => (s.effect === "Allow" ? triAnd([e.statements[i], notDenied, outside]) : false)),
        touched: new Set([...e.touched, ...z.touched]),
      };
    },
  };
}

function parseResourcePolicy(text: unknown, expired: Expired): { policy: Policy; warnings: Diagnostic[] } {
  const { documents, warnings } = parseDocuments([{ name: "policyDocument", text }], "RESOURCE_POLICY", expired);
  return { policy: documents[0].policy, warnings };
}

export async function checkNoPublicAccess(
  input: CheckNoPublicAccessInput,
  options: CheckOptions | undefined,
  runtime: Runtime,
): Promise<CheckResponse> {
  const resourceType = checkResourceType(input?.resourceType);
  return outsideCheck(NO_PUBLIC_ACCESS, input.policyDocument, options, runtime, (policy, keyTypes) =>
    publicRestriction(policy, resourceType, keyTypes),
  );
}

export async function checkNoExternalAccess(
  input: CheckNoExternalAccessInput,
  options: CheckOptions | undefined,
  runtime: Runtime,
): Promise<CheckResponse> {
  checkResourceType(input?.resourceType);
  const { accounts, orgs } = checkZone(input);
  return outsideCheck(NO_EXTERNAL_ACCESS, input.policyDocument, options, runtime, (_policy, keyTypes) =>
    trustZone(keyTypes, accounts, orgs),
  );
}

/** A check of a resource policy against a zone built from it: parse, encode in turns, decide. */
async function outsideCheck(
  messages: typeof NO_PUBLIC_ACCESS,
  policyDocument: unknown,
  options: CheckOptions | undefined,
  runtime: Runtime,
  buildZone: (policy: Policy, keyTypes: EncodeContext["keyTypes"]) => Policy,
): Promise<CheckResponse> {
  const { partition, deadline, nextTurn, expired } = await begin(options);
  return untilTimeUp(messages, async () => {
    const { policy, warnings } = parseResourcePolicy(policyDocument, expired);
    await nextTurn(); // parsing is one synchronous step; encoding is the next
    const property = await outsideProperty(policy, (keyTypes) => buildZone(policy, keyTypes), partition, expired, nextTurn);
    return respond(property, [policy], policy, messages, warnings, deadline, runtime.solver);
  });
}
