// Shapes harvested from the managed-policy corpus for the scaling generator: the action
// patterns, resource patterns and condition (operator, key, values) triples that real policies use,
// plus a few synthetic condition shapes the corpus lacks but customer policies often have
// (IpAddress aws:SourceIp, Bool aws:SecureTransport, DateLessThan aws:CurrentTime, ...).
// Contract: `harvestShapes` is deterministic for a given corpus (every list sorted, deduplicated);
// it leaves out any string with a policy variable (`${...}`), so generated policies stay in the
// regular fragment the exact engine decides (sets 1 and 2 cover variables).

export interface ConditionShape {
  operator: string;
  key: string;
  values: string[];
}

export interface Shapes {
  actions: string[];
  resources: string[];
  conditions: ConditionShape[];
}

/** Condition shapes customer policies use that AWS managed policies (almost) never do. */
export const SYNTHETIC_CONDITIONS: readonly ConditionShape[] = [
  { operator: "StringEquals", key: "aws:RequestedRegion", values: ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"] },
  { operator: "StringNotEquals", key: "aws:RequestedRegion", values: ["eu-central-1", "eu-west-1"] },
  { operator: "StringEquals", key: "aws:ResourceTag/Environment", values: ["prod", "staging", "dev"] },
  { operator: "StringLike", key: "aws:ResourceTag/Project", values: ["alpha-*", "beta-*", "team-??"] },
  { operator: "IpAddress", key: "aws:SourceIp", values: ["192.0.2.0/24", "203.0.113.0/24", "198.51.100.7/32", "10.0.0.0/8"] },
  { operator: "NotIpAddress", key: "aws:SourceIp", values: ["192.0.2.0/24", "2001:db8::/32"] },
  { operator: "Bool", key: "aws:SecureTransport", values: ["true"] },
  { operator: "Bool", key: "aws:SecureTransport", values: ["false"] },
  { operator: "BoolIfExists", key: "aws:MultiFactorAuthPresent", values: ["true"] },
  { operator: "DateLessThan", key: "aws:CurrentTime", values: ["2027-01-01T00:00:00Z", "2026-06-30T12:00:00Z"] },
  { operator: "DateGreaterThan", key: "aws:CurrentTime", values: ["2024-01-01T00:00:00Z"] },
  { operator: "NumericLessThanEquals", key: "aws:MultiFactorAuthAge", values: ["3600", "900"] },
  { operator: "StringLike", key: "s3:prefix", values: ["home/*", "public/*", "logs/2026-*"] },
  { operator: "ArnLike", key: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/Admin*", "arn:aws:iam::*:role/ci-*"] },
];

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isPlain = (s: unknown): s is string => typeof s === "string" && !s.includes("${");
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

export function harvestShapes(documents: Iterable<object>): Shapes {
  const actions = new Set<string>();
  const resources = new Set<string>();
  const conditions = new Map<string, ConditionShape>();
  for (const doc of documents) {
    for (const s of asArray((doc as { Statement?: unknown }).Statement)) {
      if (typeof s !== "object" || s === null) continue;
      const st = s as Record<string, unknown>;
      for (const a of [...asArray(st.Action), ...asArray(st.NotAction)]) if (isPlain(a)) actions.add(a);
      for (const r of [...asArray(st.Resource), ...asArray(st.NotResource)]) if (isPlain(r)) resources.add(r);
      const cond = st.Condition;
      if (typeof cond !== "object" || cond === null) continue;
      for (const [operator, block] of Object.entries(cond)) {
        if (typeof block !== "object" || block === null) continue;
        for (const [key, raw] of Object.entries(block)) {
          const values = asArray(raw);
          if (values.length === 0 || !values.every(isPlain) || key.includes("${")) continue;
          const shape = { operator, key, values: sorted(values as string[]) };
          conditions.set(JSON.stringify(shape), shape);
        }
      }
    }
  }
  for (const shape of SYNTHETIC_CONDITIONS) conditions.set(JSON.stringify(shape), shape);
  return {
    actions: sorted(actions),
    resources: sorted(resources),
    conditions: sorted(conditions.keys()).map((k) => conditions.get(k)!),
  };
}
