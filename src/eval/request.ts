// A concrete request: what the evaluator judges and what a counterexample is.
// Contract: `action` is `service:Name` (matched case-insensitively); `resource` is an ARN or the
// literal `*` (actions without resource-level permissions); `context` maps condition key names
// (looked up case-insensitively) to a value, a list of values (multi-valued keys), or null /
// missing for an absent key. `principal` is present for resource policies only.

export type RequestPrincipal =
  | "anonymous"
  | { AWS: string }
  | { Service: string }
  | { Federated: string }
  | { CanonicalUser: string };

export type ContextValue = string | string[] | null;

export interface Request {
  principal?: RequestPrincipal;
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

// Lower-cased views of contexts, made on first lookup (a replay looks up the same context many
// times). A context gains no keys once it is evaluated; the key count guards against that.
const lowered = new WeakMap<Record<string, ContextValue>, { size: number; byKey: Map<string, ContextValue> }>();

/** Looks a key up case-insensitively; undefined when absent (or null). */
export function contextValue(request: Request, key: string): string | string[] | undefined {
  const keys = Object.keys(request.context);
  let view = lowered.get(request.context);
  if (!view || view.size !== keys.length) {
    const byKey = new Map<string, ContextValue>();
    // The first spelling of a key wins, as a scan in key order would find it.
    for (const k of keys) if (!byKey.has(k.toLowerCase())) byKey.set(k.toLowerCase(), request.context[k]);
    lowered.set(request.context, (view = { size: keys.length, byKey }));
  }
  const v = view.byKey.get(key.toLowerCase());
  return v === null || v === undefined ? undefined : v;
}
