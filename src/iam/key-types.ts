// Condition-key value families: how a key's request value is compared.
// Contract: a query assigns every condition key exactly one family (keys are lower-cased); a
// condition whose operator family differs from its key's family is modelled exactly only where
// iam/condition.ts `comparison` says so (a String operator on a Bool key); otherwise it becomes a
// free construct (CONDITION_TYPE_MISMATCH). Null tests presence only and fits every family.
// `sets` (filled by encode/key-types.ts's keyTypesOf; a Map without it has no multi-valued keys)
// lists the query's multi-valued keys (iam-semantics §4.1): their request value is a set V, read
// only through finitely many questions ∃v∈V: φ(v), so `elements` = max(1, #questions) element
// variables represent every V exactly (docs/semantics.md, "Multi-valued keys").

import type { Condition } from "./ast.js";

export type KeyFamily = "string" | "numeric" | "date" | "ip" | "bool" | "binary";

/** One existential question a condition asks of a value set: ∃v∈V (positive ? M(v) : ¬M(v)). */
export interface SetQuestion {
  condition: Condition;
  /** Policy variables are recognised in the condition's policy (Version 2012-10-17). */
  variables: boolean;
  positive: boolean;
}

export interface KeySet {
  /** Number of element variables (≥ 1). */
  elements: number;
  /** One element more than the questions, for a value that is not "" (EMPTY_STRING_AS_ABSENT). */
  spare?: boolean;
  /** The distinct questions the query asks of the key's values. */
  questions: SetQuestion[];
}

/**
 * Lower-cased key → family; `sets`: the multi-valued keys among them; `loose`: the keys whose
 * values may be text of another type (a key the catalogue does not know, typed by its first
 * operator as a number, date, IP or Boolean: AWS's value for it could be any text).
 */
export type KeyTypes = Map<string, KeyFamily> & { sets?: Map<string, KeySet>; loose?: ReadonlySet<string> };

/** Does the key's value possibly not parse for its family (keyTypes.loose)? */
export function isLoose(keyTypes: KeyTypes, key: string): boolean {
  return keyTypes.loose?.has(normaliseKey(key)) ?? false;
}

export function normaliseKey(key: string): string {
  return key.toLowerCase();
}

/** The key's value set, when the query reads it as multi-valued. */
export function keySet(keyTypes: KeyTypes, key: string): KeySet | undefined {
  return keyTypes.sets?.get(normaliseKey(key));
}
