// The principal side of a resource-policy request in the evaluator (iam-semantics §1.6, §2.3,
// §6.7, §7.1): the Principal / NotPrincipal block, and the request with its principal keys
// derived from its principal.
// Contract:
//  - withPrincipalKeys(request, keyTypes): the request's principal view (principal.ts) and the
//    request whose context holds, for every derived key of the query (principal-keys.ts) whose
//    derivation for this principal is not free, the derived value or null (absent); the
//    request's own values for those keys are overridden. Requests without a principal (identity
//    policies) are returned as they are.
//  - principalBlock: Principal = OR of its values; NotPrincipal = NOT_PRINCIPAL_LAYERS with
//    narrow = ¬OR of its values and wide = ¬(every layer of the caller — account; user, role or
//    federated user; session — is named by some value of that layer or a wildcard value). For
//    callers that are not IAM principals both readings are ¬OR.

import { freeId, type FreeSpec } from "../iam/ambiguity.js";
import type { KeyTypes } from "../iam/key-types.js";
import { matchPattern } from "../logic/pattern.js";
import {
  AWS_KINDS,
  LAYERS,
  notPrincipalLayersSpec,
  principalLayer,
  principalMatcher,
  principalView,
  type PrincipalCase,
  type PrincipalMatcher,
  type PrincipalView,
} from "../iam/principal.js";
import { derivedKeyRule } from "../iam/principal-keys.js";
import type { PrincipalBlock } from "../iam/ast.js";
import type { EvalEnv } from "./env.js";
import { contextValue, type ContextValue, type Request } from "../iam/request.js";
import { triAnd, triNot, triOr } from "./tri.js";
import type { Tri } from "./types.js";

export function withPrincipalKeys(request: Request, keyTypes: KeyTypes): { request: Request; view?: PrincipalView } {
  if (request.principal === undefined) return { request };
  const view = principalView(request.principal, contextValue(request, "aws:principalarn") ?? null);
  const derived = new Map<string, ContextValue>();
  for (const key of keyTypes.keys()) {
    const d = derivedKeyRule(key, keyTypes)?.derive(view.kind, view.text);
    if (d && d.t !== "free") derived.set(key, d.t === "value" ? d.value : null);
  }
  if (derived.size === 0) return { request, view };
  const context: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(request.context)) if (!derived.has(k.toLowerCase())) context[k] = v;
  for (const [k, v] of derived) context[k] = v;
  return { request: { ...request, context }, view };
}

/** A free construct whose readings may themselves be unknown (nested free constructs). */
function freeTri(env: EvalEnv, spec: FreeSpec, narrow: Tri, wide: Tri): Tri {
  if (narrow !== "unknown" && wide !== "unknown") return env.free(spec, narrow, wide);
  env.touched.add(freeId(spec));
  const f: Tri = env.options.frees ? (env.options.frees.get(freeId(spec)) ?? false) : "unknown";
  return triOr([narrow, triAnd([wide, f])]);
}

function casesMatch(cases: PrincipalCase[], view: PrincipalView): boolean {
  return cases.some((c) => matchPattern(c.p, view.text) && (c.s === undefined || matchPattern(c.s, view.session)));
}

function valueMatches(m: PrincipalMatcher, view: PrincipalView, env: EvalEnv): Tri {
  if (m.kind === "exact") return casesMatch(m.cases, view);
  return env.free(m.spec, casesMatch(m.narrow, view), casesMatch(m.wide, view));
}

export function principalBlock(block: PrincipalBlock, view: PrincipalView, env: EvalEnv): Tri {
  const matchers = block.values.map(principalMatcher);
  const named = triOr(matchers.map((m) => valueMatches(m, view, env)));
  if (!block.negated) return named;
  const kind = view.kind;
  let layered = named;
  if ((AWS_KINDS as readonly string[]).includes(kind)) {
    const layers = block.values.map(principalLayer);
    layered = triAnd(
      LAYERS[kind as (typeof AWS_KINDS)[number]].map((layer) =>
        triOr(matchers.map((m, i) => (layers[i] === layer || layers[i] === "any" ? valueMatches(m, view, env) : false))),
      ),
    );
  }
  return freeTri(env, notPrincipalLayersSpec(block.values), triNot(named), triNot(layered));
}
