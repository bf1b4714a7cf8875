// Policy variables (iam-semantics §5): what a `${key}` reads and when the model can read it.
// Contract:
//  - A variable reads a single-valued string key: the value variable `s:<key>` and its presence
//    `present:<key>`. `variableKeyProblem` says why a key cannot be read that way — a multi-valued
//    key (AWS: "you can't use a multivalued condition key as a variable") or a key of another
//    family (how a date or a number prints is undocumented) — and the caller then makes the
//    construct UNSUPPORTED_VARIABLE_KEY instead of guessing.
//  - `variants(tokens)` splits tokens by which of their keys are present: in each variant a
//    present key's variable stays a var token (read literally: a substituted `*` is a plain
//    character), an absent key's variable becomes its default text; a variant with an absent key
//    that has no default is dropped, since such a pattern matches nothing (§5 "Policy variables
//    with no value"). The variants' guards are mutually exclusive and cover every request.
//  - `substitute(tokens, value)` is the concrete counterpart the evaluator uses: each variable
//    replaced by its request value (or default) as literal text; undefined when one has neither.

import { variablesEnabled, type Condition, type Policy } from "./ast.js";
import { messages, type FreeSpec } from "./ambiguity.js";
import { countColons, hasVariable, hasWildcard, scanGlob, splitComponents, type GlobToken } from "./glob.js";
import { keyInfo } from "./condition-keys.js";
import type { KeyTypes } from "./key-types.js";
import { OPERATORS } from "./operators.js";
import type { Pattern } from "../logic/pattern.js";

/** Multi-valued global keys (AWS's ArrayOf… types), for when the catalogue is not installed. */
export const MULTI_VALUED_KEYS: ReadonlySet<string> = new Set([
  "aws:tagkeys",
  "aws:principalorgpaths",
  "aws:calledvia",
  "aws:resourceorgpaths",
  "aws:sourceorgpaths",
  "aws:vpceorgpaths",
  "aws:principalservicenameslist",
]);

/** Global keys whose values are not strings (their printed form is undocumented), likewise. */
export const NON_STRING_KEYS: ReadonlySet<string> = new Set([
  "aws:currenttime",
  "aws:epochtime",
  "aws:tokenissuetime",
  "aws:multifactorauthage",
  "aws:multifactorauthpresent",
  "aws:securetransport",
  "aws:viaawsservice",
  "aws:principalisawsservice",
  "aws:sourceip",
]);

export function variableKeyProblem(key: string, keyTypes: KeyTypes): string | undefined {
  // `sets`: the multi-valued keys of the query, when the key-types module provides them.
  const sets = (keyTypes as { sets?: ReadonlyMap<string, unknown> }).sets;
  // The catalogue types every global and service key it knows (ArrayOf… is multi-valued).
  const info = keyInfo(key);
  if (MULTI_VALUED_KEYS.has(key) || sets?.has(key) || info.multiValued) return "is multi-valued";
  if (NON_STRING_KEYS.has(key) || (info.family !== undefined && info.family !== "string")) return "is not a string key";
  const family = keyTypes.get(key);
  if (family !== undefined && family !== "string") return `is a ${family} key in these policies`;
  return undefined;
}

/** Keys of the variables in the tokens, in order of first use. */
export function variableKeys(tokens: GlobToken[]): string[] {
  return [...new Set(tokens.flatMap((t) => (t.t === "var" ? [t.key] : [])))];
}

/** The first key of the tokens' variables with a problem, and the problem. */
export function firstKeyProblem(tokens: GlobToken[], keyTypes: KeyTypes): { key: string; problem: string } | undefined {
  for (const key of variableKeys(tokens)) {
    const problem = variableKeyProblem(key, keyTypes);
    if (problem) return { key, problem };
  }
  return undefined;
}

export interface Guard {
  key: string;
  present: boolean;
  /** A present key's value holds exactly `count` colons, or at least `count` when `atLeast`. */
  colons?: { count: number; atLeast: boolean };
}

/** Does a value satisfy a guard's colon count? */
export function colonsFit(value: string, colons: NonNullable<Guard["colons"]>): boolean {
  let n = 0;
  for (const c of value) if (c === ":") n++;
  return colons.atLeast ? n >= colons.count : n === colons.count;
}

/** A pattern valid only when its guards hold (presence of the keys its variables read). */
export type GuardedPattern = Pattern & { guards?: Guard[] };

export interface Variant {
  guards: Guard[];
  tokens: GlobToken[];
}

export function variants(tokens: GlobToken[]): Variant[] {
  if (!hasVariable(tokens)) return [{ guards: [], tokens }];
  const keys = variableKeys(tokens);
  const out: Variant[] = [];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const present = new Map(keys.map((k, i) => [k, (mask & (1 << i)) === 0]));
    const ts: GlobToken[] = [];
    let dropped = false;
    for (const t of tokens) {
      if (t.t !== "var" || present.get(t.key)) ts.push(t);
      else if (t.default !== undefined) ts.push({ t: "lit", s: t.default });
      else dropped = true;
    }
    if (!dropped) out.push({ guards: keys.map((key) => ({ key, present: present.get(key)! })), tokens: mergeLits(ts) });
  }
  return out;
}

function mergeLits(tokens: GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (t.t === "lit" && last?.t === "lit") out[out.length - 1] = { t: "lit", s: last.s + t.s };
    else if (!(t.t === "lit" && t.s === "")) out.push(t);
  }
  return out;
}

/** Each variable replaced by its value (or its default) as literal text; undefined if unresolved. */
export function substitute(tokens: GlobToken[], value: (key: string) => string | undefined): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    if (t.t !== "var") out.push(t);
    else {
      const v = value(t.key) ?? t.default;
      if (v === undefined) return undefined;
      out.push({ t: "lit", s: v });
    }
  }
  return mergeLits(out);
}

/**
 * An Arn value whose variables could move its ARN components: fewer than five literal colons and
 * a wildcard, or a wildcard in components 1–5 after a variable. Elsewhere a variable's colons
 * cannot move a wildcard between components 1–5 and the resource part, so reading the value
 * literally in place equals substituting it first and then splitting the text at its first five
 * colons (what the evaluator does); here iam/arn.ts splits by the variables' colon counts.
 */
export function arnVariableSplits(tokens: GlobToken[]): boolean {
  if (!hasVariable(tokens)) return false;
  if (countColons(tokens) < 5) return hasWildcard(tokens);
  const head = splitComponents(tokens, 5).slice(0, 5).flat();
  const firstVar = head.findIndex((t) => t.t === "var");
  return firstVar >= 0 && head.slice(firstVar).some((t) => t.t === "star" || t.t === "char");
}

/**
 * Condition-level variable constructs (String, Arn and Bool values, 2012-10-17 only): a variable
 * reading a key the model cannot read (UNSUPPORTED_VARIABLE_KEY, which frees the comparison).
 * IgnoreCase operators fold a variable's value like the rest of the text, and Arn values whose
 * components a variable could move are split by colon counts (iam/arn.ts): exact, no construct.
 */
export function conditionVariableFree(c: Condition, keyTypes: KeyTypes, text: string): FreeSpec | undefined {
  const info = OPERATORS[c.base];
  if (info.family !== "string" && info.family !== "arn" && info.family !== "bool") return undefined;
  const values = c.values.map((v) => scanGlob(v.value, true));
  if (!values.some(hasVariable)) return undefined;
  const kp = firstKeyProblem(values.flat(), keyTypes);
  if (kp) return { code: "UNSUPPORTED_VARIABLE_KEY", text, message: messages.conditionVariableKey(text, kp.key, kp.problem) };
  return undefined;
}

/**
 * Every key a variable reads where the model substitutes variables, lower-cased, in order: the
 * resource part of Resource/NotResource ARNs and String, Arn and Bool condition values of
 * 2012-10-17 policies (a superset is harmless: keyTypesOf declares these keys as strings).
 */
export function policyVariableKeys(policies: Policy[]): string[] {
  const out = new Set<string>();
  for (const p of policies) {
    if (!variablesEnabled(p)) continue;
    for (const s of p.statements) {
      for (const r of s.resource?.patterns ?? []) for (const k of variableKeys(scanGlob(r.value, true))) out.add(k);
      for (const c of s.conditions) {
        const family = OPERATORS[c.base].family;
        if (family !== "string" && family !== "arn" && family !== "bool") continue;
        for (const v of c.values) for (const k of variableKeys(scanGlob(v.value, true))) out.add(k);
      }
    }
  }
  return [...out];
}

export function boolVariableSpec(value: string): FreeSpec {
  return { code: "BOOL_VARIABLE", text: value, message: messages.boolVariable(value) };
}
