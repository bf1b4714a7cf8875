// The free constructs: every place where the model does not fix one meaning, by stable code.
// Contract: a free construct is identified by `<CODE>|<text>` (the construct's policy text), so
// the same construct in two policies of one query is one free variable; narrow ⊆ wide always
// holds (a narrow reading matches no request the wide one rejects), except for
// EMPTY_STRING_AS_ABSENT, whose two readings are unordered and chosen by its free (EvalEnv.choose,
// EncodeEnv.choose). Each code is a place where
// AWS's documents disagree or say nothing; docs/semantics.md gives each one's readings and why.
// Messages are one lowercase sentence, policy text in backticks, no final period.

import type { Pattern } from "../logic/pattern.js";

export const FREE_CODES = [
  "ACTION_SERVICE_WILDCARD",
  "RESOURCE_SERVICE_WILDCARD",
  "RESOURCE_TYPE_WILDCARD",
  "SHORT_ARN_PATTERN",
  "AWS_STAR_PRINCIPAL",
  "PRINCIPAL_PARTIAL_WILDCARD",
  "USER_PRINCIPAL_FEDERATED_SESSIONS",
  "NOT_PRINCIPAL_LAYERS",
  "ARN_CONDITION_SHORT_PATTERN",
  "RESOURCE_VARIABLE_POSITION",
  "BOOL_VARIABLE",
  "UNSUPPORTED_VARIABLE_KEY",
  "CONDITION_TYPE_MISMATCH",
  "PLAIN_OPERATOR_ON_MULTIVALUED_KEY",
  "FORANYVALUE_IFEXISTS_MISSING_KEY",
  "SET_OPERATOR_NULL",
  "EMPTY_STRING_AS_ABSENT",
  "ILL_TYPED_VALUE",
  "UNICODE_CASE_FOLDING",
] as const;

export type FreeCode = (typeof FREE_CODES)[number];

/** A free construct as the matchers describe it: its identity and its human wording. */
export interface FreeSpec {
  code: FreeCode;
  /** The construct's policy text; part of the id. */
  text: string;
  message: string;
}

/** A free construct as a check reports it (encode/types.ts EncodeContext collects them by id). */
export interface FreeConstruct {
  id: string;
  /** Stable UPPER_SNAKE code, e.g. RESOURCE_SERVICE_WILDCARD or CONDITION_TYPE_MISMATCH. */
  code: string;
  /** One sentence naming the construct and its readings, with the policy text in backticks. */
  message: string;
  /**
   * The formulas read only the narrow reading: the wide one is not modelled exactly, so no
   * PASS can be proved while the construct is in the question (checks/run.ts answers UNKNOWN).
   */
  onlyNarrow?: true;
}

/** Free constructs by id. */
export type FreeRegistry = Map<string, FreeConstruct>;

export function freeId(spec: { code: FreeCode; text: string }): string {
  return `${spec.code}|${spec.text}`;
}

export function freeConstruct(spec: FreeSpec): FreeConstruct {
  return { id: freeId(spec), code: spec.code, message: spec.message };
}

/**
 * What a pattern-like policy element (an action, a resource, a principal value, an ARN condition
 * value) matches on its string variable: one fixed set of patterns (OR; empty = nothing), or a
 * free construct with a narrow and a wide set.
 */
export type Matcher = { kind: "exact"; patterns: Pattern[] } | { kind: "free"; spec: FreeSpec; narrow: Pattern[]; wide: Pattern[] };

export const NOTHING: Matcher = { kind: "exact", patterns: [] };

export function exact(...patterns: Pattern[]): Matcher {
  return { kind: "exact", patterns };
}

/**
 * EMPTY_STRING_AS_ABSENT for a key (§10.7): one free per key, shared by every reader of the key —
 * its conditions (every operator) and the policy variables that substitute its value — so a
 * present `""` is a value for all of them or absent for all of them (docs/semantics.md).
 */
export function emptyStringKeySpec(key: string): FreeSpec {
  const k = key.toLowerCase();
  return { code: "EMPTY_STRING_AS_ABSENT", text: JSON.stringify({ emptyString: k }), message: messages.emptyStringAsAbsent(key) };
}

// ---- Messages, one builder per code (the construct text goes in backticks). ----

export const messages = {
  actionServiceWildcard: (text: string, prefix: string) =>
    `the action \`${text}\` has a wildcard in its service prefix, which AWS does not document: ` +
    `read narrowly with \`${prefix}\` as a literal prefix, widely as a glob over the whole action`,
  resourceServiceWildcard: (text: string) =>
    `the resource \`${text}\` has a wildcard in the service segment, which AWS says is not allowed ` +
    `(read literally in the narrow reading) while Access Analyzer treats it as effective (the wide one)`,
  resourceTypeWildcard: (text: string) =>
    `the resource \`${text}\` has a wildcard in its resource-type prefix, which AWS says is not ` +
    `allowed: read narrowly with the prefix's wildcards as literal characters, widely as a glob`,
  shortArnPattern: (text: string) =>
    `the resource \`${text}\` is an ARN pattern with fewer than six components, which AWS does not ` +
    `document: read narrowly as matching nothing, widely as a glob over the whole resource`,
  resourceVariablePosition: (text: string) =>
    `the resource \`${text}\` has a policy variable outside the resource part of an ARN, where AWS ` +
    `does not support one: read narrowly as matching nothing, widely as a glob with each variable as \`*\``,
  resourceVariableKey: (text: string, key: string, problem: string) =>
    `the resource \`${text}\` reads the variable \`${key}\`, which ${problem}, so the text AWS ` +
    `substitutes is undocumented: read narrowly as matching nothing, widely as a glob with each ` +
    `variable as \`*\``,
  awsStarPrincipal: () =>
    `the principal \`{"AWS": "*"}\` matches every AWS principal and anonymous callers, and in the ` +
    `wide reading (the CDK docs say some services differ) every other principal too`,
  principalPartialWildcard: (text: string) =>
    `the principal \`${text}\` has a partial wildcard, which AWS does not support: read narrowly ` +
    `as matching nothing, widely as a glob`,
  userFederatedSessions: (text: string) =>
    `the principal \`${text}\` also reaches the user's GetFederationToken sessions, whose ARNs do ` +
    `not name the user: read narrowly as the user only, widely as the user and every ` +
    `federated-user session of its account`,
  notPrincipalLayers: (text: string) =>
    `the exclusions \`${text}\` might be checked layer by layer (account, then user or role, then ` +
    `session; AWS says "might"): read ` +
    `narrowly as excluding every caller a listed value names, widely as excluding only callers ` +
    `whose every layer is listed`,
  arnConditionShortPattern: (text: string) =>
    `the ARN condition value \`${text}\` has fewer than six components: read narrowly with ` +
    `wildcards that stop at colons, widely as a plain glob`,
  conditionVariableKey: (text: string, key: string, problem: string) =>
    `the condition \`${text}\` reads the variable \`${key}\`, which ${problem}, so the text AWS ` +
    `substitutes is undocumented: on a request with the condition's key, its values read ` +
    `narrowly as matching no value, widely as matching every value`,
  boolVariable: (text: string) =>
    `the Bool value \`${text}\` is a policy variable, which AWS's operator page supports and its ` +
    `variables page does not: read narrowly as the literal text (matching nothing), widely with ` +
    `the variable substituted`,
  typeMismatch: (text: string, opFamily: string, keyFamily: string) =>
    `the condition \`${text}\` compares a ${keyFamily} key with a ${opFamily} operator, for ` +
    `which AWS documents no coercion: on a request with the key, its values read narrowly as ` +
    `matching no value, widely as matching every value`,
  plainOnMultiValued: (text: string) =>
    `the condition \`${text}\` applies a plain operator to a multi-valued key, which AWS does not ` +
    `document: read narrowly as false (a set operator is required), widely as some value matching ` +
    `(positive operators) or no value matching (negated ones)`,
  forAnyValueIfExists: (text: string) =>
    `the condition \`${text}\` combines ForAnyValue with IfExists, whose value on a missing key ` +
    `AWS does not settle: read narrowly as false, widely as true (the IfExists rule)`,
  illTypedValue: (operator: string, key: string) =>
    `the operator \`${operator}\` on \`${key}\`, a key the catalogue does not know, may meet a ` +
    `value it cannot read, which AWS does not document: read narrowly as matching no value, ` +
    `widely as matching every value`,
  emptyStringAsAbsent: (key: string) =>
    `the key \`${key}\` may hold a present empty string, which AWS may read as no value (it calls an ` +
    `empty value null, and says set operators read an empty string as an empty set; for Null and the ` +
    `other operators it does not say): read, alike for every operator, with the empty string as a ` +
    `value or as absent`,
  unicodeCaseFolding: () =>
    `the IgnoreCase operators fold case in a way AWS does not document: read narrowly as ASCII ` +
    `folding (A–Z only), widely as Unicode simple case folding (\`É\` as \`é\`, \`ſ\` as \`s\`, the ` +
    `Kelvin sign as \`k\`), one reading for every IgnoreCase value`,
  setOperatorNull: (text: string, forAll: boolean) =>
    `the condition \`${text}\` qualifies Null with a set operator, which AWS calls always ` +
    (forAll ? "true" : "false") +
    `: read narrowly as ` +
    (forAll ? "plain Null, widely as true" : "false, widely as plain Null"),
};
