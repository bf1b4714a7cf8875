// A concrete request: what the evaluator judges and what a counterexample is.
// Contract: `action` is `service:Name` (matched case-insensitively); `resource` is an ARN or the
// literal `*` (actions without resource-level permissions); `context` maps condition key names
// (looked up case-insensitively) to a value, a list of values (multi-valued keys), or null /
// missing for an absent key. `principal` is present for resource policies only.

export type RequestPrincipal = "anonymous" | { AWS: string } | { Service: string } | { Federated: string } | { CanonicalUser: string };

export type ContextValue = string | string[] | null;

export interface Request {
  principal?: RequestPrincipal;
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

// Lower-cased views of contexts, made on first lookup (a replay looks up the same context many
// times). Contexts are built whole before they are evaluated and never change afterwards.
const lowered = new WeakMap<Record<string, ContextValue>, Map<string, ContextValue>>();

/** Looks a key up case-insensitively; undefined when absent (or null). */
export function contextValue(request: Request, key: string): string | string[] | undefined {
  let byKey = lowered.get(request.context);
  if (!byKey) {
    byKey = new Map();
    // The first spelling of a key wins, as a scan in key order would find it.
    for (const [k, v] of Object.entries(request.context)) if (!byKey.has(k.toLowerCase())) byKey.set(k.toLowerCase(), v);
    lowered.set(request.context, byKey);
  }
  const v = byKey.get(key.toLowerCase());
  return v === null || v === undefined ? undefined : v;
}
