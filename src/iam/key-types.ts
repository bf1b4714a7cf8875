// Condition-key value families: how a key's request value is compared.
// Contract: a query assigns every condition key exactly one family (keys are lower-cased); a
// condition whose operator family differs from its key's family is not modelled exactly (it
// becomes a free construct, see encode/). Null tests presence only and fits every family.

export type KeyFamily = "string" | "numeric" | "date" | "ip" | "bool" | "binary";

/** Lower-cased key name → family. */
export type KeyTypes = Map<string, KeyFamily>;

export function normaliseKey(key: string): string {
  return key.toLowerCase();
}
