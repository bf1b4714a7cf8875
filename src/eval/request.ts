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

/** Looks a key up case-insensitively; undefined when absent (or null). */
export function contextValue(request: Request, key: string): string | string[] | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(request.context)) {
    if (k.toLowerCase() === lower) return v === null ? undefined : v;
  }
  return undefined;
}
